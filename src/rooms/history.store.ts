import { RoomMessageFrame } from '../common/outbound-frames';

/**
 * Each room's recent messages, for `get_history`, `join_room` with `since` and `delete_message`.
 * Asynchronous like every store, so the Redis version (a stream per room, trimmed by length and age)
 * replaces the in-memory one without touching callers.
 *
 * The store applies the limits itself: at most `RUSTY_SOCKS_HISTORY_SIZE` messages per room, none older
 * than `RUSTY_SOCKS_HISTORY_TTL_SECONDS` when that is set. Messages leave in three ways, and the store
 * tells them apart: trimmed (past the size limit) and aged out both leave from the oldest end and make
 * the positions before them unrecoverable; deleted (`delete_message`) leaves a hole that recovery
 * skips, since the message is gone for everyone.
 */
export interface HistoryStore {
  /** Keeps a published message (`at`: when, in ms since the epoch), dropping the oldest past the limits. */
  append(message: RoomMessageFrame, at: number): Promise<void>;
  /** The newest `limit` kept messages with an offset below `before` (all offsets when null), oldest first. */
  page(roomId: string, limit: number, before: number | null): Promise<RoomMessageFrame[]>;
  /**
   * Every kept message with an offset above `offset`, oldest first; null when one of them was trimmed
   * or aged out, so that the gap since `offset` can no longer be filled whole.
   */
  after(roomId: string, offset: number): Promise<RoomMessageFrame[] | null>;
  /** A kept message by id. */
  get(roomId: string, messageId: string): Promise<RoomMessageFrame | undefined>;
  /** Removes a deleted message; returns it, or undefined when it is not kept. */
  remove(roomId: string, messageId: string): Promise<RoomMessageFrame | undefined>;
  /** How many messages a room keeps. */
  size(roomId: string): Promise<number>;
  /** Drops the messages past the age limit in every room; returns the rooms left with no message. */
  purgeExpired(): Promise<string[]>;
  /** The rooms the store holds anything for. */
  rooms(): Promise<string[]>;
  /** Forgets a room's history (when the room is deleted or forgotten). */
  forgetRoom(roomId: string): Promise<void>;
}
