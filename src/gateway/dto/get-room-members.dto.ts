import { IsString } from 'class-validator';
import { InboundMessageDto } from './inbound-message.dto';
import { IsRoomId } from './validators';

/** `get_room_members` */
export class GetRoomMembersDto extends InboundMessageDto {
  @IsString()
  @IsRoomId()
  room_id!: string;
}
