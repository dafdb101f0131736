import { Logger } from '@nestjs/common';
import { FixedWindowStorage, windowRecord, WindowRecord } from '../protection/fixed-window.storage';
import { RedisConnection } from './redis-connection';
import { RedisKeys as K } from './redis-keys';
import { defineScript, RedisScript } from './redis-script';

/**
 * KEYS: the windows. ARGV: their lengths in ms, in the same order. One fixed window per key: `INCR`, and `PEXPIRE` when the key has no expiry yet (its first hit, or a
 * key left without one), so the window ends `ttl` ms after its first hit, on Redis' clock. Returns
 * `hits, pttl` per key.
 */
const HIT_SCRIPT = `
local out = {}
for i, key in ipairs(KEYS) do
  local hits = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    ttl = tonumber(ARGV[i])
    redis.call('PEXPIRE', key, ttl)
  end
  out[2 * i - 1] = hits
  out[2 * i] = ttl
end
return out
`;

/**
 * Rate-limit windows shared by every instance (per user, per IP, the global ceiling), counted in
 * Redis with one script call per request whatever the number of keys. While Redis cannot be reached
 * the same keys are counted in this instance's `FixedWindowStorage` instead: rate limiting must not
 * be what stops chat, and a request that needs Redis fails with its own "briefly unavailable" error.
 */
export class RedisWindowStorage {
  private readonly logger = new Logger('RateLimits');
  private countingLocally = false;
  /** The script, registered once per number of keys (a request counts 1 or 3 shared windows). */
  private readonly scripts: RedisScript[] = [];

  constructor(
    private readonly redis: RedisConnection,
    private readonly local: FixedWindowStorage,
  ) {}

  /** Counts one hit on each key; `records[i]` answers `keys[i]`, blocked past `limits[i]` until its window of `ttlsMs[i]` ends. */
  async hit(keys: readonly string[], ttlsMs: readonly number[], limits: readonly number[]): Promise<WindowRecord[]> {
    const n = keys.length;
    const script = (this.scripts[n] ??= defineScript(this.redis.commands, `rsHitWindows${n}`, n, HIT_SCRIPT));
    let replies: number[];
    try {
      replies = (await script(keys.map((key) => K.rateLimit(key)), ttlsMs)) as number[];
    } catch (err) {
      return this.hitLocally(keys, ttlsMs, limits, err);
    }
    if (this.countingLocally) {
      this.countingLocally = false;
      this.logger.log('Redis is back: rate limits are shared across instances again');
    }
    const records: WindowRecord[] = new Array(n);
    for (let i = 0; i < n; i++) records[i] = windowRecord(replies[2 * i], replies[2 * i + 1], limits[i]);
    return records;
  }

  private hitLocally(keys: readonly string[], ttlsMs: readonly number[], limits: readonly number[], err: unknown): WindowRecord[] {
    if (!this.countingLocally) {
      this.countingLocally = true;
      this.logger.warn(`Rate limits are counted per instance until Redis answers again (${String(err)})`);
    }
    return keys.map((key, i) => this.local.hit(key, ttlsMs[i], limits[i]));
  }
}
