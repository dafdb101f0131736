import { IsNumber, IsOptional, IsPositive, Max } from 'class-validator';
import { MAX_MUTE_MINUTES } from '../../moderation/moderation.constants';
import { ModerationTargetDto } from './moderation-target.dto';

/** `mute_user`: `duration_minutes` null or absent mutes until `unmute_user`. */
export class MuteUserDto extends ModerationTargetDto {
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(MAX_MUTE_MINUTES)
  duration_minutes?: number | null;
}
