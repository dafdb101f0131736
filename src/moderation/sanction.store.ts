import { Sanction, SanctionKind } from './sanction';

/**
 * Bans and mutes per (room, user id). Asynchronous like every store, so the Redis version (a hash per
 * room with a sorted set of end times) replaces the in-memory one without touching callers. The store
 * keeps entries as given; deciding whether one is still in force is the caller's (it owns the clock).
 */
export interface SanctionStore {
  /** The entry of a user in a room, ended or not. */
  get(kind: SanctionKind, roomId: string, userId: string): Promise<Sanction | undefined>;
  /** Sets or replaces the entry of a user in a room. */
  set(kind: SanctionKind, roomId: string, userId: string, sanction: Sanction): Promise<void>;
  /** Removes the entry of a user in a room; true when there was one. */
  delete(kind: SanctionKind, roomId: string, userId: string): Promise<boolean>;
  /** Removes every entry that ended at or before `now`; returns how many went. */
  purgeEnded(now: number): Promise<number>;
  /** Forgets every entry of a room (when it is deleted). */
  clearRoom(roomId: string): Promise<void>;
}
