/** Injection token of the room store (`RoomStore`). */
export const ROOM_STORE = 'RUSTY_SOCKS:ROOM_STORE';
/** The pattern every room id matches (PROTOCOL.md §5.1). */
export const ROOM_ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
/** Room names are this long after trimming. */
export const ROOM_NAME_MIN = 2;
export const ROOM_NAME_MAX = 50;
/** `max_members` bounds. */
export const MAX_MEMBERS_LIMIT = 1000;
/** Longest room password accepted (the KDF cost does not depend on it, but the frame does). */
export const ROOM_PASSWORD_MAX = 128;
/** How long a client is told to wait when the worker pool is full. */
export const POOL_BUSY_RETRY_MS = 1000;
/** Injection token of the history store (`HistoryStore`). */
export const HISTORY_STORE = 'RUSTY_SOCKS:HISTORY_STORE';
/** `get_history` page size when `limit` is absent, and its largest value (PROTOCOL.md §3). */
export const HISTORY_PAGE_DEFAULT = 50;
export const HISTORY_PAGE_MAX = 100;
/**
 * How often aged-out messages are purged and idle rooms forgotten. The age limit itself is exact (every
 * read drops what is too old); the purge only bounds memory for rooms nobody reads, so a minute is plenty.
 */
export const HISTORY_PURGE_INTERVAL_MS = 60_000;
