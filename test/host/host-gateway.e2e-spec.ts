import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConnectedSocket, MessageBody, OnGatewayConnection, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import WebSocket from 'ws';
import { RustySocksModule, RustySocksWsAdapter } from '../../src';
import { Clients, expectAlive, listenForTests, TEST_SECRET, TestServer, testLogger, uniqueId } from '../support';

/** A host's own gateway, Nest style: `{event, data}` messages to `@SubscribeMessage` handlers. */
@WebSocketGateway({ path: '/host-ws' })
class EchoGateway implements OnGatewayConnection {
  connections = 0;

  handleConnection(): void {
    this.connections++;
  }

  @SubscribeMessage('echo')
  echo(@ConnectedSocket() _socket: WebSocket, @MessageBody() data: unknown): { event: string; data: unknown } {
    return { event: 'echoed', data };
  }
}

/**
 * `RustySocksWsAdapter` serves the Rusty Socks endpoint its own way (admission, its transport, one
 * frame at a time); a gateway of the host app on the same server keeps Nest's `ws` behaviour.
 */
describe("a host app's own gateway next to /ws", () => {
  let server: TestServer;
  const clients = new Clients(() => server);

  beforeAll(async () => {
    @Module({ imports: [RustySocksModule.forRoot({ jwtSecret: TEST_SECRET, maxConnectionsPerIp: 1 })], providers: [EchoGateway] })
    class HostModule {}
    const app = await NestFactory.create(HostModule, { logger: testLogger(), abortOnError: false });
    app.useWebSocketAdapter(new RustySocksWsAdapter(app));
    server = await listenForTests(app);
  });
  afterEach(() => clients.closeAll());
  afterAll(() => server.close());

  it('gets its connections and messages from Nest, outside Rusty Socks (no welcome, no per-IP count), while /ws works', async () => {
    const socket = new WebSocket(server.wsUrl.replace(/\/ws$/, '/host-ws'));
    try {
      const frames: unknown[] = [];
      socket.on('message', (data) => frames.push(JSON.parse(String(data))));
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      const reply = new Promise((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));
      socket.send(JSON.stringify({ event: 'echo', data: { n: 1 } }));
      await expect(reply).resolves.toEqual({ event: 'echoed', data: { n: 1 } });
      expect(frames).toEqual([{ event: 'echoed', data: { n: 1 } }]);
      expect(server.app.get(EchoGateway).connections).toBe(1);

      // The host socket is not counted against the IP's single Rusty Socks connection.
      await expectAlive(await clients.asReady(uniqueId('alice')));
    } finally {
      socket.terminate();
    }
  });
});
