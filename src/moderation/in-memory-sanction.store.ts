import { Injectable } from '@nestjs/common';
import { Sanction, SanctionKind } from './sanction';
import { SanctionStore } from './sanction.store';

type RoomSanctions = Record<SanctionKind, Map<string, Sanction>>;

/** Bans and mutes in process memory: two small maps per room that has any. */
@Injectable()
export class InMemorySanctionStore implements SanctionStore {
  private readonly rooms = new Map<string, RoomSanctions>();

  async get(kind: SanctionKind, roomId: string, userId: string): Promise<Sanction | undefined> {
    return this.rooms.get(roomId)?.[kind].get(userId);
  }

  async set(kind: SanctionKind, roomId: string, userId: string, sanction: Sanction): Promise<void> {
    let room = this.rooms.get(roomId);
    if (!room) this.rooms.set(roomId, (room = { ban: new Map(), mute: new Map() }));
    room[kind].set(userId, sanction);
  }

  async delete(kind: SanctionKind, roomId: string, userId: string): Promise<boolean> {
    const room = this.rooms.get(roomId);
    if (!room?.[kind].delete(userId)) return false;
    this.dropIfEmpty(roomId, room);
    return true;
  }

  async purgeEnded(now: number): Promise<number> {
    let purged = 0;
    for (const [roomId, room] of this.rooms) {
      for (const entries of [room.ban, room.mute]) {
        for (const [userId, { until }] of entries) {
          if (until !== null && until <= now) {
            entries.delete(userId);
            purged++;
          }
        }
      }
      this.dropIfEmpty(roomId, room);
    }
    return purged;
  }

  async clearRoom(roomId: string): Promise<void> {
    this.rooms.delete(roomId);
  }

  /** Entries held, all rooms and both kinds (for tests and diagnostics). */
  get size(): number {
    let n = 0;
    for (const room of this.rooms.values()) n += room.ban.size + room.mute.size;
    return n;
  }

  private dropIfEmpty(roomId: string, room: RoomSanctions): void {
    if (room.ban.size === 0 && room.mute.size === 0) this.rooms.delete(roomId);
  }
}
