/** A character repeated this many times in a row is spam. */
export const MAX_CHARACTER_RUN = 10;
/** The same content more than this many times from one user within the window is spam. */
export const MAX_REPEATS = 3;
export const REPEAT_WINDOW_MS = 30_000;
/** Distinct recent contents remembered per user for the repeat check. */
export const REMEMBERED_CONTENTS = 8;
/** Metadata key of `@RateLimit`. */
export const RATE_LIMIT_KIND = 'RUSTY_SOCKS:RATE_LIMIT_KIND';
/** Refused requests within `ABUSE_WINDOW_MS` after which a connection is closed with 4429. */
export const ABUSE_REFUSALS = 30;
export const ABUSE_WINDOW_MS = 60_000;
/** Injection token of the rate-limit windows shared by every instance (`RedisWindowStorage`); null without Redis. */
export const SHARED_RATE_LIMIT_WINDOWS = 'RUSTY_SOCKS:SHARED_RATE_LIMIT_WINDOWS';
