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
import { roleName } from '../moderation/role';
import { RoomsService } from '../rooms/rooms.service';

const AUTH_FAILED_FRAME = JSON.stringify({ type: 'error', code: ErrorCode.AuthFailed, message: 'Authentication failed' });

/**
 * The life of a connection: accepting it with its principal (welcome frame, default rooms), keeping
 * its token current (expiry and `refresh_token`), and releasing everything it held when it closes.
 */
@Injectable()
export class SessionService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(SessionService.name);

  constructor(
    @Inject(RUSTY_SOCKS_OPTIONS) private readonly options: ResolvedOptions,
    @Inject(OUTBOUND_SENDER) private readonly sender: OutboundSender,
    private readonly registry: ConnectionRegistry,
    private readonly auth: AuthService,
    private readonly rooms: RoomsService,
    private readonly readiness: ReadinessService,
    private readonly clock: Clock,
    @Optional() private readonly events: RustySocksEvents = new RustySocksEvents(),
  ) {
    registry.onEviction((connection) => void this.close(connection));
  }

  /**
   * Accepts an upgraded socket, or closes it (4401, 4429) when it may not stay. Every upgraded
   * socket counts against its IP until `socketClosed`, whatever becomes of it.
   */
  open(socket: WebSocket, auth: AuthResult | undefined, ip: string): void {
    this.registry.holdIp(socket, ip);
    if (!auth?.ok) {
      // The reason comes from the verifier and never contains the token.
      this.logger.warn(`Authentication failed from ${ip}: ${auth?.reason ?? 'not authenticated'}`);
      this.registry.counters.rejected++;
      socket.send(AUTH_FAILED_FRAME);
      socket.close(CloseCode.AuthFailed, 'Authentication failed');
      return;
    }
    if (this.registry.ofUser(auth.principal.userId).size >= this.options.maxConnectionsPerUser) {
      this.registry.counters.rejected++;
      socket.close(CloseCode.PolicyViolation, 'Too many connections for this user');
      return;
    }
    const connection = new ClientConnection(randomUUID(), auth.principal, socket, ip, this.registry.sendLimits, this.clock.now());
    this.registry.add(connection);
    const { principal } = connection;
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

  /** A socket closed, whichever way: releases its IP count and, if it was accepted, its connection. */
  socketClosed(socket: WebSocket): Promise<void> {
    this.registry.releaseIp(socket);
    const connection = connectionOf(socket);
    return connection ? this.close(connection) : Promise.resolve();
  }

  /** Releases everything a closed connection held: rooms (with `user_left`), timers, registry entry. */
  async close(connection: ClientConnection): Promise<void> {
    if (connection.closed) return;
    connection.closed = true;
    this.registry.remove(connection);
    await this.rooms.leaveAll(connection, 'disconnected');
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
    this.logger.log(`Draining: closing ${open.length} connection(s) with 1001`);
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
