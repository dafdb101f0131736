import { ModerationTargetDto } from './moderation-target.dto';

/** `unmute_user` */
export class UnmuteUserDto extends ModerationTargetDto {}
