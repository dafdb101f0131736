import { JoinOutcome, LeaveOutcome, MemberRecord, RoomRecord } from '../rooms/room';
import { RoomStore } from '../rooms/room.store';
import { orUnavailable, RedisConnection } from './redis-connection';
import { RedisKeys as K } from './redis-keys';
import { defineScript, RedisScript } from './redis-script';

const CREATE = `
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[2], 'record', ARGV[2], 'offset', 0)
return 1`;

// KEYS: rooms, room, members, memberConns. Only a room with no connection in it goes.
const DELETE_IF_EMPTY = `
if redis.call('EXISTS', KEYS[2]) == 0 or redis.call('HLEN', KEYS[4]) > 0 then return 0 end
redis.call('SREM', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
return 1`;

const NEXT_OFFSET = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
return redis.call('HINCRBY', KEYS[1], 'offset', 1)`;

// KEYS: room, members, memberConns, instanceMembers. ARGV: userId, member JSON, max members (0: none), share field.
// Returns {1, firstForUser, memberCount} or {0, 'full'|'gone'}.
const ADD_MEMBER = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {0, 'gone'} end
local first = 0
if redis.call('HEXISTS', KEYS[3], ARGV[1]) == 0 then
  local max = tonumber(ARGV[3])
  if max > 0 and redis.call('HLEN', KEYS[3]) >= max then return {0, 'full'} end
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
  first = 1
end
redis.call('HINCRBY', KEYS[3], ARGV[1], 1)
redis.call('HINCRBY', KEYS[4], ARGV[4], 1)
return {1, first, redis.call('HLEN', KEYS[3])}`;

// KEYS: members, memberConns, instanceMembers. ARGV: userId, share field.
// Only this instance's connections can be taken out by it. Returns {lastForUser, memberCount}.
const REMOVE_MEMBER = `
local mine = tonumber(redis.call('HGET', KEYS[3], ARGV[2]) or '0')
if mine <= 0 then return {0, redis.call('HLEN', KEYS[2])} end
if mine == 1 then redis.call('HDEL', KEYS[3], ARGV[2]) else redis.call('HINCRBY', KEYS[3], ARGV[2], -1) end
local left = redis.call('HINCRBY', KEYS[2], ARGV[1], -1)
if left > 0 then return {0, redis.call('HLEN', KEYS[2])} end
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[1], ARGV[1])
return {1, redis.call('HLEN', KEYS[2])}`;

const LIST = `
local out = {}
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local record = redis.call('HGET', '${K.room('')}' .. id, 'record')
  if record then out[#out + 1] = record end
end
return out`;

/**
 * The room registry, membership and offsets in Redis, shared by every instance. Each membership
 * change is one script, so checks and writes happen at once (a full room cannot be overfilled by two
 * instances). An instance also files its own share of each room's connections, which is how the
 * members of an instance that died are taken out (`PresenceService`).
 */
export class RedisRoomStore implements RoomStore {
  private readonly createScript: RedisScript;
  private readonly deleteIfEmptyScript: RedisScript;
  private readonly nextOffsetScript: RedisScript;
  private readonly addMemberScript: RedisScript;
  private readonly removeMemberScript: RedisScript;
  private readonly listScript: RedisScript;

  constructor(private readonly redis: RedisConnection) {
    const c = redis.commands;
    this.createScript = defineScript(c, 'rsRoomCreate', 2, CREATE);
    this.deleteIfEmptyScript = defineScript(c, 'rsRoomDeleteIfEmpty', 4, DELETE_IF_EMPTY);
    this.nextOffsetScript = defineScript(c, 'rsRoomNextOffset', 1, NEXT_OFFSET);
    this.addMemberScript = defineScript(c, 'rsRoomAddMember', 4, ADD_MEMBER);
    this.removeMemberScript = defineScript(c, 'rsRoomRemoveMember', 3, REMOVE_MEMBER);
    this.listScript = defineScript(c, 'rsRoomList', 1, LIST);
  }

  async create(room: RoomRecord): Promise<boolean> {
    return (await orUnavailable(this.createScript([K.rooms, K.room(room.id)], [room.id, JSON.stringify(room)]))) === 1;
  }

  async get(roomId: string): Promise<RoomRecord | undefined> {
    const record = await orUnavailable(this.redis.commands.hget(K.room(roomId), 'record'));
    return record === null ? undefined : (JSON.parse(record) as RoomRecord);
  }

  async delete(roomId: string): Promise<void> {
    await orUnavailable(this.redis.commands.multi().srem(K.rooms, roomId).del(K.room(roomId), K.members(roomId), K.memberConns(roomId)).exec());
  }

  async deleteIfEmpty(roomId: string): Promise<boolean> {
    return (await orUnavailable(this.deleteIfEmptyScript([K.rooms, K.room(roomId), K.members(roomId), K.memberConns(roomId)], [roomId]))) === 1;
  }

  async list(): Promise<RoomRecord[]> {
    const records = (await orUnavailable(this.listScript([K.rooms], []))) as string[];
    return records.map((r) => JSON.parse(r) as RoomRecord);
  }

  count(): Promise<number> {
    return orUnavailable(this.redis.commands.scard(K.rooms));
  }

  async lastOffset(roomId: string): Promise<number> {
    return Number((await orUnavailable(this.redis.commands.hget(K.room(roomId), 'offset'))) ?? 0);
  }

  async nextOffset(roomId: string): Promise<number | undefined> {
    const offset = await orUnavailable(this.nextOffsetScript([K.room(roomId)], []));
    return offset === null ? undefined : Number(offset);
  }

  async addMember(roomId: string, member: MemberRecord, maxMembers: number | null): Promise<JoinOutcome> {
    const result = (await orUnavailable(
      this.addMemberScript([K.room(roomId), K.members(roomId), K.memberConns(roomId), K.instanceMembers(this.redis.instanceId)], [member.userId, JSON.stringify(member), maxMembers ?? 0, shareField(roomId, member.userId)]),
    )) as [number, number | string, number?];
    if (result[0] === 0) return { joined: false, reason: result[1] as 'full' | 'gone' };
    return { joined: true, firstForUser: result[1] === 1, memberCount: result[2]! };
  }

  async removeMember(roomId: string, userId: string): Promise<LeaveOutcome> {
    const [last, count] = (await orUnavailable(
      this.removeMemberScript([K.members(roomId), K.memberConns(roomId), K.instanceMembers(this.redis.instanceId)], [userId, shareField(roomId, userId)]),
    )) as [number, number];
    return { lastForUser: last === 1, memberCount: count };
  }

  async members(roomId: string): Promise<MemberRecord[]> {
    const values = await orUnavailable(this.redis.commands.hvals(K.members(roomId)));
    return values.map((v) => JSON.parse(v) as MemberRecord);
  }

  memberCount(roomId: string): Promise<number> {
    return orUnavailable(this.redis.commands.hlen(K.memberConns(roomId)));
  }

  async isMember(roomId: string, userId: string): Promise<boolean> {
    return (await orUnavailable(this.redis.commands.hexists(K.memberConns(roomId), userId))) === 1;
  }
}

/** The field of an instance's share of a room's connections of one user. */
export function shareField(roomId: string, userId: string): string {
  return `${roomId}\n${userId}`;
}
