import { Clock } from '../common/clock';
import { RoomMessageFrame } from '../common/outbound-frames';
import { ResolvedOptions } from '../config/rusty-socks-options.interface';
import { HistoryStore } from '../rooms/history.store';
import { orUnavailable, RedisConnection } from './redis-connection';
import { RedisKeys as K } from './redis-keys';
import { defineScript, RedisScript } from './redis-script';

/**
 * Lua shared by the history scripts. KEYS[1] is the room's stream, KEYS[2] its index (message id →
 * offset, and `~lost`). Entries leave from the oldest end by trimming (past `max`) or ageing (`at` at or
 * before `cutoff`), raising `~lost`; `delete_message` removes one entry without touching `~lost`.
 */
const PRELUDE = `
local function drop_oldest(count)
  local old = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', count)
  local lost = 0
  for _, entry in ipairs(old) do
    local fields = entry[2]
    for i = 1, #fields, 2 do
      if fields[i] == 'id' then redis.call('HDEL', KEYS[2], fields[i + 1]) end
    end
    redis.call('XDEL', KEYS[1], entry[1])
    lost = tonumber(string.match(entry[1], '^(%d+)'))
  end
  if lost > tonumber(redis.call('HGET', KEYS[2], '~lost') or '0') then redis.call('HSET', KEYS[2], '~lost', lost) end
end
local function expire(cutoff)
  if cutoff <= 0 then return end
  while true do
    local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)[1]
    if not first then return end
    local at = 0
    for i = 1, #first[2], 2 do if first[2][i] == 'at' then at = tonumber(first[2][i + 1]) end end
    if at > cutoff then return end
    drop_oldest(1)
  end
end
local function append(offset, json, id, at, max)
  if max > 0 then
    redis.call('XADD', KEYS[1], offset .. '-0', 'm', json, 'at', at, 'id', id)
    redis.call('HSET', KEYS[2], id, offset)
    local excess = redis.call('XLEN', KEYS[1]) - max
    if excess > 0 then drop_oldest(excess) end
  elseif offset > tonumber(redis.call('HGET', KEYS[2], '~lost') or '0') then
    redis.call('HSET', KEYS[2], '~lost', offset)
  end
end
`;

// KEYS: stream, index, historyRooms. ARGV: offset, json, id, at, max, cutoff, roomId.
const APPEND = `${PRELUDE}
redis.call('SADD', KEYS[3], ARGV[7])
expire(tonumber(ARGV[6]))
append(tonumber(ARGV[1]), ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5]))
return 1`;

// The publish of a room message, all at once: allot the offset, keep the message, fan it out. Doing
// the three in one script is what makes every instance receive a room's messages in offset order.
// KEYS: stream, index, historyRooms, room. ARGV: JSON before the offset, JSON after it, id, at, max,
// cutoff, roomId, channel, envelope head. Returns the offset, or false when the room is gone.
const PUBLISH = `${PRELUDE}
if redis.call('EXISTS', KEYS[4]) == 0 then return false end
local offset = redis.call('HINCRBY', KEYS[4], 'offset', 1)
local json = ARGV[1] .. offset .. ARGV[2]
redis.call('SADD', KEYS[3], ARGV[7])
expire(tonumber(ARGV[6]))
append(offset, json, ARGV[3], ARGV[4], tonumber(ARGV[5]))
redis.call('PUBLISH', ARGV[8], ARGV[9] .. json)
return offset`;

// KEYS: stream, index. ARGV: cutoff, limit, before (exclusive; '+' for none). Newest first.
const PAGE = `${PRELUDE}
expire(tonumber(ARGV[1]))
local entries = redis.call('XREVRANGE', KEYS[1], ARGV[3], '-', 'COUNT', ARGV[2])
local out = {}
for _, entry in ipairs(entries) do out[#out + 1] = entry[2][2] end
return out`;

// KEYS: stream, index. ARGV: cutoff, offset. False when something after the offset was lost.
const AFTER = `${PRELUDE}
expire(tonumber(ARGV[1]))
local offset = tonumber(ARGV[2])
if offset < tonumber(redis.call('HGET', KEYS[2], '~lost') or '0') then return false end
local out = {}
for _, entry in ipairs(redis.call('XRANGE', KEYS[1], '(' .. offset .. '-0', '+')) do out[#out + 1] = entry[2][2] end
return out`;

// KEYS: stream, index. ARGV: cutoff, message id, remove (1) or only read (0).
const FIND = `${PRELUDE}
expire(tonumber(ARGV[1]))
local offset = redis.call('HGET', KEYS[2], ARGV[2])
if not offset then return false end
local entry = redis.call('XRANGE', KEYS[1], offset .. '-0', offset .. '-0')[1]
if not entry then return false end
if ARGV[3] == '1' then
  redis.call('XDEL', KEYS[1], entry[1])
  redis.call('HDEL', KEYS[2], ARGV[2])
end
return entry[2][2]`;

// KEYS: stream, index. ARGV: cutoff.
const SIZE = `${PRELUDE}
expire(tonumber(ARGV[1]))
return redis.call('XLEN', KEYS[1])`;

