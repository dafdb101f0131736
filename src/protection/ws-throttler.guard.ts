import { ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerOptions } from '@nestjs/throttler';
import { RedisWindowStorage } from '../cluster/redis-window.storage';
import { CloseCode } from '../common/close-code';
import { ErrorCode } from '../common/error-code';
import { ProtocolException } from '../common/protocol.exception';
import { RUSTY_SOCKS_OPTIONS } from '../config/config.constants';
import { ResolvedOptions } from '../config/rusty-socks-options.interface';
import { ClientConnection, connectionOf } from '../connections/client-connection';
import { ConnectionRegistry } from '../connections/connection-registry.service';
import { FixedWindowStorage, WindowRecord } from './fixed-window.storage';
import { ABUSE_REFUSALS, ABUSE_WINDOW_MS, RATE_LIMIT_KIND, SHARED_RATE_LIMIT_WINDOWS } from './protection.constants';
import { RateLimitBudget, RateLimitCounters } from './rate-limit.counters';
import { RateLimitKind } from './rate-limit.decorator';

const MINUTE = 60_000;
const GLOBAL = 'global' as const;

/** Which count refused a request: the connection's, its user's, its IP's, or the server's global ceiling. */
type RateLimitScope = 'connection' | 'user' | 'ip' | 'server';

interface Budget {
  limit: number;
  ttl: number;
}

/**
 * `@nestjs/throttler` adapted to WebSocket messages. Each request is counted against its handler's
 * budget (`@RateLimit('chat')`, …) three times — per connection, per user across connections, and
 * per client IP (with room for `maxConnectionsPerIp` users) — and against the server's global
 * ceiling. A refused request is not executed and answers `RATE_LIMITED` with `retry_after_ms`;
 * a connection refused `ABUSE_REFUSALS` times within a minute is closed with 4429. Counting is O(1)
 * (`FixedWindowStorage`; with Redis the user, IP and global windows are shared by every instance,
 * `RedisWindowStorage`), and `canActivate` reads one piece of metadata per request instead of the
 * base guard's per-throttler lookups.
 */
@Injectable()
export class WsThrottlerGuard extends ThrottlerGuard {
  private readonly budgets: Record<RateLimitKind, Budget>;
  private readonly global: Budget;
  private readonly ipFactor: number;
  private readonly kinds = new Map<object, RateLimitKind | null>();
  // Not `logger`: the base class has one of its own.
  private readonly logs = new Logger(WsThrottlerGuard.name);

  constructor(
    // Explicit tokens: the base class's own @Inject metadata would otherwise be inherited.
    @Inject(RUSTY_SOCKS_OPTIONS) options: ResolvedOptions,
    @Inject(FixedWindowStorage) private readonly windows: FixedWindowStorage,
    @Inject(ConnectionRegistry) private readonly registry: ConnectionRegistry,
    @Inject(Reflector) reflector: Reflector,
    @Inject(RateLimitCounters) private readonly counters: RateLimitCounters,
    @Inject(SHARED_RATE_LIMIT_WINDOWS) private readonly shared: RedisWindowStorage | null,
  ) {
    const budgets: Record<RateLimitKind, Budget> = {
      chat: { limit: options.rateLimitMessagesPerMinute, ttl: MINUTE },
      private: { limit: options.rateLimitPrivatePerMinute, ttl: MINUTE },
      rooms: { limit: options.rateLimitRoomOpsPerMinute, ttl: MINUTE },
      create_room: { limit: options.rateLimitRoomCreatesPerMinute, ttl: MINUTE },
      moderation: { limit: options.rateLimitModerationPerMinute, ttl: MINUTE },
    };
    const global: Budget = { limit: options.rateLimitGlobalPerSecond, ttl: 1000 };
    const throttlers: ThrottlerOptions[] = [...Object.entries(budgets).map(([name, b]) => ({ name, ...b })), { name: GLOBAL, ...global }];
    super({ throttlers }, windows, reflector);
    this.budgets = budgets;
    this.global = global;
    this.ipFactor = options.maxConnectionsPerIp;
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const connection = connectionOf(context.switchToWs().getClient())!;
    const kind = this.kindOf(context.getHandler());
    if (this.shared) return this.canActivateShared(connection, kind, this.shared);
    let refused: WindowRecord | undefined;
    let scope: RateLimitScope = 'connection';
    if (kind) {
      const { limit, ttl } = this.budgets[kind];
      const { id, principal, ip } = connection;
      const perConnection = this.windows.hit(`${kind}|c|${id}`, ttl, limit);
      const perUser = this.windows.hit(`${kind}|u|${principal.userId}`, ttl, limit);
      const perIp = this.windows.hit(`${kind}|ip|${ip}`, ttl, limit * this.ipFactor);
      refused = worst(worst(worst(undefined, perConnection), perUser), perIp);
      if (refused) scope = refused === perIp ? 'ip' : refused === perUser ? 'user' : 'connection';
    }
    const ceiling = this.windows.hit(GLOBAL, this.global.ttl, this.global.limit);
    if (ceiling.isBlocked) this.refuse(connection, GLOBAL, 'server', 'The server is at its request ceiling', ceiling);
    if (refused) this.refuse(connection, kind!, scope, `Too many ${kind!.replace('_', ' ')} requests`, refused);
    return true;
  }

