import { Clients, createRoom, expectAlive, expectAuthFailed, joinRoom, listenForTests, signToken, TestServer, uniqueId } from '../../../test/support';
import { createApp } from '../src/create-app';

const API_KEY = 'back-office-key';
const JWT_SECRET = 'game-jwt-secret-of-at-least-thirty-two-chars';
const MOVES_PER_MINUTE = 5;
const HTTP_REQUESTS_PER_MINUTE = 20;

/**
 * The example host app end to end: its own config, global guard and API-key-protected REST API, with
 * Rusty Socks embedded through `forRootAsync` and extended with the `game_move` message type.
 */
describe('examples/host-app', () => {
  let server: TestServer;
  const clients = new Clients(() => server);

  beforeAll(async () => {
    const app = await createApp({ GAME_API_KEY: API_KEY, GAME_JWT_SECRET: JWT_SECRET, GAME_MOVES_PER_MINUTE: String(MOVES_PER_MINUTE), HTTP_REQUESTS_PER_MINUTE: String(HTTP_REQUESTS_PER_MINUTE) }, false);
    server = await listenForTests(app);
  });
  afterEach(() => clients.closeAll());
  afterAll(() => server.close());

  /** A player connected with a token signed by the game's secret, once in the lobby. */
  async function player(sub = uniqueId('player')) {
    const { client } = await clients.connectWelcomed(`${server.wsUrl}?token=${signToken({ sub }, { secret: JWT_SECRET })}`);
    await expectAlive(client);
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
    const roomId = await createRoom(owner);
    const other = await player();
    await joinRoom(other, roomId);

    expect((await api(`/games/${roomId}/events`, { method: 'POST', body: JSON.stringify({ text: 'round 2' }) })).status).toBe(204);
    for (const client of [owner, other]) {
      await expect(client.next((f) => f.type === 'game_event')).resolves.toEqual({ type: 'game_event', room_id: roomId, text: 'round 2' });
    }
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
    for (let i = 0; i <= HTTP_REQUESTS_PER_MINUTE; i++) await expectAlive(client);
    let status = 0;
    for (let i = 0; i <= HTTP_REQUESTS_PER_MINUTE && status !== 429; i++) status = (await api('/games/lobby/events', { method: 'POST', body: '{}' })).status;
    expect(status).toBe(429);
  });

  describe('game_move through the whole pipeline', () => {
    it('is played: the sender gets the success reply with its request_id, the room gets game_moved', async () => {
      const sub = uniqueId('mover');
      const mover = await player(sub);
      const watcher = await player();
      await expect(mover.request({ type: 'game_move', room_id: 'lobby', x: 3, y: 4 })).resolves.toEqual({
        type: 'success',
        message: 'Move played',
        data: { room_id: 'lobby', x: 3, y: 4 },
        request_id: expect.any(String),
      });
      await expect(watcher.next('game_moved')).resolves.toEqual({ type: 'game_moved', room_id: 'lobby', x: 3, y: 4, by: sub });
    });

    it('refuses an unauthenticated connection before the handler (AUTH_FAILED, 4401)', async () => {
      const forged = await clients.connect(`${server.wsUrl}?token=${signToken({ sub: 'forger' }, { secret: 'not-the-game-secret-but-long-enough!!' })}`);
      forged.send({ type: 'game_move', room_id: 'lobby', x: 1, y: 1, request_id: 'm1' });
      await expect(forged.closed).resolves.toMatchObject({ code: 4401 });
      expect(forged.frames.map((f) => f.code)).toEqual(['AUTH_FAILED']);
    });

    it('validates the DTO: INVALID_PAYLOAD naming the bad fields', async () => {
      const mover = await player();
      const reply = await mover.request({ type: 'game_move', room_id: 'lobby', x: 'e', y: 8 });
      expect(reply).toMatchObject({ type: 'error', code: 'INVALID_PAYLOAD' });
      expect(reply.details.map((d: { field: string }) => d.field).sort()).toEqual(['x', 'y']);
    });

    it('checks the permission in the room: a room the player cannot see is ROOM_NOT_FOUND; game_start is for the room Owner', async () => {
      const owner = await player();
      const secret = await createRoom(owner, { is_private: true });
      const outsider = await player();
      await expect(outsider.request({ type: 'game_move', room_id: secret, x: 0, y: 0 })).resolves.toMatchObject({ type: 'error', code: 'ROOM_NOT_FOUND' });

      const open = await createRoom(owner);
      await joinRoom(outsider, open);
      await expect(outsider.request({ type: 'game_start', room_id: open })).resolves.toMatchObject({ type: 'error', code: 'FORBIDDEN' });
      await expect(owner.request({ type: 'game_start', room_id: open })).resolves.toMatchObject({ type: 'success', data: { room_id: open } });
      await expect(outsider.next('game_started')).resolves.toEqual({ type: 'game_started', room_id: open });
    });

    it("answers the host handler's own refusal as an error frame (NOT_A_MEMBER)", async () => {
      const owner = await player();
      const roomId = await createRoom(owner);
      const visitor = await player();
      await expect(visitor.request({ type: 'game_move', room_id: roomId, x: 1, y: 1 })).resolves.toMatchObject({ type: 'error', code: 'NOT_A_MEMBER' });
    });

    it('draws on the chat budget the config sets (GAME_MOVES_PER_MINUTE)', async () => {
      const mover = await player();
      for (let i = 0; i < MOVES_PER_MINUTE; i++) {
        await expect(mover.request({ type: 'game_move', room_id: 'lobby', x: 1, y: i })).resolves.toMatchObject({ type: 'success' });
      }
      await expect(mover.request({ type: 'game_move', room_id: 'lobby', x: 1, y: 7 })).resolves.toMatchObject({ type: 'error', code: 'RATE_LIMITED', retry_after_ms: expect.any(Number) });
    });

    it('leaves types nobody handles as UNKNOWN_TYPE', async () => {
      const mover = await player();
      await expect(mover.request({ type: 'game_undo', room_id: 'lobby' })).resolves.toMatchObject({ type: 'error', code: 'UNKNOWN_TYPE' });
    });
  });

  it("feeds the host's event listener: chat messages counted per room", async () => {
    const owner = await player();
    const roomId = await createRoom(owner);
    await expect(owner.request({ type: 'room_message', room_id: roomId, content: 'gl hf' })).resolves.toMatchObject({ type: 'success' });
    await expect(api(`/games/${roomId}`).then((r) => r.json())).resolves.toEqual({ room_id: roomId, players: [expect.any(String)], chat_messages: 1 });
  });
});
