import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerOptions } from '@nestjs/throttler';
import { CloseCode } from '../common/close-code';
import { ErrorCode } from '../common/error-code';
import { ProtocolException } from '../common/protocol.exception';
import { RUSTY_SOCKS_OPTIONS } from '../config/config.constants';
import { ResolvedOptions } from '../config/rusty-socks-options.interface';
import { ClientConnection, connectionOf } from '../connections/client-connection';
import { ConnectionRegistry } from '../connections/connection-registry.service';
import { FixedWindowStorage, WindowRecord } from './fixed-window.storage';
import { ABUSE_REFUSALS, ABUSE_WINDOW_MS, RATE_LIMIT_KIND } from './protection.constants';
import { RateLimitKind } from './rate-limit.decorator';

const MINUTE = 60_000;
const GLOBAL = 'global';

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
 * (`FixedWindowStorage`), and `canActivate` reads one piece of metadata per request instead of the
 * base guard's per-throttler lookups.
 */
@Injectable()
export class WsThrottlerGuard extends ThrottlerGuard {
  private readonly budgets: Record<RateLimitKind, Budget>;
  private readonly global: Budget;
  private readonly ipFactor: number;
  private readonly kinds = new Map<object, RateLimitKind | null>();

  constructor(
    // Explicit tokens: the base class's own @Inject metadata would otherwise be inherited.
    @Inject(RUSTY_SOCKS_OPTIONS) options: ResolvedOptions,
    @Inject(FixedWindowStorage) private readonly windows: FixedWindowStorage,
    @Inject(ConnectionRegistry) private readonly registry: ConnectionRegistry,
    @Inject(Reflector) reflector: Reflector,
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
    let refused: WindowRecord | undefined;
    if (kind) {
      const { limit, ttl } = this.budgets[kind];
      const { id, principal, ip } = connection;
      refused = worst(refused, this.windows.hit(`${kind}|c|${id}`, ttl, limit));
      refused = worst(refused, this.windows.hit(`${kind}|u|${principal.userId}`, ttl, limit));
      refused = worst(refused, this.windows.hit(`${kind}|ip|${ip}`, ttl, limit * this.ipFactor));
    }
    const ceiling = this.windows.hit(GLOBAL, this.global.ttl, this.global.limit);
    if (ceiling.isBlocked) this.refuse(connection, 'The server is at its request ceiling', ceiling);
    if (refused) this.refuse(connection, `Too many ${kind!.replace('_', ' ')} requests`, refused);
    return true;
  }

  private refuse(connection: ClientConnection, what: string, record: WindowRecord): never {
    if (this.windows.hit(`abuse|${connection.id}`, ABUSE_WINDOW_MS, ABUSE_REFUSALS).isBlocked) {
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
