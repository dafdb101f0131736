import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { RoomMessageFrame } from '../common/outbound-frames';
import { RUSTY_SOCKS_OPTIONS } from '../config/config.constants';
import { ResolvedOptions } from '../config/rusty-socks-options.interface';
import { HistoryStore } from './history.store';
import { RingBuffer } from './ring-buffer';

interface Entry {
  message: RoomMessageFrame;
  /** When it was published, in ms since the epoch (the age limit counts from it). */
  at: number;
}

interface RoomHistory {
  /** Kept messages, offsets rising. */
  entries: RingBuffer<Entry>;
  byId: Map<string, Entry>;
  /**
   * The highest offset that left by trimming or ageing (0: none). Positions below it cannot be
   * recovered whole; deletions do not move it, since a deleted message is not owed to anyone.
   */
  lostThrough: number;
}

const offsetOf = (entry: Entry): number => entry.message.offset;

/**
 * History in process memory: per room, a ring buffer of the last `historySize` messages and an index by
 * id. Messages past the age limit are dropped on every access to their room (so none is ever served
 * late) and by `purgeExpired` for rooms nobody reads.
 */
@Injectable()
export class InMemoryHistoryStore implements HistoryStore {
  private readonly histories = new Map<string, RoomHistory>();
  private readonly limit: number;
  private readonly ttlMs: number;

  constructor(
    @Inject(RUSTY_SOCKS_OPTIONS) options: ResolvedOptions,
    private readonly clock: Clock,
  ) {
    this.limit = options.historySize;
    this.ttlMs = options.historyTtlSeconds * 1000;
  }

  async append(message: RoomMessageFrame, at: number): Promise<void> {
    let room = this.histories.get(message.room_id);
    if (!room) this.histories.set(message.room_id, (room = { entries: new RingBuffer(), byId: new Map(), lostThrough: 0 }));
    this.expire(room);
    const entry: Entry = { message, at };
    const { entries } = room;
    // Offsets are allotted in publish order, so a message is nearly always the newest; one that
    // arrives late still goes to its place, keeping the buffer sorted for the searches.
    if (entries.size === 0 || offsetOf(entries.at(entries.size - 1)) < message.offset) entries.push(entry);
    else entries.insertAt(entries.lowerBound(message.offset, offsetOf), entry);
    room.byId.set(message.id, entry);
    while (entries.size > this.limit) this.drop(room);
  }

  async page(roomId: string, limit: number, before: number | null): Promise<RoomMessageFrame[]> {
    const room = this.live(roomId);
    if (!room) return [];
    const end = before === null ? room.entries.size : room.entries.lowerBound(before, offsetOf);
    return room.entries.slice(end - limit, end).map((e) => e.message);
  }

  async after(roomId: string, offset: number): Promise<RoomMessageFrame[] | null> {
    const room = this.live(roomId);
    if (!room) return [];
    if (offset < room.lostThrough) return null;
    return room.entries.slice(room.entries.lowerBound(offset + 1, offsetOf)).map((e) => e.message);
  }

  async get(roomId: string, messageId: string): Promise<RoomMessageFrame | undefined> {
    return this.live(roomId)?.byId.get(messageId)?.message;
  }

  async remove(roomId: string, messageId: string): Promise<RoomMessageFrame | undefined> {
    const room = this.live(roomId);
    const entry = room?.byId.get(messageId);
    if (!room || !entry) return undefined;
    room.byId.delete(messageId);
    room.entries.removeAt(room.entries.lowerBound(entry.message.offset, offsetOf));
    return entry.message;
  }

  async size(roomId: string): Promise<number> {
    return this.live(roomId)?.entries.size ?? 0;
  }

  async purgeExpired(): Promise<string[]> {
    const emptied: string[] = [];
    for (const [roomId, room] of this.histories) {
      this.expire(room);
      if (room.entries.size === 0) emptied.push(roomId);
    }
    return emptied;
  }

  async rooms(): Promise<string[]> {
    return Array.from(this.histories.keys());
  }

  async forgetRoom(roomId: string): Promise<void> {
    this.histories.delete(roomId);
  }

  /** Messages held, all rooms (for tests and diagnostics). */
  get messageCount(): number {
    let n = 0;
    for (const room of this.histories.values()) n += room.entries.size;
    return n;
  }

  private live(roomId: string): RoomHistory | undefined {
    const room = this.histories.get(roomId);
    if (room) this.expire(room);
    return room;
  }

  private expire(room: RoomHistory): void {
    if (this.ttlMs === 0 || room.entries.size === 0) return;
    const oldest = this.clock.now() - this.ttlMs;
    while (room.entries.size > 0 && room.entries.at(0).at <= oldest) this.drop(room);
    // The buffer may have grown to the size limit: once empty, keep only what recovery needs.
    if (room.entries.size === 0) room.entries = new RingBuffer();
  }

  private drop(room: RoomHistory): void {
    const entry = room.entries.shift()!;
    room.byId.delete(entry.message.id);
    room.lostThrough = Math.max(room.lostThrough, entry.message.offset);
  }
}
