import { Injectable } from '@nestjs/common';
import { RateLimitKind } from './rate-limit.decorator';

/** A rate-limit budget a request can be refused by: a `@RateLimit` kind or the server's global ceiling. */
export type RateLimitBudget = RateLimitKind | 'global';

/**
 * Requests refused by the rate limits since start, by budget; read by `/metrics`. A provider of its own
 * because Nest builds one `WsThrottlerGuard` per module that binds it (the gateway's, each host
 * module's), and every one of them must count into the same numbers.
 */
@Injectable()
export class RateLimitCounters {
  readonly refused: Record<RateLimitBudget, number> = { chat: 0, private: 0, rooms: 0, create_room: 0, moderation: 0, global: 0 };
}
