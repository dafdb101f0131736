/** Clock tolerance for `exp` and `nbf` (PROTOCOL.md §2.2), in seconds. */
export const CLOCK_TOLERANCE_SECONDS = 60;
/** Longest accepted `sub`. */
export const MAX_SUBJECT_LENGTH = 128;
/** Longest accepted `username`. */
export const MAX_USERNAME_LENGTH = 64;
