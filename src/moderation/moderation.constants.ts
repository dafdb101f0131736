/** Metadata key of `@RequirePermission`. */
export const REQUIRED_PERMISSION = 'RUSTY_SOCKS:REQUIRED_PERMISSION';
/** Injection token of the room-role store (`RoomRoleStore`). */
export const ROOM_ROLE_STORE = 'RUSTY_SOCKS:ROOM_ROLE_STORE';
