import { IsString } from 'class-validator';
import { ModerationTargetDto } from './moderation-target.dto';
import { IsRole } from './validators';

/** `set_user_role` (the role in any case; `INVALID_ROLE` otherwise). */
export class SetUserRoleDto extends ModerationTargetDto {
  @IsString()
  @IsRole()
  role!: string;
}
