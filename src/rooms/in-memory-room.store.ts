import { Injectable } from '@nestjs/common';
import { JoinOutcome, LeaveOutcome, MemberRecord, RoomRecord } from './room';
import { RoomStore } from './room.store';

interface RoomState {
  record: RoomRecord;
  offset: number;
  /** userId → the member and how many of its connections are in the room. */
  members: Map<string, { member: MemberRecord; connections: number }>;
}

/** Rooms in process memory: the single-node default. */
@Injectable()
export class InMemoryRoomStore implements RoomStore {
  private readonly rooms = new Map<string, RoomState>();

  async create(room: RoomRecord): Promise<boolean> {
    if (this.rooms.has(room.id)) return false;
    this.rooms.set(room.id, { record: room, offset: 0, members: new Map() });
    return true;
  }

  async get(roomId: string): Promise<RoomRecord | undefined> {
    return this.rooms.get(roomId)?.record;
  }

  async delete(roomId: string): Promise<void> {
    this.rooms.delete(roomId);
  }

  async deleteIfEmpty(roomId: string): Promise<boolean> {
    const state = this.rooms.get(roomId);
    if (!state || state.members.size > 0) return false;
    this.rooms.delete(roomId);
    return true;
  }

  async list(): Promise<RoomRecord[]> {
    return Array.from(this.rooms.values(), (s) => s.record);
  }

  async count(): Promise<number> {
    return this.rooms.size;
  }

  async lastOffset(roomId: string): Promise<number> {
    return this.rooms.get(roomId)?.offset ?? 0;
  }

  async nextOffset(roomId: string): Promise<number | undefined> {
    const state = this.rooms.get(roomId);
    return state ? ++state.offset : undefined;
  }

  async addMember(roomId: string, member: MemberRecord, maxMembers: number | null): Promise<JoinOutcome> {
    const state = this.rooms.get(roomId);
    if (!state) return { joined: false, reason: 'gone' };
    const entry = state.members.get(member.userId);
    if (entry) {
      entry.connections++;
      return { joined: true, firstForUser: false, memberCount: state.members.size };
    }
    if (maxMembers !== null && state.members.size >= maxMembers) return { joined: false, reason: 'full' };
    state.members.set(member.userId, { member, connections: 1 });
    return { joined: true, firstForUser: true, memberCount: state.members.size };
  }

  async removeMember(roomId: string, userId: string): Promise<LeaveOutcome> {
    const state = this.rooms.get(roomId);
    const entry = state?.members.get(userId);
    if (!state || !entry) return { lastForUser: false, memberCount: state?.members.size ?? 0 };
    if (--entry.connections > 0) return { lastForUser: false, memberCount: state.members.size };
    state.members.delete(userId);
    return { lastForUser: true, memberCount: state.members.size };
  }

  async members(roomId: string): Promise<MemberRecord[]> {
    const state = this.rooms.get(roomId);
    return state ? Array.from(state.members.values(), (e) => e.member) : [];
  }

  async memberCount(roomId: string): Promise<number> {
    return this.rooms.get(roomId)?.members.size ?? 0;
  }

  async isMember(roomId: string, userId: string): Promise<boolean> {
    return this.rooms.get(roomId)?.members.has(userId) ?? false;
  }
}