/**
 * Room history in Redis: a stream per room whose entry ids are the message offsets (`<offset>-0`), so
 * pages and recovery are range reads, plus an index of message ids. Every instance reads the same
 * history, so `get_history` and recovery with `since` work wherever a client lands, and after the
 * instance that published is gone. The limits are those of the in-memory store, applied in the same
 * scripts that read and write (the age limit against the app's `Clock`).
 */
export class RedisHistoryStore implements HistoryStore {
  private readonly limit: number;
  private readonly ttlMs: number;
  private readonly appendScript: RedisScript;
  private readonly publishScript: RedisScript;
  private readonly pageScript: RedisScript;
  private readonly afterScript: RedisScript;
  private readonly findScript: RedisScript;
  private readonly sizeScript: RedisScript;

  constructor(
    private readonly redis: RedisConnection,
    options: ResolvedOptions,
    private readonly clock: Clock,
  ) {
    this.limit = options.historySize;
    this.ttlMs = options.historyTtlSeconds * 1000;
    const c = redis.commands;
    this.appendScript = defineScript(c, 'rsHistoryAppend', 3, APPEND);
    this.publishScript = defineScript(c, 'rsHistoryPublish', 4, PUBLISH);
    this.pageScript = defineScript(c, 'rsHistoryPage', 2, PAGE);
    this.afterScript = defineScript(c, 'rsHistoryAfter', 2, AFTER);
    this.findScript = defineScript(c, 'rsHistoryFind', 2, FIND);
    this.sizeScript = defineScript(c, 'rsHistorySize', 2, SIZE);
  }

  async append(message: RoomMessageFrame, at: number): Promise<void> {
    await orUnavailable(this.appendScript(this.keys(message.room_id, K.historyRooms), [message.offset, JSON.stringify(message), message.id, at, this.limit, this.cutoff(), message.room_id]));
  }

  /**
   * Publishes a room message cluster-wide: allots its offset, keeps it and sends it on the room's
   * channel (headed by `envelopeHead`) in one step. `draft` is the frame with `offset` 0, which the
   * script replaces. Undefined when the room is gone.
   */
  async publish(draft: RoomMessageFrame, at: number, channel: string, envelopeHead: string): Promise<number | undefined> {
    const json = JSON.stringify(draft);
    // `offset` follows `type` and `id` (a UUID), so its first occurrence is the field itself.
    const at0 = json.indexOf(OFFSET_FIELD);
    const head = json.slice(0, at0 + OFFSET_FIELD.length - 1);
    const tail = json.slice(at0 + OFFSET_FIELD.length);
    const offset = await orUnavailable(
      this.publishScript([...this.keys(draft.room_id, K.historyRooms), K.room(draft.room_id)], [head, tail, draft.id, at, this.limit, this.cutoff(), draft.room_id, channel, envelopeHead]),
    );
    return offset === null ? undefined : Number(offset);
  }

  async page(roomId: string, limit: number, before: number | null): Promise<RoomMessageFrame[]> {
    const newestFirst = (await orUnavailable(this.pageScript(this.keys(roomId), [this.cutoff(), limit, before === null ? '+' : `(${before}-0`]))) as string[];
    return newestFirst.reverse().map(parse);
  }

  async after(roomId: string, offset: number): Promise<RoomMessageFrame[] | null> {
    const found = (await orUnavailable(this.afterScript(this.keys(roomId), [this.cutoff(), offset]))) as string[] | null;
    return found === null ? null : found.map(parse);
  }

  async get(roomId: string, messageId: string): Promise<RoomMessageFrame | undefined> {
    const found = (await orUnavailable(this.findScript(this.keys(roomId), [this.cutoff(), messageId, 0]))) as string | null;
    return found === null ? undefined : parse(found);
  }

  async remove(roomId: string, messageId: string): Promise<RoomMessageFrame | undefined> {
    const found = (await orUnavailable(this.findScript(this.keys(roomId), [this.cutoff(), messageId, 1]))) as string | null;
    return found === null ? undefined : parse(found);
  }

  async size(roomId: string): Promise<number> {
    return Number(await orUnavailable(this.sizeScript(this.keys(roomId), [this.cutoff()])));
  }

  async purgeExpired(): Promise<string[]> {
    const emptied: string[] = [];
    for (const roomId of await this.rooms()) if ((await this.size(roomId)) === 0) emptied.push(roomId);
    return emptied;
  }

  rooms(): Promise<string[]> {
    return orUnavailable(this.redis.commands.smembers(K.historyRooms));
  }

  async forgetRoom(roomId: string): Promise<void> {
    await orUnavailable(this.redis.commands.multi().del(K.history(roomId), K.historyIndex(roomId)).srem(K.historyRooms, roomId).exec());
  }

  private keys(roomId: string, ...more: string[]): string[] {
    return [K.history(roomId), K.historyIndex(roomId), ...more];
  }

  /** Messages published at or before this are past the age limit (0: no limit). */
  private cutoff(): number {
    return this.ttlMs === 0 ? 0 : this.clock.now() - this.ttlMs;
  }
}

const OFFSET_FIELD = '"offset":0';

function parse(json: string): RoomMessageFrame {
  return JSON.parse(json) as RoomMessageFrame;
}
