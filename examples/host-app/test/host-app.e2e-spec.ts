import { RustySocksClient } from 'rusty-socks/client';
import WebSocket from 'ws';
import { Clients, expectAuthFailed, expectRefused, listenForTests, nextHostFrame, SdkClients, signToken, TestServer, uniqueId } from '../../../test/support';
import { createApp } from '../src/create-app';

const API_KEY = 'back-office-key';
const JWT_SECRET = 'game-jwt-secret-of-at-least-thirty-two-chars';
const MOVES_PER_MINUTE = 5;
const HTTP_REQUESTS_PER_MINUTE = 20;

/**
 * The example host app end to end: its own config, global guard and API-key-protected REST API, with
 * Rusty Socks embedded through `forRootAsync` and extended with the `game_move` message type. Players
 * use the client SDK (`rusty-socks/client`) as a game front end would; raw clients only where the
 * refusal's exact frames and close code are the point.
 */
describe('examples/host-app', () => {
  let server: TestServer;
  const clients = new Clients(() => server);
  const players = new SdkClients();

  beforeAll(async () => {
    const app = await createApp({ GAME_API_KEY: API_KEY, GAME_JWT_SECRET: JWT_SECRET, GAME_MOVES_PER_MINUTE: String(MOVES_PER_MINUTE), HTTP_REQUESTS_PER_MINUTE: String(HTTP_REQUESTS_PER_MINUTE) }, false);
    server = await listenForTests(app);
  });
  afterEach(() => Promise.all([clients.closeAll(), players.closeAll()]));
  afterAll(() => server.close());

  /** A player connected with a token signed by the game's secret, once in the lobby. */
  async function player(sub = uniqueId('player')): Promise<RustySocksClient> {
    const client = players.track(new RustySocksClient({ url: server.wsUrl, token: signToken({ sub }, { secret: JWT_SECRET }), WebSocket }));
    await client.connect();
    await client.ping(); // the lobby join runs first on the connection, so its pong proves it is done
    return client;
  }

  const api = (path: string, init: RequestInit & { key?: string | null } = {}): Promise<Response> => {
    const { key = API_KEY, ...rest } = init;
    return fetch(`${server.httpUrl}${path}`, {
      ...rest,
      headers: { 'content-type': 'application/json', ...(key !== null && { 'x-api-key': key }) },
    });
  };

  it('takes its Rusty Socks options from the ConfigService: the game secret, no guests, the lobby as default room', async () => {
    await expectAuthFailed(await clients.connect(server.wsUrl));
    const sub = uniqueId('player');
    await player(sub);
    await expect(api('/games/lobby').then((r) => r.json())).resolves.toMatchObject({ room_id: 'lobby', players: expect.arrayContaining([sub]) });
  });

  it('publishes from its REST endpoint to every ws client in the room', async () => {
    const owner = await player();
    const { room_id: roomId } = await owner.createRoom('Table 1');
    const other = await player();
    await other.joinRoom(roomId);
    const events = [owner, other].map((client) => nextHostFrame(client, 'game_event'));

    expect((await api(`/games/${roomId}/events`, { method: 'POST', body: JSON.stringify({ text: 'round 2' }) })).status).toBe(204);
    for (const event of events) await expect(event).resolves.toEqual({ type: 'game_event', room_id: roomId, text: 'round 2' });
  });

  it('answers a RustySocksService refusal with its HTTP status and the protocol code: unknown room → 404 ROOM_NOT_FOUND', async () => {
    const res = await api('/games/no-such-room/events', { method: 'POST', body: JSON.stringify({ text: 'hello?' }) });
    expect(res.status).toBe(404);
    await expect(res.json()).resolves.toEqual({ statusCode: 404, code: 'ROOM_NOT_FOUND', message: expect.any(String) });
    const presence = await api('/games/no-such-room');
    expect(presence.status).toBe(404);
    await expect(presence.json()).resolves.toMatchObject({ code: 'ROOM_NOT_FOUND' });
  });

  it("keeps the host's own API-key guard on its REST routes", async () => {
    for (const key of [null, 'wrong-key']) {
      const res = await api('/games/lobby/events', { method: 'POST', key, body: JSON.stringify({ text: 'x' }) });
      expect(res.status).toBe(401);
    }
    expect((await api('/games/lobby')).status).toBe(200);
  });

  it("keeps Rusty Socks' own routes next to the host's, under the host's global guard", async () => {
    expect((await fetch(`${server.httpUrl}/health/ready`)).status).toBe(200);
    await expect(fetch(`${server.httpUrl}/stats`).then((r) => r.json())).resolves.toMatchObject({ connections: expect.any(Object) });
  });

  it("applies the host's global HTTP rate limit to HTTP only: WebSocket messages are Rusty Socks' to limit", async () => {
    const client = await player();
    for (let i = 0; i <= HTTP_REQUESTS_PER_MINUTE; i++) await expect(client.ping()).resolves.toMatchObject({ type: 'pong' });
    expect(client.connected).toBe(true);
    let status = 0;
    for (let i = 0; i <= HTTP_REQUESTS_PER_MINUTE && status !== 429; i++) status = (await api('/games/lobby/events', { method: 'POST', body: '{}' })).status;
    expect(status).toBe(429);
  });

  describe('game_move through the whole pipeline', () => {
    it('is played: the sender gets the success reply with its request_id, the room gets game_moved', async () => {
      const sub = uniqueId('mover');
      const mover = await player(sub);
      const watcher = await player();
      const moved = nextHostFrame(watcher, 'game_moved');
      await expect(mover.requestHostMessage({ type: 'game_move', room_id: 'lobby', x: 3, y: 4 })).resolves.toEqual({
        type: 'success',
        message: 'Move played',
        data: { room_id: 'lobby', x: 3, y: 4 },
        request_id: expect.any(String),
      });
      await expect(moved).resolves.toEqual({ type: 'game_moved', room_id: 'lobby', x: 3, y: 4, by: sub });
    });

    it('refuses an unauthenticated connection before the handler (AUTH_FAILED, 4401)', async () => {
      const forged = await clients.connect(`${server.wsUrl}?token=${signToken({ sub: 'forger' }, { secret: 'not-the-game-secret-but-long-enough!!' })}`);
      forged.send({ type: 'game_move', room_id: 'lobby', x: 1, y: 1, request_id: 'm1' });
      await expect(forged.closed).resolves.toMatchObject({ code: 4401 });
      expect(forged.frames.map((f) => f.code)).toEqual(['AUTH_FAILED']);
    });

    it('validates the DTO: INVALID_PAYLOAD naming the bad fields', async () => {
      const mover = await player();
      const error = await expectRefused(mover.requestHostMessage({ type: 'game_move', room_id: 'lobby', x: 'e', y: 8 }), 'INVALID_PAYLOAD');
      expect(error.details?.map((d) => d.field).sort()).toEqual(['x', 'y']);
    });

    it('checks the permission in the room: a room the player cannot see is ROOM_NOT_FOUND; game_start is for the room Owner', async () => {
      const owner = await player();
      const { room_id: secret } = await owner.createRoom('Private table', { is_private: true });
      const outsider = await player();
      await expectRefused(outsider.requestHostMessage({ type: 'game_move', room_id: secret, x: 0, y: 0 }), 'ROOM_NOT_FOUND');

      const { room_id: open } = await owner.createRoom('Open table');
      await outsider.joinRoom(open);
      await expectRefused(outsider.requestHostMessage({ type: 'game_start', room_id: open }), 'FORBIDDEN');
      const started = nextHostFrame(outsider, 'game_started');
      await expect(owner.requestHostMessage({ type: 'game_start', room_id: open })).resolves.toMatchObject({ type: 'success', data: { room_id: open } });
      await expect(started).resolves.toEqual({ type: 'game_started', room_id: open });
    });

    it("answers the host handler's own refusal as an error frame (NOT_A_MEMBER)", async () => {
      const owner = await player();
      const { room_id: roomId } = await owner.createRoom('Table 1');
      const visitor = await player();
      await expectRefused(visitor.requestHostMessage({ type: 'game_move', room_id: roomId, x: 1, y: 1 }), 'NOT_A_MEMBER');
    });

    it('draws on the chat budget the config sets (GAME_MOVES_PER_MINUTE)', async () => {
      const mover = await player();
      for (let i = 0; i < MOVES_PER_MINUTE; i++) {
        await expect(mover.requestHostMessage({ type: 'game_move', room_id: 'lobby', x: 1, y: i })).resolves.toMatchObject({ type: 'success' });
      }
      const limited = await expectRefused(mover.requestHostMessage({ type: 'game_move', room_id: 'lobby', x: 1, y: 7 }), 'RATE_LIMITED');
      expect(limited.retry_after_ms).toEqual(expect.any(Number));
    });

    it('leaves types nobody handles as UNKNOWN_TYPE', async () => {
      const mover = await player();
      await expectRefused(mover.requestHostMessage({ type: 'game_undo', room_id: 'lobby' }), 'UNKNOWN_TYPE');
    });
  });

  it("feeds the host's event listener: chat messages counted per room", async () => {
    const owner = await player();
    const { room_id: roomId } = await owner.createRoom('Table 1');
    await expect(owner.sendRoomMessage(roomId, 'gl hf')).resolves.toMatchObject({ id: expect.any(String), offset: expect.any(Number) });
    await expect(api(`/games/${roomId}`).then((r) => r.json())).resolves.toEqual({ room_id: roomId, players: [expect.any(String)], chat_messages: 1 });
  });
});
