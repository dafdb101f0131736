import { Inject, Injectable } from '@nestjs/common';
import { CloseCode } from '../common/close-code';
import { RUSTY_SOCKS_OPTIONS } from '../config/config.constants';
import { ResolvedOptions } from '../config/rusty-socks-options.interface';
import { ClientConnection, SendLimits } from './client-connection';

/** Connection counters, read by `/stats` and `/metrics`. */
export interface ConnectionCounters {
  /** Connections accepted since start. */
  total: number;
  /** Connections refused, by reason: at admission (HTTP), for a bad token (4401) or too many per user (4429). */
  refused: Record<RefusalReason, number>;
  /** Frames received from clients since start. */
  received: number;
}

/** Why a connection was refused: the admission checks in their order, then the two refusals after the upgrade. */
export type RefusalReason = 'draining' | 'not_ready' | 'origin' | 'per_ip' | 'max_conn' | 'pool' | 'auth_failed' | 'per_user';

/** Called when the server cuts a connection off (idle, too slow, shutting down), to release its state at once. */
export type EvictionListener = (connection: ClientConnection, code: CloseCode) => void;

/** The IP a socket is counted against, kept on the socket until `releaseIp`. */
const HELD_IP = Symbol('rusty-socks:held-ip');
type IpHolder = { [HELD_IP]?: string };

/** How long an evicted client gets to read its close frame before the socket is destroyed. */
const EVICTION_GRACE_MS = 5000;

/** The connections open on this instance, by user and by client IP. */
@Injectable()
export class ConnectionRegistry {
  private readonly byUser = new Map<string, Set<ClientConnection>>();
  private readonly byId = new Map<string, ClientConnection>();
  private readonly perIp = new Map<string, number>();
  private readonly evictionListeners: EvictionListener[] = [];
  private open = 0;
  readonly counters: ConnectionCounters = { total: 0, received: 0, refused: { draining: 0, not_ready: 0, origin: 0, per_ip: 0, max_conn: 0, pool: 0, auth_failed: 0, per_user: 0 } };
  /** The send-queue bounds, shared by every connection. */
  readonly sendLimits: SendLimits;

  constructor(@Inject(RUSTY_SOCKS_OPTIONS) options: ResolvedOptions) {
    this.sendLimits = Object.freeze({ frames: options.sendQueueLimit, bytes: options.sendQueueMaxBytes });
  }

  /** Registers a connection; returns how many connections its user now has here. */
  add(connection: ClientConnection): number {
    const userId = connection.principal.userId;
    let set = this.byUser.get(userId);
    if (!set) this.byUser.set(userId, (set = new Set()));
    set.add(connection);
    this.byId.set(connection.id, connection);
    this.open++;
    this.counters.total++;
    return set.size;
  }

  /** Forgets a connection; returns how many connections its user still has here. */
  remove(connection: ClientConnection): number {
    const userId = connection.principal.userId;
    const set = this.byUser.get(userId);
    if (!set?.delete(connection)) return set?.size ?? 0;
    this.byId.delete(connection.id);
    this.open--;
    if (set.size === 0) this.byUser.delete(userId);
    return set.size;
  }

  /** The user's open connections on this instance. */
  ofUser(userId: string): ReadonlySet<ClientConnection> {
    return this.byUser.get(userId) ?? EMPTY;
  }

  /** The open connection with this id (the `connection_id` of its welcome frame) on this instance. */
  byConnectionId(connectionId: string): ClientConnection | undefined {
    return this.byId.get(connectionId);
  }

  /** Open connections on this instance. */
  get size(): number {
    return this.open;
  }

  /** Every open connection. */
  *all(): IterableIterator<ClientConnection> {
    for (const set of this.byUser.values()) yield* set;
  }

  /** Open sockets from a client IP, counted from the upgrade to the socket's close. */
  connectionsFrom(ip: string): number {
    return this.perIp.get(ip) ?? 0;
  }

  /** Counts an upgraded socket against its client IP, until `releaseIp` on its close. */
  holdIp(socket: object, ip: string): void {
    // On the socket itself rather than in a WeakMap: a property is cheaper to set and to collect.
    (socket as IpHolder)[HELD_IP] = ip;
    this.perIp.set(ip, (this.perIp.get(ip) ?? 0) + 1);
  }

  /** Releases a socket's IP count; safe to call more than once, and for sockets never counted. */
  releaseIp(socket: object): void {
    const ip = (socket as IpHolder)[HELD_IP];
    if (ip === undefined) return;
    (socket as IpHolder)[HELD_IP] = undefined;
    const n = (this.perIp.get(ip) ?? 0) - 1;
    if (n > 0) this.perIp.set(ip, n);
    else this.perIp.delete(ip);
  }

  /** Subscribes to evictions (the session service releases rooms and presence). */
  onEviction(listener: EvictionListener): void {
    this.evictionListeners.push(listener);
  }

  /**
   * Cuts a connection off: its state is released at once, the close frame is sent, and the socket is
   * destroyed if the client has not completed the close after a grace period (a client that stopped
   * reading never will).
   */
  evict(connection: ClientConnection, code: CloseCode, reason: string): void {
    if (connection.closed) return;
    for (const listener of this.evictionListeners) listener(connection, code);
    const { socket } = connection;
    socket.close(code, reason);
    setTimeout(() => socket.terminate(), EVICTION_GRACE_MS).unref();
  }
}

const EMPTY: ReadonlySet<ClientConnection> = new Set();
