import { INestApplicationContext } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import type { IncomingMessage } from 'node:http';
import type { WebSocket, WebSocketServer } from 'ws';
import { RUSTY_SOCKS_ENDPOINT } from './gateway.constants';
import { WsTransportService } from './ws-transport.service';

/**
 * Nest's `ws` adapter with Rusty Socks' transport on the Rusty Socks endpoint: handshake admission,
 * frame limits, connections accepted and their frames handled strictly in order by
 * `WsTransportService` (Nest's adapter runs a connection's frames concurrently, so replies could
 * overtake each other). A host app's own gateways keep Nest's behaviour. Install it with
 * `app.useWebSocketAdapter(new RustySocksWsAdapter(app))`.
 */
export class RustySocksWsAdapter extends WsAdapter {
  private transportService?: WsTransportService;
  /** The `ws` servers created for the Rusty Socks endpoint (a host's gateways have their own). */
  private readonly endpoints = new WeakSet<object>();

  constructor(private readonly app: INestApplicationContext) {
    super(app);
  }

  override create(port: number, options: Record<string, unknown> = {}): unknown {
    if (!options[RUSTY_SOCKS_ENDPOINT]) return super.create(port, options);
    const { [RUSTY_SOCKS_ENDPOINT]: _endpoint, ...gatewayOptions } = options;
    const server = super.create(port, { ...gatewayOptions, ...this.transport().serverOptions() }) as object;
    this.endpoints.add(server);
    return server;
  }

  /**
   * On the Rusty Socks endpoint the transport accepts each connection itself: Nest's per-connection
   * plumbing (a connection stream, a bound copy of every handler, a disconnect stream) is for
   * `@SubscribeMessage` handlers, and Rusty Socks routes to its shared `@OnMessage` table instead
   * (see `MessageHandlers`).
   */
  override bindClientConnect(server: WebSocketServer, callback: (...args: unknown[]) => void): void {
    if (!this.endpoints.has(server)) return super.bindClientConnect(server, callback);
    const transport = this.transport();
    server.on('connection', (socket: WebSocket, req: IncomingMessage) => transport.accept(socket, req));
  }

  private transport(): WsTransportService {
    return (this.transportService ??= this.app.get(WsTransportService, { strict: false }));
  }
}
