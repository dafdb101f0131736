/** Prefix of every key and channel Rusty Socks writes in Redis. */
export const KEY_PREFIX = 'rs:';

/** How long an instance counts as alive after its last heartbeat; its presence is cleaned up after that. */
export const INSTANCE_TTL_MS = 15_000;

/** How often an instance renews its heartbeat (well inside the TTL, so one missed beat is harmless). */
export const HEARTBEAT_MS = 5_000;

/** How long a start waits for Redis before giving up with a clear message. */
export const STARTUP_WAIT_MS = 10_000;
