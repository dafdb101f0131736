import { IsString } from 'class-validator';
import { InboundMessageDto } from './inbound-message.dto';
import { IsRoomId } from './validators';

/** `room_message` (content rules are the content policy's: `INVALID_MESSAGE`). */
export class RoomMessageDto extends InboundMessageDto {
  @IsString()
  @IsRoomId()
  room_id!: string;

  @IsString()
  content!: string;
}
