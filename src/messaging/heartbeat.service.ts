import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../common/clock';
import { every, Stop } from '../common/periodic';
import { CloseCode } from '../common/close-code';
import { RUSTY_SOCKS_OPTIONS } from '../config/config.constants';
import { ResolvedOptions } from '../config/rusty-socks-options.interface';
import { ConnectionRegistry } from '../connections/connection-registry.service';
import { SessionService } from './session.service';

/**
 * Pings every connection each `RUSTY_SOCKS_PING` seconds and cuts off (4408) any that showed no sign
 * of life (a frame or a pong) for `RUSTY_SOCKS_TIMEOUT` seconds, releasing its rooms, presence and
 * counters at once; closes connections whose token expired (4403). One timer for the whole server,
 * none per connection.
 */
@Injectable()
export class HeartbeatService implements OnApplicationBootstrap, OnModuleDestroy {
  private stop?: Stop;
  private readonly logger = new Logger(HeartbeatService.name);
  private lastPing: number;
  private readonly pingMs: number;
  private readonly timeoutMs: number;

  constructor(
    @Inject(RUSTY_SOCKS_OPTIONS) options: ResolvedOptions,
    private readonly registry: ConnectionRegistry,
    private readonly sessions: SessionService,
    private readonly clock: Clock,
  ) {
    this.pingMs = options.pingIntervalSeconds * 1000;
    this.timeoutMs = options.idleTimeoutSeconds * 1000;
    this.lastPing = clock.now();
  }

  onApplicationBootstrap(): void {
    // Sweeping a few times per period keeps the idle close within a quarter period of its deadline.
    const sweepMs = Math.min(1000, Math.max(100, Math.min(this.pingMs, this.timeoutMs) / 4));
    this.stop = every(sweepMs, () => this.sweep(), (err) => this.logger.error(`Heartbeat sweep failed: ${String(err)}`));
  }

  onModuleDestroy(): void {
    this.stop?.();
  }

  /** One pass over the connections: evict the idle ones, ping the rest when a ping is due. */
  sweep(): void {
    const now = this.clock.now();
    const idleSince = now - this.timeoutMs;
    const ping = now - this.lastPing >= this.pingMs;
    if (ping) this.lastPing = now;
    for (const connection of this.registry.all()) {
      if (connection.closed) continue;
      // Any byte from the client (a frame, a pong) is a sign of life; reading the socket's counter
      // here costs nothing per message.
      const bytesRead = connection.rawSocket?.bytesRead ?? 0;
      if (bytesRead !== connection.lastBytesRead) {
        connection.lastBytesRead = bytesRead;
        connection.lastSeen = now;
      }
      if (this.sessions.expireIfDue(connection, now)) continue;
      if (connection.lastSeen <= idleSince) this.registry.evict(connection, CloseCode.IdleTimeout, 'Idle timeout');
      else if (ping) connection.socket.ping();
    }
  }
}
