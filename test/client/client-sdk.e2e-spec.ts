import WebSocket from 'ws';
import { RoomMessageFrame, RustySocksClient, RustySocksClientOptions, RustySocksError, RustySocksEvents, WebSocketConstructor } from '../../src/client';
import { serverForSuite, signToken, uniqueId, within } from '../support';

/** `ws` with every socket it opens kept, so a test can cut one as a network drop would. */
function trackedWebSocket(): { WebSocket: WebSocketConstructor; sockets: WebSocket[] } {
  const sockets: WebSocket[] = [];
  class TrackedWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      sockets.push(this);
    }
  }
  return { WebSocket: TrackedWebSocket, sockets };
}

/** The next `type` event of `client` for which `accept` holds. */
function nextEvent<K extends keyof RustySocksEvents>(client: RustySocksClient, type: K, accept: (payload: RustySocksEvents[K]) => boolean = () => true, ms = 5000): Promise<RustySocksEvents[K]> {
  return within(
    new Promise<RustySocksEvents[K]>((resolve) => {
      const listener = (payload: RustySocksEvents[K]): void => {
        if (!accept(payload)) return;
        client.off(type, listener);
        resolve(payload);
      };
      client.on(type, listener);
    }),
    ms,
    `the ${String(type)} event`,
  );
}

/** Resolves after `ms`: the bounded window over which an absence is proved. */
function windowOf(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('RustySocksClient (SDK) against the real server', () => {
  const { server } = serverForSuite();
  const open: RustySocksClient[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
  });

  function sdk(options: Partial<RustySocksClientOptions> & { sub?: string } = {}): RustySocksClient {
    const { sub, ...rest } = options;
    const client = new RustySocksClient({
      url: server.wsUrl,
      token: sub ? signToken({ sub }) : undefined,
      WebSocket,
      reconnect: { initialDelayMs: 10, maxDelayMs: 50 },
      ...rest,
    });
    open.push(client);
    return client;
  }

  it('connects with the token as a bearer subprotocol and resolves with the welcome', async () => {
    const sub = uniqueId('alice');
    const token = signToken({ sub, username: 'Alice' });
    const ws = trackedWebSocket();
    const alice = sdk({ token, WebSocket: ws.WebSocket });
    const opened = nextEvent(alice, 'open');
    const welcome = await alice.connect();
    await opened;
    expect(welcome).toMatchObject({ type: 'connected', client_id: sub, authenticated: true, username: 'Alice', global_role: 'Member' });
    expect(ws.sockets[0].protocol).toBe(`bearer.${token}`);
    expect(alice.connected).toBe(true);
  });

  it('answers concurrent requests each with its own reply, and rejects an error reply with its code', async () => {
    const alice = sdk({ sub: uniqueId('alice') });
    await alice.connect();
    const { room_id } = await alice.createRoom('Request room');
    const [rooms, pong, members, history] = await Promise.all([alice.listRooms(), alice.ping(), alice.getRoomMembers(room_id), alice.getHistory(room_id)]);
    expect(rooms.map((r) => r.id)).toContain(room_id);
    expect(pong).toMatchObject({ type: 'pong', timestamp: expect.any(String), request_id: expect.any(String) });
    expect(members).toEqual([expect.objectContaining({ role: 'Owner' })]);
    expect(history).toMatchObject({ type: 'room_history', room_id, messages: [] });

    const refused = await alice.joinRoom('no-such-room').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RustySocksError);
    expect(refused).toMatchObject({ code: 'ROOM_NOT_FOUND', message: expect.any(String) });
    const invalid = await alice.sendRoomMessage(room_id, '').catch((e: unknown) => e);
    expect(invalid).toMatchObject({ code: expect.stringMatching(/^INVALID_(MESSAGE|PAYLOAD)$/) });
  });

  it('delivers room, presence and private messages as typed events', async () => {
    const aliceId = uniqueId('alice');
    const alice = sdk({ sub: aliceId });
    const bob = sdk({ sub: uniqueId('bob') });
    await alice.connect();
    await bob.connect();
    const { room_id } = await alice.createRoom('Events room');

    const joined = nextEvent(alice, 'user_joined', (e) => e.room_id === room_id);
    await bob.joinRoom(room_id);
    await expect(joined).resolves.toMatchObject({ user_id: bob.connection?.client_id });

    const received = nextEvent(bob, 'room_message', (m) => m.room_id === room_id);
    const ack = await alice.sendRoomMessage(room_id, 'hello <b>');
    await expect(received).resolves.toMatchObject({ id: ack.id, offset: 1, sender_id: aliceId, content: 'hello &lt;b&gt;' });

    const whisper = nextEvent(alice, 'private_message');
    await bob.sendPrivateMessage(aliceId, 'psst');
    await expect(whisper).resolves.toMatchObject({ target_user_id: aliceId, content: 'psst' });
  });

  it('rejects pending requests when the connection drops, reconnects with backoff, and replays missed room messages exactly once and in order', async () => {
    const aliceId = uniqueId('alice');
    let release: () => void = () => undefined;
    let gate: Promise<void> = Promise.resolve();
    const ws = trackedWebSocket();
    const alice = sdk({ WebSocket: ws.WebSocket, token: async () => (await gate, signToken({ sub: aliceId })) });
    const bob = sdk({ sub: uniqueId('bob') });
    await alice.connect();
    await bob.connect();
    const { room_id } = await bob.createRoom('Recovery room');
    await alice.joinRoom(room_id);
    const seen: RoomMessageFrame[] = [];
    alice.on('room_message', (m) => m.room_id === room_id && seen.push(m));

    const first = nextEvent(alice, 'room_message', (m) => m.content === 'before the drop');
    await bob.sendRoomMessage(room_id, 'before the drop');
    await first;

    // Hold the reconnect at its token until bob has published, so the messages are really missed.
    gate = new Promise((resolve) => (release = resolve));
    const closed = nextEvent(alice, 'close');
    const reconnecting = nextEvent(alice, 'reconnecting');
    const gone = nextEvent(bob, 'user_left', (e) => e.room_id === room_id && e.user_id === aliceId);
    const inFlight = alice.ping().catch((e: unknown) => e);
    ws.sockets[0].terminate();
    await expect(closed).resolves.toMatchObject({ code: 1006, willReconnect: true });
    await expect(reconnecting).resolves.toMatchObject({ attempt: 1, delayMs: expect.any(Number) });
    await expect(inFlight).resolves.toMatchObject({ code: 'DISCONNECTED' });
    await expect(alice.ping()).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
    await gone;

    for (const content of ['missed one', 'missed two', 'missed three']) await bob.sendRoomMessage(room_id, content);
    const back = nextEvent(alice, 'connected');
    const replayed = nextEvent(alice, 'room_message', (m) => m.content === 'missed three');
    release();
    await expect(back).resolves.toMatchObject({ client_id: aliceId });
    await replayed;
    const live = nextEvent(alice, 'room_message', (m) => m.content === 'live again');
    await bob.sendRoomMessage(room_id, 'live again');
    await live;

    expect(seen.map((m) => [m.offset, m.content])).toEqual([
      [1, 'before the drop'],
      [2, 'missed one'],
      [3, 'missed two'],
      [4, 'missed three'],
      [5, 'live again'],
    ]);
    expect(ws.sockets).toHaveLength(2);
    await expect(alice.ping()).resolves.toMatchObject({ type: 'pong' });
  });

  it('does not reconnect after 4401: it reports the close and stops', async () => {
    const sub = uniqueId('alice');
    let token = signToken({ sub });
    const ws = trackedWebSocket();
    const alice = sdk({ WebSocket: ws.WebSocket, token: () => token });
    await alice.connect();
    const reconnects: number[] = [];
    alice.on('reconnecting', (e) => reconnects.push(e.attempt));

    token = signToken({ sub }, { secret: 'a-forged-secret-that-the-server-does-not-know' });
    const refused = nextEvent(alice, 'close', (e) => e.code === 4401);
    const authError = nextEvent(alice, 'error', (e) => e.code === 'AUTH_FAILED');
    ws.sockets[0].terminate();
    await expect(refused).resolves.toMatchObject({ code: 4401, willReconnect: false });
    await authError;
    await windowOf(300);
    expect(reconnects).toEqual([1]);
    expect(ws.sockets).toHaveLength(2);
    expect(alice.connected).toBe(false);
  });

  it('rejects connect() with AUTH_FAILED for a bad token and never retries', async () => {
    const ws = trackedWebSocket();
    const alice = sdk({ WebSocket: ws.WebSocket, token: signToken({ sub: uniqueId('alice') }, { secret: 'not-the-server-secret-not-the-server-secret' }) });
    const closed = nextEvent(alice, 'close');
    await expect(alice.connect()).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    await expect(closed).resolves.toMatchObject({ code: 4401, willReconnect: false });
    await windowOf(200);
    expect(ws.sockets).toHaveLength(1);
  });
});

