import { backoffDelay, BackoffOptions, DEFAULT_BACKOFF } from './backoff';
import {
  BanUserMessage,
  ClientMessage,
  CloseCode,
  ConnectedFrame,
  CreateRoomMessage,
  CreateRoomResult,
  ErrorFrame,
  HostFrame,
  HostMessage,
  JoinRoomResult,
  MuteUserMessage,
  PongFrame,
  RecoveryPosition,
  ReplyTo,
  RoomHistoryFrame,
  RoomMember,
  RoomMessageAck,
  RoomSummary,
  SanctionResult,
  ServerFrame,
  ServerFrameMap,
  SuccessFrame,
  WireRole,
} from './protocol';
import { ClientErrorCode, RustySocksError } from './rusty-socks-error';
import { TypedEmitter } from './typed-emitter';

/**
 * The part of a WebSocket the client uses: the browser's `WebSocket` and the `ws` package's both fit.
 * Events are typed loosely because the two libraries type them differently.
 */
export interface WebSocketLike {
  readonly readyState: number;
  readonly protocol: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: any) => void) | null; // eslint-disable-line @typescript-eslint/no-explicit-any
  onmessage: ((event: any) => void) | null; // eslint-disable-line @typescript-eslint/no-explicit-any
  onclose: ((event: any) => void) | null; // eslint-disable-line @typescript-eslint/no-explicit-any
  onerror: ((event: any) => void) | null; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A WebSocket constructor: `globalThis.WebSocket` in browsers, `ws`'s `WebSocket` in Node. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** Options of `RustySocksClient`. */
export interface RustySocksClientOptions {
  /** `ws://host:port/ws` or `wss://…`. */
  url: string;
  /**
   * The JWT, sent as the `bearer.<jwt>` subprotocol (which browsers can set). A function is called at
   * every (re)connection, so a reconnect can use a fresh token. Absent: connect as an anonymous guest.
   */
  token?: string | (() => string | undefined | Promise<string | undefined>);
  /** The WebSocket implementation. @default globalThis.WebSocket (in Node, pass `ws`'s `WebSocket`) */
  WebSocket?: WebSocketConstructor;
  /** Spacing of reconnect attempts after an unexpected close; `false` turns reconnecting off. */
  reconnect?: Partial<BackoffOptions> | false;
  /** How long a request waits for its reply before it rejects with `TIMEOUT`. @default 10000 */
  requestTimeoutMs?: number;
}

/** Events of the connection itself, next to every server frame type. */
export interface ConnectionEvents {
  /** The socket opened (the `connected` welcome follows). */
  open: Record<string, never>;
  /** The socket closed; `willReconnect` says whether the client will try again. */
  close: { code: number; reason: string; willReconnect: boolean };
  /** A reconnect attempt is scheduled in `delayMs`. */
  reconnecting: { attempt: number; delayMs: number };
  /** After a reconnect, the room's missed messages could not all be replayed: reload its history. */
  resync: { room_id: string };
  /** After a reconnect, a room the client was in could not be joined again (deleted, banned…). */
  rejoin_failed: { room_id: string; error: RustySocksError };
}

/** Every event of `RustySocksClient`: each server frame by its type, plus `ConnectionEvents`. */
export type RustySocksEvents = ServerFrameMap & ConnectionEvents;

interface Pending {
  resolve(frame: ServerFrame): void;
  reject(error: RustySocksError): void;
  timer: ReturnType<typeof setTimeout>;
}

/** What the client remembers of a room it joined, to join it again after a reconnect. */
interface TrackedRoom {
  position: RecoveryPosition;
  password?: string;
  /** Offsets of the client's own messages (which it never receives back) not yet passed. */
  own: Set<number>;
}

const OPEN = 1;
const NO_RECONNECT = new Set<number>([CloseCode.AuthFailed, CloseCode.TokenExpired]);

/**
 * A Rusty Socks client for browsers and Node: typed requests answered by `request_id`, typed events,
 * reconnection with backoff, and recovery of missed room messages (`since`) after a reconnect.
 */
