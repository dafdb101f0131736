/** Prefix of every key and channel Rusty Socks writes in Redis. */
export const KEY_PREFIX = 'rs:';

/** How long a start waits for Redis before giving up with a clear message. */
export const STARTUP_WAIT_MS = 10_000;

/** How long a command may take before the request that needs it is answered "briefly unavailable". */
export const COMMAND_TIMEOUT_MS = 2_000;
