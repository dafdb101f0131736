import { RedisHistoryStore } from '../cluster/redis-history.store';
import { RedisKeys } from '../cluster/redis-keys';
import { Inject, Injectable } from '@nestjs/common';
import type { RecoveryPosition } from '../client/protocol';
import { RoomMessageFrame } from '../common/outbound-frames';
import { HistoryStore } from './history.store';
import { RoomRecord } from './room';
import { HISTORY_STORE } from './rooms.constants';

/** Where a client left a room: the last offset it saw, in the epoch it saw it (`join_room.since`). */
export type { RecoveryPosition };

/** What a join with `since` replays: every missed message, or nothing with `recovered: false`. */
export interface Recovery {
  recovered: boolean;
  /** The missed messages still in history, oldest first (deleted ones are gone for everyone). */
  messages: RoomMessageFrame[];
}

const NOT_RECOVERED: Recovery = Object.freeze({ recovered: false, messages: [] as RoomMessageFrame[] }) as Recovery;

/**
 * The protocol's view of room history (PROTOCOL.md §3–§4): keeping published messages, pages for
 * `get_history`, the recovery rule of `join_room` with `since`, and the senders `delete_message` asks
 * about. The messages themselves live in the `HistoryStore`.
 */
@Injectable()
export class RoomHistoryService {
  constructor(@Inject(HISTORY_STORE) private readonly store: HistoryStore) {}

  /** Keeps a message just published (before it is fanned out, which recovery relies on). */
  record(message: RoomMessageFrame, at: number): Promise<void> {
    return this.store.append(message, at);
  }

  /**
   * Publishes a room message cluster-wide in one step (offset, history, the room's channel); only for a
   * store shared through Redis. Undefined when the room is gone.
   */
  publish(draft: RoomMessageFrame, at: number, envelopeHead: string): Promise<number | undefined> {
    if (!(this.store instanceof RedisHistoryStore)) throw new Error('Publishing cluster-wide needs the Redis history store');
    return this.store.publish(draft, at, RedisKeys.roomChannel(draft.room_id), envelopeHead);
  }

  /**
   * The messages a client missed since `since`, when all of them can be given: never a partial
   * replay. `lastOffset` is the room's offset read after the catch-up began; `from` is the offset above
   * which the connection gets every message anyway (live or held for it), so only those up to it are owed.
   */
  async recover(room: RoomRecord, since: RecoveryPosition, lastOffset: number, from: number): Promise<Recovery> {
    // Another epoch: the client's offsets number a history this room does not continue (another
    // process, another life of the room). An offset past the room's last was never handed out here.
    if (since.epoch !== room.epoch || since.offset > lastOffset) return NOT_RECOVERED;
    if (since.offset >= from) return { recovered: true, messages: [] };
    const messages = await this.store.after(room.id, since.offset);
    return messages ? { recovered: true, messages: messages.filter((m) => m.offset <= from) } : NOT_RECOVERED;
  }

  /** A page of `get_history`: the newest `limit` messages before offset `before` (exclusive), oldest first. */
  page(roomId: string, limit: number, before: number | null): Promise<RoomMessageFrame[]> {
    return this.store.page(roomId, limit, before);
  }

  /** Who sent one of the room's kept messages (undefined: unknown, trimmed, aged out or deleted). */
  async senderOf(roomId: string, messageId: string): Promise<string | undefined> {
    return (await this.store.get(roomId, messageId))?.sender_id;
  }

  /** Takes a deleted message out of history; returns it, or undefined when it is not kept. */
  remove(roomId: string, messageId: string): Promise<RoomMessageFrame | undefined> {
    return this.store.remove(roomId, messageId);
  }

  async hasMessages(roomId: string): Promise<boolean> {
    return (await this.store.size(roomId)) > 0;
  }

  /** Drops aged-out messages everywhere; returns the rooms left with none. */
  purgeExpired(): Promise<string[]> {
    return this.store.purgeExpired();
  }

  /** The rooms history holds anything for. */
  rooms(): Promise<string[]> {
    return this.store.rooms();
  }

  forgetRoom(roomId: string): Promise<void> {
    return this.store.forgetRoom(roomId);
  }
}
