import { IsString, Length } from 'class-validator';
import { InboundMessageDto } from './inbound-message.dto';
import { IsRoomId } from './validators';

/** `delete_message` (message ids are the server's UUIDs; 64 leaves room for other id schemes). */
export class DeleteMessageDto extends InboundMessageDto {
  @IsString()
  @IsRoomId()
  room_id!: string;

  @IsString()
  @Length(1, 64)
  message_id!: string;
}
