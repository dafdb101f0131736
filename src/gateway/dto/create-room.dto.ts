import { IsBoolean, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { MAX_MEMBERS_LIMIT, ROOM_PASSWORD_MAX } from '../../rooms/rooms.constants';
import { InboundMessageDto } from './inbound-message.dto';
import { IsRoomName } from './validators';

/** `create_room` */
export class CreateRoomDto extends InboundMessageDto {
  @IsString()
  @IsRoomName()
  name!: string;

  @IsOptional()
  @IsBoolean()
  is_private?: boolean | null;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_MEMBERS_LIMIT)
  max_members?: number | null;

  @IsOptional()
  @IsString()
  @Length(1, ROOM_PASSWORD_MAX)
  password?: string | null;
}
