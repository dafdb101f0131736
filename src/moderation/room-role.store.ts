import { Role } from './role';

/**
 * Roles set per room (the creator's Owner role, later ones given by `set_user_role`). An interface,
 * asynchronous like every store, so the Redis version can replace the in-memory one.
 */
export interface RoomRoleStore {
  get(roomId: string, userId: string): Promise<Role | undefined>;
  set(roomId: string, userId: string, role: Role): Promise<void>;
  /** Forgets every role of a room (when it is deleted). */
  clearRoom(roomId: string): Promise<void>;
}

/** Roles in process memory: one small map per room that has any. */
export class InMemoryRoomRoleStore implements RoomRoleStore {
  private readonly rooms = new Map<string, Map<string, Role>>();

  async get(roomId: string, userId: string): Promise<Role | undefined> {
    return this.rooms.get(roomId)?.get(userId);
  }

  async set(roomId: string, userId: string, role: Role): Promise<void> {
    let roles = this.rooms.get(roomId);
    if (!roles) this.rooms.set(roomId, (roles = new Map()));
    roles.set(userId, role);
  }

  async clearRoom(roomId: string): Promise<void> {
    this.rooms.delete(roomId);
  }
}
