import { IsString, Length } from 'class-validator';
import { MAX_SUBJECT_LENGTH } from '../../auth/auth.constants';
import { InboundMessageDto } from './inbound-message.dto';
import { IsRoomId } from './validators';

/** What every moderation action on a user names: the room and the user id (a token's `sub`). */
export abstract class ModerationTargetDto extends InboundMessageDto {
  @IsString()
  @IsRoomId()
  room_id!: string;

  @IsString()
  @Length(1, MAX_SUBJECT_LENGTH)
  user_id!: string;
}
