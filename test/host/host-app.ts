import { Body, Controller, Get, HttpCode, Injectable, Module, OnModuleDestroy, OnModuleInit, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessageBody } from '@nestjs/websockets';
import { IsInt, IsString, Max, Min } from 'class-validator';
import {
  ClientConnection,
  CurrentConnection,
  InboundMessageDto,
  IsRoomId,
  Permission,
  RustySocksEventMap,
  RustySocksEvents,
  RustySocksMessage,
  RustySocksModule,
  RustySocksService,
  RustySocksWsAdapter,
} from '../../src';
import { listenForTests, TestServer, testLogger } from '../support';

/** The host's own message: a move on a board in a room. */
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

export class GameResetDto extends InboundMessageDto {
  @IsString()
  @IsRoomId()
  room_id!: string;
}

/** A host provider handling its own message types through Rusty Socks' pipeline. */
@Injectable()
export class GameHandlers {
  @RustySocksMessage('game_move', { permission: Permission.SendMessages, rateLimit: 'chat' })
  move(@CurrentConnection() connection: ClientConnection, @MessageBody() dto: GameMoveDto) {
    return { type: 'game_moved', room_id: dto.room_id, x: dto.x, y: dto.y, by: connection.principal.userId };
  }

  @RustySocksMessage('game_reset', { permission: Permission.ManageRoom, rateLimit: 'rooms' })
  reset(@MessageBody() dto: GameResetDto) {
    return { type: 'game_reset_done', room_id: dto.room_id };
  }
}

/** A host provider listening to the domain events. */
@Injectable()
export class GameEventLog implements OnModuleInit, OnModuleDestroy {
  readonly messages: RustySocksEventMap['message.sent'][] = [];
  readonly joins: RustySocksEventMap['room.joined'][] = [];
  readonly moderation: RustySocksEventMap['moderation.action'][] = [];
  private readonly off: (() => void)[] = [];

  constructor(private readonly events: RustySocksEvents) {}

  onModuleInit(): void {
    this.off.push(
      this.events.on('message.sent', (e) => void this.messages.push(e)),
      this.events.on('room.joined', (e) => void this.joins.push(e)),
      this.events.on('moderation.action', (e) => void this.moderation.push(e)),
    );
  }

  onModuleDestroy(): void {
    for (const off of this.off) off();
  }
}

/** The host's HTTP face, talking to WebSocket clients through `RustySocksService`. */
@Controller('game')
export class GameController {
  constructor(private readonly sockets: RustySocksService) {}

  @Post('rooms/:roomId/announce')
  @HttpCode(204)
  async announce(@Param('roomId') roomId: string, @Body() body: { text: string }): Promise<void> {
    await this.sockets.sendToRoom(roomId, body.text);
  }

  @Post('users/:userId/notify')
  notify(@Param('userId') userId: string, @Body() body: Record<string, unknown>): { delivered: number } {
    return { delivered: this.sockets.sendToUser(userId, { type: 'game_notice', ...body }) };
  }

  @Post('connections/:connectionId/notify')
  async notifyConnection(@Param('connectionId') connectionId: string, @Body() body: Record<string, unknown>): Promise<{ delivered: boolean }> {
    return { delivered: await this.sockets.sendToConnection(connectionId, { type: 'game_notice', ...body }) };
  }

  @Post('rooms/:roomId/kick/:userId')
  @HttpCode(204)
  async kick(@Param('roomId') roomId: string, @Param('userId') userId: string): Promise<void> {
    await this.sockets.kick(roomId, userId);
  }

  @Post('rooms/:roomId/ban/:userId')
  ban(@Param('roomId') roomId: string, @Param('userId') userId: string) {
    return this.sockets.ban(roomId, userId, 1);
  }

  @Get('rooms/:roomId/presence')
  presence(@Param('roomId') roomId: string) {
    return this.sockets.presence(roomId);
  }
}

/** The host's own feature module: it imports nothing from Rusty Socks (the module is global). */
@Module({ providers: [GameHandlers, GameEventLog], controllers: [GameController] })
export class GameModule {}

/** A host app started on 127.0.0.1 and a free port, with its `GameEventLog`. */
export interface HostServer extends TestServer {
  log: GameEventLog;
}

/** Boots a host app that imports `RustySocksModule.forRoot` next to its own `GameModule`. */
export async function startHostApp(secret: string): Promise<HostServer> {
  @Module({ imports: [RustySocksModule.forRoot({ jwtSecret: secret, host: '127.0.0.1', port: 0 }), GameModule] })
  class HostAppModule {}

  const app = await NestFactory.create(HostAppModule, { logger: testLogger(), abortOnError: false });
  app.useWebSocketAdapter(new RustySocksWsAdapter(app));
  return { ...(await listenForTests(app)), log: app.get(GameEventLog) };
}