export class RustySocksClient extends TypedEmitter<RustySocksEvents> {
  private readonly WebSocketImpl: WebSocketConstructor;
  private readonly backoff: BackoffOptions | false;
  private readonly requestTimeoutMs: number;
  private token: RustySocksClientOptions['token'];
  private socket: WebSocketLike | undefined;
  private readonly pending = new Map<string, Pending>();
  private readonly rooms = new Map<string, TrackedRoom>();
  private nextRequestId = 0;
  private readonly idPrefix = Math.random().toString(36).slice(2, 8);
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private closedByUser = false;
  private everWelcomed = false;
  private welcome: ConnectedFrame | undefined;

  constructor(private readonly options: RustySocksClientOptions) {
    super();
    const impl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!impl) throw new TypeError('No WebSocket implementation: pass one as the `WebSocket` option (in Node, `ws`)');
    this.WebSocketImpl = impl;
    this.backoff = options.reconnect === false ? false : { ...DEFAULT_BACKOFF, ...options.reconnect };
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
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
    this.closedByUser = false;
    return this.open();
  }

  /** Closes the connection for good: no reconnect; pending requests reject with `CLOSED`. */
  close(): Promise<void> {
    this.closedByUser = true;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.rejectPending(ClientErrorCode.Closed, 'The client was closed');
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

  /** Joins a room; the client joins it again (with `since`) after a reconnect until it leaves. */
  async joinRoom(roomId: string, options: { password?: string } = {}): Promise<JoinRoomResult> {
    const reply = await this.send({ type: 'join_room', room_id: roomId, ...(options.password !== undefined ? { password: options.password } : {}) }, (frame) =>
      this.track(roomId, dataOf<JoinRoomResult>(frame), options.password, undefined),
    );
    return dataOf<JoinRoomResult>(reply);
  }

  /** Leaves a room (and stops joining it again after reconnects). */
  async leaveRoom(roomId: string): Promise<SuccessFrame> {
    return this.send({ type: 'leave_room', room_id: roomId }, () => this.rooms.delete(roomId)) as Promise<SuccessFrame>;
  }

  /** Publishes to a room; resolves with the message's id, offset and timestamp. */
  async sendRoomMessage(roomId: string, content: string): Promise<RoomMessageAck> {
    const reply = await this.send({ type: 'room_message', room_id: roomId, content }, (frame) => {
      const ack = dataOf<RoomMessageAck>(frame);
      const room = this.rooms.get(roomId);
      if (room && ack) {
        room.own.add(ack.offset);
        this.advance(room, room.position.offset);
      }
    });
    return dataOf<RoomMessageAck>(reply);
  }

  /** Sends a private message to every connection of `targetUserId`. */
  sendPrivateMessage(targetUserId: string, content: string): Promise<SuccessFrame> {
    return this.request({ type: 'private_message', target_user_id: targetUserId, content });
  }

  /** Creates a room (the creator is in it as Owner) and tracks it like a joined room. */
  async createRoom(name: string, options: Omit<CreateRoomMessage, 'type' | 'name'> = {}): Promise<CreateRoomResult> {
    const reply = await this.request({ type: 'create_room', name, ...options });
    const created = reply.data as unknown as CreateRoomResult;
    // The reply has no epoch; a join (a no-op for a member) gives the position recovery needs.
    await this.joinRoom(created.room_id, options.password ? { password: options.password } : {});
    return created;
  }

  deleteRoom(roomId: string): Promise<SuccessFrame> {
    return this.send({ type: 'delete_room', room_id: roomId }, () => this.rooms.delete(roomId)) as Promise<SuccessFrame>;
  }

  async listRooms(): Promise<RoomSummary[]> {
    return (await this.request({ type: 'list_rooms' })).rooms;
  }

  async getRoomMembers(roomId: string): Promise<RoomMember[]> {
    return (await this.request({ type: 'get_room_members', room_id: roomId })).members;
  }

  /** A page of history, oldest first: the newest `limit` messages before offset `before` (exclusive). */
  getHistory(roomId: string, options: { limit?: number; before?: number } = {}): Promise<RoomHistoryFrame> {
    return this.request({ type: 'get_history', room_id: roomId, ...options });
  }

  setUserRole(roomId: string, userId: string, role: WireRole): Promise<SuccessFrame> {
    return this.request({ type: 'set_user_role', room_id: roomId, user_id: userId, role });
  }

  kickUser(roomId: string, userId: string): Promise<SuccessFrame> {
    return this.request({ type: 'kick_user', room_id: roomId, user_id: userId });
  }

  /** Bans for `durationHours`, or permanently when absent. */
  async banUser(roomId: string, userId: string, options: Pick<BanUserMessage, 'duration_hours'> = {}): Promise<SanctionResult> {
    return (await this.request({ type: 'ban_user', room_id: roomId, user_id: userId, ...options })).data as unknown as SanctionResult;
  }

  unbanUser(roomId: string, userId: string): Promise<SuccessFrame> {
    return this.request({ type: 'unban_user', room_id: roomId, user_id: userId });
  }

  /** Mutes for `duration_minutes`, or until unmuted when absent. */
  async muteUser(roomId: string, userId: string, options: Pick<MuteUserMessage, 'duration_minutes'> = {}): Promise<SanctionResult> {
    return (await this.request({ type: 'mute_user', room_id: roomId, user_id: userId, ...options })).data as unknown as SanctionResult;
  }

  unmuteUser(roomId: string, userId: string): Promise<SuccessFrame> {
    return this.request({ type: 'unmute_user', room_id: roomId, user_id: userId });
  }

  deleteMessage(roomId: string, messageId: string): Promise<SuccessFrame> {
    return this.request({ type: 'delete_message', room_id: roomId, message_id: messageId });
  }

  /** Replaces the connection's token before it expires; later reconnects use the new one. */
  async refreshToken(token: string): Promise<SuccessFrame> {
    const reply = await this.request({ type: 'refresh_token', token });
    if (typeof this.token !== 'function') this.token = token;
    return reply;
  }

  ping(): Promise<PongFrame> {
    return this.request({ type: 'ping' });
  }

  /**
   * Sends a message type the host app added to the protocol (e.g. `game_move`), with a fresh
   * `request_id`; resolves with the reply, typed `R` by the caller. An `error` reply rejects as `request` does.
   */
  requestHostMessage<R = SuccessFrame>(message: HostMessage): Promise<R> {
    return this.send(message as unknown as ClientMessage) as Promise<R>;
  }

  /** Listens to a frame type the host app sends beyond the protocol (e.g. `game_moved`), typed `F` by the caller. */
  onHostFrame<F extends HostFrame = HostFrame>(type: string, listener: (frame: F) => void): this {
    (this as unknown as TypedEmitter<Record<string, F>>).on(type, listener);
    return this;
  }

  /** Removes a listener added with `onHostFrame`. */
  offHostFrame<F extends HostFrame = HostFrame>(type: string, listener: (frame: F) => void): this {
    (this as unknown as TypedEmitter<Record<string, F>>).off(type, listener);
    return this;
  }

  private send(message: ClientMessage, onReply?: (frame: ServerFrame) => void): Promise<ServerFrame> {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN || !this.welcome) {
      return Promise.reject(new RustySocksError(ClientErrorCode.NotConnected, 'Not connected: wait for connect() or the next connected event'));
    }
    const requestId = `${this.idPrefix}-${++this.nextRequestId}`;
    return new Promise<ServerFrame>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new RustySocksError(ClientErrorCode.Timeout, `No reply to ${message.type} within ${this.requestTimeoutMs} ms`));
      }, this.requestTimeoutMs);
      this.pending.set(requestId, {
        // Runs inside frame handling, before later frames: the replay after a join must find the room tracked.
        resolve: (frame) => {
          onReply?.(frame);
          resolve(frame);
        },
        reject,
        timer,
      });
      socket.send(JSON.stringify({ ...message, request_id: requestId }));
    });
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
    this.everWelcomed = true;
    this.attempt = 0;
    for (const [roomId, room] of this.rooms) void this.rejoin(roomId, room);
  }

  private async rejoin(roomId: string, room: TrackedRoom): Promise<void> {
    const since = { ...room.position };
    try {
      await this.send({ type: 'join_room', room_id: roomId, since, ...(room.password !== undefined ? { password: room.password } : {}) }, (frame) =>
        this.track(roomId, dataOf<JoinRoomResult>(frame), room.password, since),
      );
    } catch (err) {
      const error = err as RustySocksError;
      // A drop during the rejoin is retried by the next reconnect; anything else is final.
      if (error.code === ClientErrorCode.Disconnected || error.code === ClientErrorCode.NotConnected || error.code === ClientErrorCode.Closed) return;
      this.rooms.delete(roomId);
      this.emit('rejoin_failed', { room_id: roomId, error });
    }
  }

  /** Records a join reply; with `since`, a replay follows unless `recovered` is false. */
  private track(roomId: string, data: JoinRoomResult, password: string | undefined, since: RecoveryPosition | undefined): void {
    const previous = this.rooms.get(roomId);
    const recovering = since !== undefined && data.recovered === true;
    const position = recovering ? { offset: since.offset, epoch: data.epoch } : { offset: Math.max(data.offset, previous?.position.epoch === data.epoch ? previous.position.offset : 0), epoch: data.epoch };
    this.rooms.set(roomId, { position, password, own: recovering && previous ? previous.own : new Set() });
    if (since !== undefined && !recovering) this.emit('resync', { room_id: roomId });
  }

  /** Moves a room's position to `offset`, then past any of the client's own messages that follow it. */
  private advance(room: TrackedRoom, offset: number): void {
    let next = Math.max(room.position.offset, offset);
    for (const own of [...room.own]) if (own <= next) room.own.delete(own);
    while (room.own.delete(next + 1)) next++;
    room.position.offset = next;
  }

  private dispatch(frame: ServerFrame): void {
    switch (frame.type) {
      case 'room_message': {
        const room = this.rooms.get(frame.room_id);
        if (room) this.advance(room, frame.offset);
        break;
      }
      case 'room_deleted':
        this.rooms.delete(frame.room_id);
        break;
      case 'user_left':
        if (frame.user_id === this.welcome?.client_id && (frame.reason === 'kicked' || frame.reason === 'banned')) this.rooms.delete(frame.room_id);
        break;
      case 'error':
        if ((frame.code === 'KICKED' || frame.code === 'BANNED') && frame.room_id !== undefined && frame.request_id === undefined) this.rooms.delete(frame.room_id);
        break;
    }
    const requestId = 'request_id' in frame ? frame.request_id : undefined;
    const pending = requestId !== undefined ? this.pending.get(requestId) : undefined;
    if (pending && requestId !== undefined) {
      this.pending.delete(requestId);
      clearTimeout(pending.timer);
      if (frame.type === 'error') pending.reject(RustySocksError.fromFrame(frame));
      else pending.resolve(frame);
    }
    this.emit(frame.type, frame as never);
  }

  private onClosed(code: number, reason: string): void {
    this.socket = undefined;
    this.welcome = undefined;
    this.rejectPending(ClientErrorCode.Disconnected, `The connection closed (code ${code}) before the reply came`);
    // 4401/4403 need a new token: retrying with the same one would only be refused again.
    const willReconnect = !this.closedByUser && this.backoff !== false && this.everWelcomed && !NO_RECONNECT.has(code);
    this.emit('close', { code, reason, willReconnect });
    if (willReconnect) this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.backoff === false) return;
    const attempt = ++this.attempt;
    const delayMs = backoffDelay(attempt, this.backoff);
    this.emit('reconnecting', { attempt, delayMs });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.closedByUser) return;
      // A socket that fails closes, and onClosed decides about the next attempt; only a failure before
      // any socket existed (a token function or the constructor threw) is retried from here.
      this.open().catch((err: unknown) => {
        if (!(err instanceof RustySocksError) && !this.socket && !this.reconnectTimer && !this.closedByUser) this.scheduleReconnect();
      });
    }, delayMs);
  }

  private rejectPending(code: string, message: string): void {
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      clearTimeout(pending.timer);
      pending.reject(new RustySocksError(code, message));
    }
  }
}

/** The `data` of a `success` reply, as the request's type defines it. */
function dataOf<T>(frame: ServerFrame): T {
  return (frame as SuccessFrame).data as unknown as T;
}

function parseFrame(data: unknown): ServerFrame | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const frame = JSON.parse(data) as ServerFrame;
    return frame && typeof frame === 'object' && typeof frame.type === 'string' ? frame : undefined;
  } catch {
    return undefined;
  }
}
