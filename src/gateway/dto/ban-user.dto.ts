import { IsNumber, IsOptional, IsPositive, Max } from 'class-validator';
import { MAX_BAN_HOURS } from '../../moderation/moderation.constants';
import { ModerationTargetDto } from './moderation-target.dto';

/** `ban_user`: `duration_hours` null or absent bans permanently. */
export class BanUserDto extends ModerationTargetDto {
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(MAX_BAN_HOURS)
  duration_hours?: number | null;
}
