/** The two per-user restrictions in a room: a ban keeps the user out, a mute keeps them quiet. */
export type SanctionKind = 'ban' | 'mute';

/** A ban or mute of one user id in one room. */
export interface Sanction {
  /** When it ends, in ms since the epoch; null when it lasts until lifted. */
  readonly until: number | null;
}

/** Whether a sanction is still in force at `now` (it ends exactly at `until`). */
export function inForce(sanction: Sanction, now: number): boolean {
  return sanction.until === null || sanction.until > now;
}

/** `until` as the wire writes it: RFC 3339 UTC with milliseconds, or null when permanent. */
export function untilOnWire(until: number | null): string | null {
  return until === null ? null : new Date(until).toISOString();
}

/** "until <time>" or the given wording for a sanction without an end, for human-readable messages. */
export function describeUntil(until: number | null, otherwise: string): string {
  return until === null ? otherwise : `until ${untilOnWire(until)}`;
}
