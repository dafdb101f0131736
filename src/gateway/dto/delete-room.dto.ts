import { IsString } from 'class-validator';
import { InboundMessageDto } from './inbound-message.dto';
import { IsRoomId } from './validators';

/** `delete_room` */
export class DeleteRoomDto extends InboundMessageDto {
  @IsString()
  @IsRoomId()
  room_id!: string;
}
