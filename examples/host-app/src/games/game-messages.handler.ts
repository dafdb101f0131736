import { Injectable } from '@nestjs/common';
import { MessageBody } from '@nestjs/websockets';
import { ClientConnection, CurrentConnection, ErrorCode, Permission, ProtocolException, RustySocksMessage, RustySocksService } from 'rusty-socks';
import { GameMoveDto, GameStartDto } from './game-move.dto';

/**
 * The game's own WebSocket message types. Rusty Socks runs its pipeline before each method: an
 * authenticated connection, the rate limit, the permission in `room_id` (a room the player cannot see
 * is `ROOM_NOT_FOUND`), the DTO's validation (`INVALID_PAYLOAD` with `details`); a `ProtocolException`
 * thrown here becomes an `error` frame, and what a method returns is the reply (with the `request_id`).
 */
@Injectable()
export class GameMessagesHandler {
  constructor(private readonly sockets: RustySocksService) {}

  @RustySocksMessage('game_move', { permission: Permission.SendMessages, rateLimit: 'chat' })
  async move(@CurrentConnection() connection: ClientConnection, @MessageBody() move: GameMoveDto) {
    if (!connection.rooms.has(move.room_id)) throw new ProtocolException(ErrorCode.NotAMember, `Join room ${move.room_id} to play in it`);
    const by = connection.principal.userId;
    await this.sockets.sendToRoom(move.room_id, { type: 'game_moved', room_id: move.room_id, x: move.x, y: move.y, by });
    return { type: 'success', message: 'Move played', data: { room_id: move.room_id, x: move.x, y: move.y } };
  }

  @RustySocksMessage('game_start', { permission: Permission.ManageRoom, rateLimit: 'rooms' })
  async start(@MessageBody() dto: GameStartDto) {
    await this.sockets.sendToRoom(dto.room_id, { type: 'game_started', room_id: dto.room_id });
    return { type: 'success', message: 'Game started', data: { room_id: dto.room_id } };
  }
}
