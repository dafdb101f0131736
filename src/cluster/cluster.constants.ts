/** Prefix of every key and channel Rusty Socks writes in Redis. */
export const KEY_PREFIX = 'rs:';

/** How long a start waits for Redis before giving up with a clear message. */
export const STARTUP_WAIT_MS = 10_000;
