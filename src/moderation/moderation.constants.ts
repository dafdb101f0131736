/** Metadata key of `@RequirePermission`. */
export const REQUIRED_PERMISSION = 'RUSTY_SOCKS:REQUIRED_PERMISSION';
/** Injection token of the room-role store (`RoomRoleStore`). */
export const ROOM_ROLE_STORE = 'RUSTY_SOCKS:ROOM_ROLE_STORE';
/** Injection token of the ban and mute store (`SanctionStore`). */
export const SANCTION_STORE = 'RUSTY_SOCKS:SANCTION_STORE';
/**
 * How often expired bans and mutes are purged. Expiry itself is exact (every read checks the clock);
 * the purge only bounds memory, so a minute is plenty.
 */
export const SANCTION_PURGE_INTERVAL_MS = 60_000;
/** Longest timed ban (`duration_hours`); longer ones are permanent bans (null). */
export const MAX_BAN_HOURS = 24 * 365;
/** Longest timed mute (`duration_minutes`); longer ones are mutes until unmuted (null). */
export const MAX_MUTE_MINUTES = 60 * 24 * 365;
