import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ROOM_PASSWORD_MAX } from '../../rooms/rooms.constants';
import { InboundMessageDto } from './inbound-message.dto';
import { IsRecoveryPosition, IsRoomId } from './validators';

/** `join_room` */
export class JoinRoomDto extends InboundMessageDto {
  @IsString()
  @IsRoomId()
  room_id!: string;

  @IsOptional()
  @IsString()
  @MaxLength(ROOM_PASSWORD_MAX)
  password?: string | null;

  @IsOptional()
  @IsRecoveryPosition()
  since?: { offset: number; epoch: string } | null;
}
