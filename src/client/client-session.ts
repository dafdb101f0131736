import { RustySocksClientOptions, RustySocksEvents, WebSocketConstructor, WebSocketLike } from './client-options';
import { dataOf, parseFrame } from './frames';
import { PendingRequests } from './pending-requests';
import { ClientMessage, CloseCode, ConnectedFrame, ErrorFrame, JoinRoomResult, RecoveryPosition, ReplyTo, ServerFrame } from './protocol';
import { Reconnector } from './reconnector';
import { RoomPositions, TrackedRoom } from './room-positions';
import { ClientErrorCode, RustySocksError } from './rusty-socks-error';
import { TypedEmitter } from './typed-emitter';

const OPEN = 1;

/**
 * The connection half of `RustySocksClient`: the socket and its welcome, requests matched to replies by
 * `request_id`, reconnects with backoff, and the rejoin of tracked rooms with `since` after each one.
 */
export class ClientSession extends TypedEmitter<RustySocksEvents> {
  /** The token of the next (re)connection. */
  protected token: RustySocksClientOptions['token'];
  /** The joined rooms and the client's position in each. */
  protected readonly rooms = new RoomPositions();
  private readonly WebSocketImpl: WebSocketConstructor;
  private readonly pending: PendingRequests;
  private readonly reconnector: Reconnector;
  private socket: WebSocketLike | undefined;
  private welcome: ConnectedFrame | undefined;

  constructor(private readonly options: RustySocksClientOptions) {
    super();
    const impl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!impl) throw new TypeError('No WebSocket implementation: pass one as the `WebSocket` option (in Node, `ws`)');
    this.WebSocketImpl = impl;
    this.reconnector = new Reconnector(options.reconnect, {
      reconnecting: (attempt, delayMs) => this.emit('reconnecting', { attempt, delayMs }),
      reopen: () => this.open(),
      hasSocket: () => this.socket !== undefined,
    });
    this.pending = new PendingRequests(options.requestTimeoutMs ?? 10_000);
    this.token = options.token;
  }

  /** The welcome of the current connection (undefined while disconnected). */
  get connection(): ConnectedFrame | undefined {
    return this.welcome;
  }

  /** Whether a connection is open and welcomed. */
  get connected(): boolean {
    return this.welcome !== undefined && this.socket?.readyState === OPEN;
  }

  /**
   * Connects and resolves with the `connected` welcome. Rejects when the first connection fails (with
   * the server's error, e.g. `AUTH_FAILED`); only a connection that was once welcomed reconnects.
   */
  connect(): Promise<ConnectedFrame> {
    this.reconnector.resume();
    return this.open();
  }

  /** Closes the connection for good: no reconnect; pending requests reject with `CLOSED`. */
  close(): Promise<void> {
    this.reconnector.stop();
    this.pending.rejectAll(ClientErrorCode.Closed, 'The client was closed');
    const socket = this.socket;
    if (!socket) return Promise.resolve();
    return new Promise((resolve) => {
      const onclose = socket.onclose;
      socket.onclose = (event) => {
        onclose?.(event);
        resolve();
      };
      socket.close(CloseCode.Normal, 'client closed');
    });
  }

  /**
   * Sends `message` with a fresh `request_id` and resolves with the reply that echoes it; an `error`
   * reply, a timeout or a dropped connection rejects with a `RustySocksError`.
   */
  request<M extends ClientMessage>(message: M): Promise<ReplyTo<M['type']>> {
    return this.send(message) as Promise<ReplyTo<M['type']>>;
  }

  /** Sends `message` as a request; `onReply` sees the reply before any later frame is handled. */
  protected send(message: ClientMessage, onReply?: (frame: ServerFrame) => void): Promise<ServerFrame> {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN || !this.welcome) {
      return Promise.reject(new RustySocksError(ClientErrorCode.NotConnected, 'Not connected: wait for connect() or the next connected event'));
    }
    return this.pending.add(message.type, (requestId) => socket.send(JSON.stringify({ ...message, request_id: requestId })), onReply);
  }

  /** Records a join reply of `roomId`; after a rejoin with `since` that could not recover, asks for a resync. */
  protected trackJoin(roomId: string, frame: ServerFrame, password: string | undefined, since: RecoveryPosition | undefined): void {
    if (this.rooms.track(roomId, dataOf<JoinRoomResult>(frame), password, since)) this.emit('resync', { room_id: roomId });
  }

  private async open(): Promise<ConnectedFrame> {
    const token = typeof this.token === 'function' ? await this.token() : this.token;
    return new Promise<ConnectedFrame>((resolve, reject) => {
      let socket: WebSocketLike;
      try {
        socket = new this.WebSocketImpl(this.options.url, token ? [`bearer.${token}`] : undefined);
      } catch (err) {
        reject(err);
        return;
      }
      this.socket = socket;
      let welcomed = false;
      let refusal: ErrorFrame | undefined;
      socket.onopen = () => this.emit('open', {});
      socket.onerror = () => undefined; // a close event follows and carries what matters
      socket.onmessage = (event: { data: unknown }) => {
        const frame = parseFrame(event.data);
        if (!frame || this.socket !== socket) return;
        if (frame.type === 'connected' && !welcomed) {
          welcomed = true;
          this.onWelcome(frame);
          resolve(frame);
        } else if (frame.type === 'error' && !welcomed) {
          refusal = frame;
        }
        this.dispatch(frame);
      };
      socket.onclose = (event: { code: number; reason: string }) => {
        if (this.socket !== socket) return;
        this.onClosed(event.code, String(event.reason ?? ''));
        if (!welcomed) reject(refusal ? RustySocksError.fromFrame(refusal) : new RustySocksError(ClientErrorCode.ConnectionFailed, `The connection closed before the welcome (code ${event.code})`));
      };
    });
  }

  private onWelcome(frame: ConnectedFrame): void {
    this.welcome = frame;
    this.reconnector.welcomed();
    for (const [roomId, room] of this.rooms.entries()) void this.rejoin(roomId, room);
  }

  private async rejoin(roomId: string, room: TrackedRoom): Promise<void> {
    const since = { ...room.position };
    try {
      await this.send({ type: 'join_room', room_id: roomId, since, ...(room.password !== undefined ? { password: room.password } : {}) }, (frame) =>
        this.trackJoin(roomId, frame, room.password, since),
      );
    } catch (err) {
      const error = err as RustySocksError;
      // A drop during the rejoin is retried by the next reconnect; anything else is final.
      if (error.code === ClientErrorCode.Disconnected || error.code === ClientErrorCode.NotConnected || error.code === ClientErrorCode.Closed) return;
      this.rooms.forget(roomId);
      this.emit('rejoin_failed', { room_id: roomId, error });
    }
  }

  private dispatch(frame: ServerFrame): void {
    this.rooms.observe(frame, this.welcome?.client_id);
    this.pending.settle(frame);
    this.emit(frame.type, frame as never);
  }

  private onClosed(code: number, reason: string): void {
    this.socket = undefined;
    this.welcome = undefined;
    this.pending.rejectAll(ClientErrorCode.Disconnected, `The connection closed (code ${code}) before the reply came`);
    const willReconnect = this.reconnector.willReconnect(code);
    this.emit('close', { code, reason, willReconnect });
    if (willReconnect) this.reconnector.schedule();
  }
}
