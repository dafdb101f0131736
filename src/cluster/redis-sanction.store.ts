import type { ChainableCommander } from 'ioredis';
import { Sanction, SanctionKind } from '../moderation/sanction';
import { SanctionStore } from '../moderation/sanction.store';
import { KEY_PREFIX } from './cluster.constants';
import { orUnavailable, RedisConnection } from './redis-connection';
import { RedisKeys as K } from './redis-keys';
import { defineScript, RedisScript } from './redis-script';

/** How a sanction without an end is written in its hash. */
const PERMANENT = '-1';

/** Ended entries one purge script handles before yielding, so a backlog never blocks Redis for long. */
const PURGE_BATCH = 500;

/**
 * KEYS: the end-time set. ARGV: now, batch size, the key prefix (the script builds `RedisKeys.sanctions(kind, roomId)`). Returns {purged, ended entries seen}.
 * Takes ended entries out of the end-time set and their hashes. An entry's hash field is removed only
 * while it still holds the end time the set had for it: a sanction imposed again after the one that
 * ended is newer and stays (with its own end time back in the set if it has one). Member format:
 * `<kind>|<roomId>|<userId>` (room ids cannot contain `|`; user ids may, so they come last).
 */
const PURGE_SCRIPT = `
local ended = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, ARGV[2])
local purged = 0
for i = 1, #ended, 2 do
  local member, score = ended[i], tonumber(ended[i + 1])
  local kind, roomId, userId = string.match(member, '^([^|]+)|([^|]*)|(.*)$')
  redis.call('ZREM', KEYS[1], member)
  if kind then
    local hash = ARGV[3] .. kind .. ':' .. roomId
    local stored = redis.call('HGET', hash, userId)
    if stored then
      local current = tonumber(stored)
      if current == score then
        redis.call('HDEL', hash, userId)
        purged = purged + 1
      elseif current and current >= 0 then
        redis.call('ZADD', KEYS[1], current, member)
      end
    end
  end
end
return {purged, #ended / 2}
`;

/** KEYS: the room's ban hash, mute hash, the end-time set. ARGV: room id. Drops both hashes of a room and their members of the end-time set, in one step. */
const CLEAR_ROOM_SCRIPT = `
local kinds = {'ban', 'mute'}
for k = 1, 2 do
  for _, userId in ipairs(redis.call('HKEYS', KEYS[k])) do
    redis.call('ZREM', KEYS[3], kinds[k] .. '|' .. ARGV[1] .. '|' .. userId)
  end
end
return redis.call('DEL', KEYS[1], KEYS[2])
`;

/**
 * Bans and mutes shared by every instance: a hash per room and kind (`rs:ban:<roomId>`,
 * `rs:mute:<roomId>`; user id → `until` in ms, `-1` for permanent) and one sorted set of end times
 * (`rs:sanction-ends`) so the purge reads only what has ended. Every instance purges every minute;
 * the purge script is idempotent, so that costs nothing but a round trip. A failure to reach Redis
 * reaches the client as `INTERNAL_ERROR` ("briefly unavailable"), never as "not banned".
 */
export class RedisSanctionStore implements SanctionStore {
  private readonly ends: string;
  private readonly purgeScript: RedisScript;
  private readonly clearRoomScript: RedisScript;

  constructor(private readonly redis: RedisConnection) {
    this.ends = K.sanctionEnds;
    this.purgeScript = defineScript(redis.commands, 'rsPurgeSanctions', 1, PURGE_SCRIPT);
    this.clearRoomScript = defineScript(redis.commands, 'rsClearRoomSanctions', 3, CLEAR_ROOM_SCRIPT);
  }

  async get(kind: SanctionKind, roomId: string, userId: string): Promise<Sanction | undefined> {
    const stored = await orUnavailable(this.redis.commands.hget(this.hash(kind, roomId), userId));
    if (stored === null) return undefined;
    return { until: stored === PERMANENT ? null : Number(stored) };
  }

  async set(kind: SanctionKind, roomId: string, userId: string, { until }: Sanction): Promise<void> {
    const member = endMember(kind, roomId, userId);
    const tx = this.redis.commands.multi().hset(this.hash(kind, roomId), userId, until === null ? PERMANENT : String(until));
    if (until === null) tx.zrem(this.ends, member);
    else tx.zadd(this.ends, until, member);
    await orUnavailable(exec(tx));
  }

  async delete(kind: SanctionKind, roomId: string, userId: string): Promise<boolean> {
    const tx = this.redis.commands.multi().hdel(this.hash(kind, roomId), userId).zrem(this.ends, endMember(kind, roomId, userId));
    const [removed] = await orUnavailable(exec(tx));
    return removed === 1;
  }

  async purgeEnded(now: number): Promise<number> {
    let purged = 0;
    for (;;) {
      const [batchPurged, seen] = (await orUnavailable(this.purgeScript([this.ends], [now, PURGE_BATCH, KEY_PREFIX]))) as [number, number];
      purged += batchPurged;
      if (seen < PURGE_BATCH) return purged;
    }
  }

  async clearRoom(roomId: string): Promise<void> {
    await orUnavailable(this.clearRoomScript([this.hash('ban', roomId), this.hash('mute', roomId), this.ends], [roomId]));
  }

  /** Must agree with the purge script, which builds it from `KEY_PREFIX`. */
  private hash(kind: SanctionKind, roomId: string): string {
    return K.sanctions(kind, roomId);
  }
}

function endMember(kind: SanctionKind, roomId: string, userId: string): string {
  return `${kind}|${roomId}|${userId}`;
}

/** Runs a MULTI and gives its replies, failing when the transaction or any command in it failed. */
async function exec(tx: ChainableCommander): Promise<unknown[]> {
  const results = await tx.exec();
  if (!results) throw new Error('Redis transaction was aborted');
  return results.map(([err, reply]) => {
    if (err) throw err;
    return reply;
  });
}
