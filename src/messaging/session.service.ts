import { ClusterBus } from '../cluster/cluster-bus';
import { PresenceService } from '../cluster/presence.service';
import { clusterUnavailable, RedisConnection } from '../cluster/redis-connection';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import { AuthResult, AuthService } from '../auth/auth.service';
import { Clock } from '../common/clock';
import { CloseCode } from '../common/close-code';
import { ErrorCode } from '../common/error-code';
import { ProtocolException } from '../common/protocol.exception';
import { RUSTY_SOCKS_OPTIONS } from '../config/config.constants';
import { ResolvedOptions } from '../config/rusty-socks-options.interface';
import { ClientConnection, connectionOf } from '../connections/client-connection';
import { ConnectionRegistry } from '../connections/connection-registry.service';
import { OUTBOUND_SENDER } from '../connections/connections.constants';
import { OutboundSender } from '../connections/outbound-sender';
import { ReadinessService } from '../health/readiness.service';
import { RustySocksEvents } from '../host/rusty-socks-events';
import { LogSampler } from '../logging/log-sampler';
import { roleName } from '../moderation/role';
import { RoomsService } from '../rooms/rooms.service';

const TOO_MANY_FOR_USER = 'Too many connections for this user';
const AUTH_FAILED_FRAME = JSON.stringify({ type: 'error', code: ErrorCode.AuthFailed, message: 'Authentication failed' });
/** A close without a close frame (the socket was destroyed or the peer vanished). */
const ABNORMAL_CLOSURE = 1006;
/** Refused connections log one warning per IP (or user) per window; the rest go to `debug`. */
const REFUSAL_LOG_WINDOW_MS = 60_000;

/**
 * The life of a connection: accepting it with its principal (welcome frame, default rooms), keeping
 * its token current (expiry and `refresh_token`), and releasing everything it held when it closes.
 */
@Injectable()
export class SessionService implements BeforeApplicationShutdown {
  /** Connections counted against their user in Redis (with several instances), to be released on close. */
  private readonly claimed = new WeakSet<ClientConnection>();
  private readonly logger = new Logger(SessionService.name);
  private readonly refusalLogs: LogSampler;

  constructor(
    @Inject(RUSTY_SOCKS_OPTIONS) private readonly options: ResolvedOptions,
    @Inject(OUTBOUND_SENDER) private readonly sender: OutboundSender,
    private readonly registry: ConnectionRegistry,
    private readonly auth: AuthService,
    private readonly rooms: RoomsService,
    private readonly readiness: ReadinessService,
    private readonly clock: Clock,
    @Optional() private readonly events: RustySocksEvents = new RustySocksEvents(),
    @Optional() private readonly bus?: ClusterBus,
    @Optional() private readonly presence?: PresenceService,
    @Optional() private readonly redis?: RedisConnection,
  ) {
    this.refusalLogs = new LogSampler(clock, REFUSAL_LOG_WINDOW_MS);
    presence?.onForgotten(() => this.refileAll());
    registry.onEviction((connection, code) => void this.close(connection, code));
  }

  /**
   * Accepts an upgraded socket, or closes it (4401, 4429) when it may not stay. Every upgraded
   * socket counts against its IP until `socketClosed`, whatever becomes of it.
   */
  open(socket: WebSocket, auth: AuthResult | undefined, ip: string): void {
    this.registry.holdIp(socket, ip);
    if (!auth?.ok) {
      // The reason comes from the verifier, which words it without the token.
      this.logSampled(`auth|${ip}`, { event: 'auth.failed', ip, reason: auth?.reason ?? 'not authenticated' });
      this.registry.counters.refused.auth_failed++;
      socket.send(AUTH_FAILED_FRAME);
      socket.close(CloseCode.AuthFailed, 'Authentication failed');
      return;
    }
    if (this.registry.ofUser(auth.principal.userId).size >= this.options.maxConnectionsPerUser) {
      this.refusedPerUser(auth.principal.userId, ip);
      socket.close(CloseCode.PolicyViolation, TOO_MANY_FOR_USER);
      return;
    }
    const connection = new ClientConnection(randomUUID(), auth.principal, socket, ip, this.registry.sendLimits, this.clock.now());
    this.registry.add(connection);
    if (this.bus?.enabled) {
      // The user's other connections may be on other instances: the count is Redis' to say, so the
      // welcome waits (as the connection's first task) until the connection is counted there.
      connection.enqueue(() => this.admitClusterWide(connection, ip));
      return;
    }
    this.welcome(connection, ip);
  }

