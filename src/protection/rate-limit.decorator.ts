import { SetMetadata } from '@nestjs/common';
import { RATE_LIMIT_KIND } from './protection.constants';

/** The budgets requests are counted against (besides the global ceiling every request counts toward). */
export type RateLimitKind = 'chat' | 'private' | 'rooms' | 'create_room' | 'moderation';

/** Counts a gateway handler's requests against one budget (`WsThrottlerGuard`). Handlers without it count only toward the global ceiling. */
export const RateLimit = (kind: RateLimitKind) => SetMetadata(RATE_LIMIT_KIND, kind);