  /**
   * With Redis: the connection's window stays local (a connection lives on one instance); the user's,
   * the IP's and the global ceiling are counted cluster-wide in one round trip. A request that its
   * connection's window already refuses is refused without asking Redis, so a flooding client costs
   * Redis nothing.
   */
  private async canActivateShared(connection: ClientConnection, kind: RateLimitKind | null, shared: RedisWindowStorage): Promise<boolean> {
    if (!kind) {
      const [ceiling] = await shared.hit([GLOBAL], [this.global.ttl], [this.global.limit]);
      if (ceiling.isBlocked) this.refuse(connection, GLOBAL, 'server', 'The server is at its request ceiling', ceiling);
      return true;
    }
    const { limit, ttl } = this.budgets[kind];
    const what = `Too many ${kind.replace('_', ' ')} requests`;
    const own = this.windows.hit(`${kind}|c|${connection.id}`, ttl, limit);
    if (own.isBlocked) this.refuse(connection, kind, 'connection', what, own);
    const [user, ip, ceiling] = await shared.hit(
      [`${kind}|u|${connection.principal.userId}`, `${kind}|ip|${connection.ip}`, GLOBAL],
      [ttl, ttl, this.global.ttl],
      [limit, limit * this.ipFactor, this.global.limit],
    );
    if (ceiling.isBlocked) this.refuse(connection, GLOBAL, 'server', 'The server is at its request ceiling', ceiling);
    const refused = worst(worst(undefined, user), ip);
    if (refused) this.refuse(connection, kind, refused === ip ? 'ip' : 'user', what, refused);
    return true;
  }

  private refuse(connection: ClientConnection, budget: RateLimitBudget, scope: RateLimitScope, what: string, record: WindowRecord): never {
    this.counters.refused[budget]++;
    const strikes = this.windows.hit(`abuse|${connection.id}`, ABUSE_WINDOW_MS, ABUSE_REFUSALS);
    // A warning for a connection's first refusal in the abuse window, the rest at debug: a client that
    // keeps hitting its limit cannot flood the logs (and is closed after ABUSE_REFUSALS anyway).
    const { id, principal, ip } = connection;
    const line = { event: 'rate_limit.hit', kind: budget, scope, connection_id: id, user_id: principal.userId, ip, retry_after_ms: record.retryAfterMs };
    if (strikes.totalHits === 1) this.logs.warn(line);
    else this.logs.debug(line);
    if (strikes.isBlocked) {
      if (strikes.totalHits === ABUSE_REFUSALS + 1) this.logs.warn({ event: 'rate_limit.abuse', connection_id: id, user_id: principal.userId, ip, refusals: strikes.totalHits });
      this.registry.evict(connection, CloseCode.PolicyViolation, 'Rate limit abuse');
    }
    throw new ProtocolException(ErrorCode.RateLimited, `${what}; retry in ${record.retryAfterMs} ms`, { retry_after_ms: record.retryAfterMs });
  }

  private kindOf(handler: object): RateLimitKind | null {
    let kind = this.kinds.get(handler);
    if (kind === undefined) {
      kind = (Reflect.getMetadata(RATE_LIMIT_KIND, handler) as RateLimitKind | undefined) ?? null;
      this.kinds.set(handler, kind);
    }
    return kind;
  }
}

/** The blocked record that makes the client wait longest, if any is blocked. */
function worst(current: WindowRecord | undefined, next: WindowRecord): WindowRecord | undefined {
  if (!next.isBlocked) return current;
  return current && current.retryAfterMs >= next.retryAfterMs ? current : next;
}