  /** One connection too many for the user (here, or with Redis cluster-wide): counted and logged. */
  private refusedPerUser(userId: string, ip: string): void {
    this.registry.counters.refused.per_user++;
    this.logSampled(`user|${userId}`, { event: 'connection.refused', code: CloseCode.PolicyViolation, reason: 'too many connections for this user', user_id: userId, ip });
  }

  /** A warning for the first line of its key in the window, debug for the repeats: refusals cannot flood the logs. */
  private logSampled(key: string, line: Record<string, unknown>): void {
    if (this.refusalLogs.first(key)) this.logger.warn(line);
    else this.logger.debug(line);
  }

  /** Counts the connection against its user cluster-wide, subscribes to the user's channel, then welcomes it. */
  private async admitClusterWide(connection: ClientConnection, ip: string): Promise<void> {
    const { userId } = connection.principal;
    let admitted: boolean;
    try {
      admitted = await this.presence!.claimConnection(userId, connection.id, this.options.maxConnectionsPerUser);
    } catch {
      this.sender.toConnection(connection, { type: 'error', code: ErrorCode.InternalError, message: clusterUnavailable().message });
      this.registry.evict(connection, CloseCode.TryAgainLater, 'Service briefly unavailable');
      return;
    }
    if (!admitted) {
      this.refusedPerUser(userId, ip);
      this.registry.evict(connection, CloseCode.PolicyViolation, TOO_MANY_FOR_USER);
      return;
    }
    this.claimed.add(connection);
    if (connection.closed) {
      await this.releaseClusterWide(connection);
      return;
    }
    try {
      await this.bus!.attachUser(userId, connection.id);
    } catch {
      this.registry.evict(connection, CloseCode.TryAgainLater, 'Service briefly unavailable');
      return;
    }
    if (!connection.closed) this.welcome(connection, ip);
  }

  private async releaseClusterWide(connection: ClientConnection): Promise<void> {
    if (!this.claimed.delete(connection)) return;
    this.bus!.detachUser(connection.principal.userId, connection.id);
    const { userId } = connection.principal;
    // During an outage the count is released once Redis is back, so the user is not locked out later.
    await this.presence!.releaseConnection(userId, connection.id).catch(() => this.redis?.whenBack(() => this.presence!.releaseConnection(userId, connection.id)));
  }

  /** With Redis: this instance was taken for dead; its rooms, memberships and connection counts are filed again. */
  private async refileAll(): Promise<void> {
    await this.rooms.recoverForgotten();
    for (const connection of Array.from(this.registry.all())) {
      if (connection.closed) continue;
      if (this.claimed.has(connection)) await this.presence!.refile(connection.principal.userId, connection.id);
      await this.rooms.refile(connection);
    }
  }

  /** The `connected` frame, then the default rooms (first in the connection's queue, so its first frames already find it there). */
  private welcome(connection: ClientConnection, ip: string): void {
    const { principal } = connection;
    if (Logger.isLevelEnabled('log')) this.logger.log({ event: 'connection.opened', connection_id: connection.id, user_id: principal.userId, authenticated: principal.authenticated, ip });
    this.sender.toConnection(connection, {
      type: 'connected',
      client_id: principal.userId,
      connection_id: connection.id,
      authenticated: principal.authenticated,
      username: principal.username,
      global_role: roleName(principal.globalRole),
    });
    if (this.events.wants('user.connected')) this.events.emit('user.connected', { connectionId: connection.id, userId: principal.userId, username: principal.username, authenticated: principal.authenticated, ip });
    // First in the connection's queue, so its first frames already find it in the default rooms.
    connection.enqueue(() =>
      this.rooms.joinDefaultRooms(connection).catch((err: unknown) => this.logger.error(`Joining default rooms failed: ${String(err)}`)),
    );
  }

