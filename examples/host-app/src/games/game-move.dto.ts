import { IsInt, IsString, Max, Min } from 'class-validator';
import { InboundMessageDto, IsRoomId } from 'rusty-socks';

/** `{"type":"game_move","room_id":"…","x":3,"y":4}`: a move on the 8×8 board of a room's game. */
export class GameMoveDto extends InboundMessageDto {
  @IsString()
  @IsRoomId()
  room_id!: string;

  @IsInt()
  @Min(0)
  @Max(7)
  x!: number;

  @IsInt()
  @Min(0)
  @Max(7)
  y!: number;
}

/** `{"type":"game_start","room_id":"…"}`: (re)starts the room's game; the room's Owner only. */
export class GameStartDto extends InboundMessageDto {
  @IsString()
  @IsRoomId()
  room_id!: string;
}
