import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { HISTORY_PAGE_MAX } from '../../rooms/rooms.constants';
import { InboundMessageDto } from './inbound-message.dto';
import { IsRoomId } from './validators';

/** `get_history`: the newest `limit` messages (default 50) before offset `before` (exclusive; absent: the newest). */
export class GetHistoryDto extends InboundMessageDto {
  @IsString()
  @IsRoomId()
  room_id!: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(HISTORY_PAGE_MAX)
  limit?: number | null;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  before?: number | null;
}
