/** A character repeated this many times in a row is spam. */
export const MAX_CHARACTER_RUN = 10;
/** The same content more than this many times from one user within the window is spam. */
export const MAX_REPEATS = 3;
export const REPEAT_WINDOW_MS = 30_000;
/** Distinct recent contents remembered per user for the repeat check. */
export const REMEMBERED_CONTENTS = 8;
