/** Shapes of values the server writes, for `expect.stringMatching` and `toMatch`. */

/** A UUID as the server writes them (lower-case hex). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** RFC 3339 UTC with milliseconds and a `Z` (PROTOCOL.md §1). */
export const RFC3339_MS_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Every room id matches this (PROTOCOL.md §5.1). */
export const ROOM_ID = /^[A-Za-z0-9_.-]{1,64}$/;

/** The `client_id` of an anonymous guest: `anon-<uuid>` (PROTOCOL.md §2.2). */
export const ANON_ID = new RegExp(`^anon-${UUID.source.slice(1, -1)}$`);

/** The `username` of an anonymous guest: `guest-` and eight hex digits. */
export const GUEST_NAME = /^guest-[0-9a-f]{8}$/;
