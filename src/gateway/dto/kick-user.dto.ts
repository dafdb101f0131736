import { ModerationTargetDto } from './moderation-target.dto';

/** `kick_user` */
export class KickUserDto extends ModerationTargetDto {}
