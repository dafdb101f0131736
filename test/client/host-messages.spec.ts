import { HostFrame, RustySocksClient, RustySocksError, SuccessFrame, WebSocketLike } from '../../src/client';

/** A socket the test drives by hand: it records what the client sends and delivers what the test says. */
class FakeSocket implements WebSocketLike {
  static last: FakeSocket;
  readyState = 0;
  readonly protocol = '';
  readonly sent: Record<string, unknown>[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor() {
    FakeSocket.last = this;
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(code = 1000, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
    this.deliver({ type: 'connected', client_id: 'u1', connection_id: 'c1', authenticated: true, username: 'u1', global_role: 'Member' });
  }
  deliver(frame: object): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
}

interface GameMoved extends HostFrame {
  type: 'game_moved';
  x: number;
  y: number;
}

describe('RustySocksClient: message types a host app adds', () => {
  let client: RustySocksClient;
  beforeEach(async () => {
    client = new RustySocksClient({ url: 'ws://test/ws', WebSocket: FakeSocket, reconnect: false });
    const connected = client.connect();
    FakeSocket.last.open();
    await connected;
  });
  afterEach(() => client.close());

  it('sends a host message with a request_id and resolves with the reply that echoes it', async () => {
    const reply = client.requestHostMessage<SuccessFrame<{ x: number }>>({ type: 'game_move', room_id: 'lobby', x: 3 });
    const sent = FakeSocket.last.sent[0];
    expect(sent).toEqual({ type: 'game_move', room_id: 'lobby', x: 3, request_id: expect.any(String) });
    FakeSocket.last.deliver({ type: 'success', message: 'Move played', data: { x: 3 }, request_id: sent.request_id });
    await expect(reply).resolves.toMatchObject({ type: 'success', data: { x: 3 } });
  });

  it('rejects a host message answered with an error, with its code', async () => {
    const reply = client.requestHostMessage({ type: 'game_move', room_id: 'lobby' });
    FakeSocket.last.deliver({ type: 'error', code: 'INVALID_PAYLOAD', message: 'x must be a number', request_id: FakeSocket.last.sent[0].request_id });
    await expect(reply).rejects.toBeInstanceOf(RustySocksError);
    await expect(reply).rejects.toMatchObject({ code: 'INVALID_PAYLOAD' });
  });

  it('emits host frames to their listeners until they are removed', () => {
    const moves: GameMoved[] = [];
    const listener = (frame: GameMoved): void => void moves.push(frame);
    client.onHostFrame<GameMoved>('game_moved', listener);
    FakeSocket.last.deliver({ type: 'game_moved', x: 1, y: 2 });
    FakeSocket.last.deliver({ type: 'game_started' });
    client.offHostFrame('game_moved', listener);
    FakeSocket.last.deliver({ type: 'game_moved', x: 5, y: 6 });
    expect(moves).toEqual([{ type: 'game_moved', x: 1, y: 2 }]);
  });
});