  /**
   * A socket closed, whichever way: releases its IP count and, if it was accepted, its connection.
   * `code` is the socket's close code (1006 when it ended without a close frame).
   */
  socketClosed(socket: WebSocket, code: number = ABNORMAL_CLOSURE): Promise<void> {
    this.registry.releaseIp(socket);
    const connection = connectionOf(socket);
    return connection ? this.close(connection, code) : Promise.resolve();
  }

  /**
   * Releases everything a closed connection held: rooms (with `user_left`), timers, registry entry.
   * `code`: the close code, logged (for an eviction, the one the server chose).
   */
  async close(connection: ClientConnection, code: number = ABNORMAL_CLOSURE): Promise<void> {
    if (connection.closed) return;
    connection.closed = true;
    const { id, principal, ip, openedAt } = connection;
    if (Logger.isLevelEnabled('log')) this.logger.log({ event: 'connection.closed', connection_id: id, user_id: principal.userId, ip, code, duration_ms: this.clock.now() - openedAt });
    this.registry.remove(connection);
    if (this.bus?.enabled) await this.releaseClusterWide(connection);
    await this.rooms.leaveAll(connection, 'disconnected').catch((err: unknown) => this.logger.error(`Taking a closed connection out of its rooms failed: ${String(err)}`));
    if (this.events.wants('user.disconnected')) this.events.emit('user.disconnected', { connectionId: connection.id, userId: connection.principal.userId });
  }

  /** Replaces the connection's token with a newer one for the same user. */
  refresh(connection: ClientConnection, token: string): { expires_at: string } {
    const result = this.auth.verify(token);
    if (!result.ok || result.principal.userId !== connection.principal.userId) {
      throw new ProtocolException(ErrorCode.AuthFailed, 'Token refresh failed: the new token is invalid or for another user; the current token stays in force');
    }
    connection.principal.expiresAt = result.principal.expiresAt;
    connection.principal.globalRole = result.principal.globalRole;
    return { expires_at: new Date(result.principal.expiresAt!).toISOString() };
  }

  /**
   * Drain for shutdown: stop admitting (readiness turns 503 and upgrades are refused), tell every
   * client to reconnect elsewhere (1001), and wait, bounded, for them to go.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.readiness.startDraining();
    const open = Array.from(this.registry.all());
    if (open.length === 0) return;
    this.logger.log({ event: 'server.draining', connections: open.length });
    const gone = open.map((c) => new Promise<void>((resolve) => (c.socket.readyState === 3 ? resolve() : c.socket.once('close', () => resolve()))));
    for (const connection of open) connection.close(CloseCode.GoingAway, 'Server shutting down');
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.shutdownGraceSeconds * 1000)));
    await Promise.race([Promise.all(gone), grace]);
    clearTimeout(timer);
  }

  /**
   * Closes the connection (`TOKEN_EXPIRED`, 4403) once its token's `exp` plus the clock tolerance has
   * passed without a `refresh_token`. Called by the heartbeat's sweep, so expiry needs no timer per
   * connection; it lands within one sweep interval of the deadline.
   */
  expireIfDue(connection: ClientConnection, now: number): boolean {
    const deadline = this.auth.expiryDeadline(connection.principal);
    if (deadline === undefined || deadline > now) return false;
    this.sender.toConnection(connection, { type: 'error', code: ErrorCode.TokenExpired, message: 'Your token expired; reconnect with a new one' });
    this.registry.evict(connection, CloseCode.TokenExpired, 'Token expired');
    return true;
  }
}
