import { ModerationTargetDto } from './moderation-target.dto';

/** `unban_user` */
export class UnbanUserDto extends ModerationTargetDto {}
