import { Role } from '../moderation/role';
import { RoomRoleStore } from '../moderation/room-role.store';
import { orUnavailable, RedisConnection } from './redis-connection';
import { RedisKeys as K } from './redis-keys';

/**
 * Roles set per room, shared by every instance: one hash per room (`rs:roles:<roomId>`, user id →
 * role number). A failure to reach Redis reaches the client as `INTERNAL_ERROR` ("briefly
 * unavailable"), never as a missing role, so nobody is silently demoted while Redis is down.
 */
export class RedisRoomRoleStore implements RoomRoleStore {
  constructor(private readonly redis: RedisConnection) {}

  async get(roomId: string, userId: string): Promise<Role | undefined> {
    const role = await orUnavailable(this.redis.commands.hget(K.roles(roomId), userId));
    return role === null ? undefined : (Number(role) as Role);
  }

  async set(roomId: string, userId: string, role: Role): Promise<void> {
    await orUnavailable(this.redis.commands.hset(K.roles(roomId), userId, role));
  }

  async clearRoom(roomId: string): Promise<void> {
    await orUnavailable(this.redis.commands.del(K.roles(roomId)));
  }
}
