import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { RustySocksModule, RustySocksWsAdapter } from '../../src';
import { Clients, createRoom, expectAlive, getStats, inRoom, joinRoom, listenForTests, refusedUpgrade, TEST_SECRET, TestServer, testLogger, uniqueId } from '../support';
import { GameModule } from './host-app';

const GAME_ORIGIN = 'https://game.example';

/**
 * A host on Fastify instead of Express: the same adapter, the same `/ws` (ws shares Fastify's Node
 * HTTP server and takes its `upgrade` events), and the health and stats routes answered by Fastify.
 */
describe('Rusty Socks in a Fastify host', () => {
  let server: TestServer;
  const clients = new Clients(() => server);

  beforeAll(async () => {
    @Module({ imports: [RustySocksModule.forRoot({ jwtSecret: TEST_SECRET, allowedOrigins: [GAME_ORIGIN] }), GameModule] })
    class FastifyHostModule {}

    const app = await NestFactory.create<NestFastifyApplication>(FastifyHostModule, new FastifyAdapter(), { logger: testLogger(), abortOnError: false });
    app.useWebSocketAdapter(new RustySocksWsAdapter(app));
    server = await listenForTests(app);
  });
  afterEach(() => clients.closeAll());
  afterAll(() => server.close());

  it('is served by Fastify', async () => {
    const res = await fetch(`${server.httpUrl}/health`);
    expect(server.app.getHttpAdapter().getType()).toBe('fastify');
    expect({ status: res.status, body: await res.text(), type: res.headers.get('content-type') }).toEqual({ status: 200, body: 'OK', type: 'text/plain; charset=utf-8' });
  });

  it('chats over /ws: a room message reaches the other member, the sender gets its ack', async () => {
    const alice = await clients.asReady(uniqueId('alice'));
    const bob = await clients.asReady(uniqueId('bob'));
    const roomId = await createRoom(alice);
    await joinRoom(bob, roomId);

    const ack = await alice.request({ type: 'room_message', room_id: roomId, content: 'over fastify' });
    expect(ack).toMatchObject({ type: 'success', data: { id: expect.any(String), offset: 1 } });
    await expect(bob.next(inRoom('room_message', roomId))).resolves.toMatchObject({ id: ack.data.id, content: 'over fastify' });
  });

  it("runs a host module's own message type", async () => {
    const player = await clients.asReady(uniqueId('player'));
    await expect(player.request({ type: 'game_move', room_id: 'general', x: 1, y: 2 })).resolves.toMatchObject({ type: 'game_moved', x: 1, y: 2 });
  });

  it("admits upgrades from Fastify's request: a foreign Origin gets 403 with a JSON body, an allowed one connects", async () => {
    const refused = await refusedUpgrade(server.wsUrl, { headers: { Origin: 'https://evil.example' } });
    expect(refused).toMatchObject({ status: 403, body: { error: 'Origin not allowed' } });
    const { client } = await clients.connectWelcomed(server.wsUrl, { headers: { Origin: GAME_ORIGIN } });
    await expectAlive(client);
  });

  it('answers /health/ready and /stats through Fastify', async () => {
    const ready = await fetch(`${server.httpUrl}/health/ready`);
    expect(ready.status).toBe(200);
    await expect(ready.json()).resolves.toMatchObject({ status: 'ok', info: { server: { status: 'up' } } });
    const before = await getStats(server.httpUrl);
    await clients.asReady(uniqueId('counted'));
    expect((await getStats(server.httpUrl)).connections.current).toBe(before.connections.current + 1);
  });

  it('answers /metrics as Prometheus text and unknown routes with 404', async () => {
    const metrics = await fetch(`${server.httpUrl}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toContain('rusty_socks_connections');
    expect((await fetch(`${server.httpUrl}/nope`)).status).toBe(404);
  });

  it('hands a RustySocksService refusal to Fastify as a 404 with the code', async () => {
    const res = await fetch(`${server.httpUrl}/game/rooms/no-such-room/presence`);
    expect(res.status).toBe(404);
    await expect(res.json()).resolves.toMatchObject({ code: 'ROOM_NOT_FOUND' });
  });

});
