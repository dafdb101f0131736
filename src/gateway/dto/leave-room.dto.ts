import { IsString } from 'class-validator';
import { InboundMessageDto } from './inbound-message.dto';
import { IsRoomId } from './validators';

/** `leave_room` */
export class LeaveRoomDto extends InboundMessageDto {
  @IsString()
  @IsRoomId()
  room_id!: string;
}