describe('RustySocksClient (SDK) when the gap is larger than the history kept', () => {
  const { server } = serverForSuite({ RUSTY_SOCKS_HISTORY_SIZE: '2' });

  it('emits resync for the room, so the app reloads its history', async () => {
    const aliceId = uniqueId('alice');
    let release: () => void = () => undefined;
    let gate: Promise<void> = Promise.resolve();
    const ws = trackedWebSocket();
    const reconnect = { initialDelayMs: 10, maxDelayMs: 50 };
    const alice = new RustySocksClient({ url: server.wsUrl, WebSocket: ws.WebSocket, reconnect, token: async () => (await gate, signToken({ sub: aliceId })) });
    const bob = new RustySocksClient({ url: server.wsUrl, WebSocket, reconnect, token: signToken({ sub: uniqueId('bob') }) });
    try {
      await alice.connect();
      await bob.connect();
      const { room_id } = await bob.createRoom('Small history');
      await alice.joinRoom(room_id);

      gate = new Promise((resolve) => (release = resolve));
      const gone = nextEvent(bob, 'user_left', (e) => e.room_id === room_id && e.user_id === aliceId);
      ws.sockets[0].terminate();
      await gone;
      for (const content of ['one', 'two', 'three']) await bob.sendRoomMessage(room_id, content);
      const resync = nextEvent(alice, 'resync');
      release();
      await expect(resync).resolves.toEqual({ room_id });
      const history = await alice.getHistory(room_id);
      expect(history.messages.map((m) => m.content)).toEqual(['two', 'three']);
    } finally {
      await alice.close();
      await bob.close();
    }
  });
});
