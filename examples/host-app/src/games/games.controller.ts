import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { RustySocksService } from 'rusty-socks';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { ChatActivityListener } from './chat-activity.listener';

/**
 * The game's back office over REST, behind its own API key. It reaches WebSocket clients through
 * `RustySocksService`; a refusal (an unknown room) answers 404 with the protocol `code` in the body.
 */
@Controller('games')
@UseGuards(ApiKeyGuard)
export class GamesController {
  constructor(
    private readonly sockets: RustySocksService,
    private readonly activity: ChatActivityListener,
  ) {}

  /** Publishes a `game_event` to everyone in the room. */
  @Post(':roomId/events')
  @HttpCode(204)
  async publish(@Param('roomId') roomId: string, @Body() body: { text?: unknown }): Promise<void> {
    await this.sockets.sendToRoom(roomId, { type: 'game_event', room_id: roomId, text: String(body.text ?? '') });
  }

  /** Who is in the room, and how many chat messages it has seen since the app started. */
  @Get(':roomId')
  async room(@Param('roomId') roomId: string) {
    const players = await this.sockets.presence(roomId);
    return { room_id: roomId, players: players.map((p) => p.id), chat_messages: this.activity.messagesIn(roomId) };
  }
}
