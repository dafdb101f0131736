import { JoinOutcome, LeaveOutcome, MemberRecord, RoomRecord } from './room';

/**
 * The room registry, membership and message offsets: state that the Redis version shares between
 * instances. Asynchronous, so that version slots in without touching callers. Membership counts
 * connections per user, so presence is per user (first connection in, last connection out).
 */
export interface RoomStore {
  /** Adds a room; false when the id is taken. */
  create(room: RoomRecord): Promise<boolean>;
  get(roomId: string): Promise<RoomRecord | undefined>;
  /** Removes a room with its members and offsets. */
  delete(roomId: string): Promise<void>;
  /** Removes a room only if it has no members (checked and done at once); false when it has some or is gone. */
  deleteIfEmpty(roomId: string): Promise<boolean>;
  list(): Promise<RoomRecord[]>;
  count(): Promise<number>;
  /** Offset of the room's last message (0 when none). */
  lastOffset(roomId: string): Promise<number>;
  /** Allots the next offset, one more than the last; undefined when the room is gone. */
  nextOffset(roomId: string): Promise<number | undefined>;
  /** Adds one connection of a user, refusing a new user when the room has `maxMembers` users. */
  addMember(roomId: string, member: MemberRecord, maxMembers: number | null): Promise<JoinOutcome>;
  /** Removes one connection of a user. */
  removeMember(roomId: string, userId: string): Promise<LeaveOutcome>;
  members(roomId: string): Promise<MemberRecord[]>;
  memberCount(roomId: string): Promise<number>;
  isMember(roomId: string, userId: string): Promise<boolean>;
}
