import { INestApplicationContext } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import type { MessageMappingProperties } from '@nestjs/websockets';
import type { WebSocket } from 'ws';
import { WsTransportService } from './ws-transport.service';

/**
 * Nest's `ws` adapter with Rusty Socks' transport: handshake admission, frame limits, and frames of
 * one connection handled strictly in order (Nest's adapter runs them concurrently, so replies could
 * overtake each other). Install it with `app.useWebSocketAdapter(new RustySocksWsAdapter(app))`.
 */
export class RustySocksWsAdapter extends WsAdapter {
  private transportService?: WsTransportService;

  constructor(private readonly app: INestApplicationContext) {
    super(app);
  }

  override create(port: number, options: Record<string, unknown> = {}): unknown {
    return super.create(port, { ...options, ...this.transport().serverOptions() });
  }

  /**
   * Nest hands over the `@SubscribeMessage` handlers bound to this client; Rusty Socks routes to its
   * shared `@OnMessage` table instead (see `MessageHandlers`), so there is nothing to keep per client.
   */
  override bindMessageHandlers(client: WebSocket, _handlers: MessageMappingProperties[]): void {
    this.transport().bind(client);
  }

  private transport(): WsTransportService {
    return (this.transportService ??= this.app.get(WsTransportService, { strict: false }));
  }
}
