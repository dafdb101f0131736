import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { every, Stop } from '../common/periodic';
import { RUSTY_SOCKS_OPTIONS } from '../config/config.constants';
import { ResolvedOptions } from '../config/rusty-socks-options.interface';
import { orUnavailable, RedisConnection } from './redis-connection';
import { RedisKeys as K } from './redis-keys';
import { defineScript, RedisScript } from './redis-script';

/** A user taken out of a room because the instance holding their connections died. */
export interface ReapedMember {
  roomId: string;
  userId: string;
  username: string;
}

// KEYS: instances. ARGV: instance id. Renews the heartbeat on Redis' clock (instances may disagree on
// time); 1 when the instance was not listed (first beat, or reaped meanwhile, or Redis lost its data).
const HEARTBEAT = `
local t = redis.call('TIME')
return redis.call('ZADD', KEYS[1], tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), ARGV[1])`;

// KEYS: instances. ARGV: ttl ms. The instances whose last heartbeat is older than the TTL.
const STALE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]))`;

// Takes back a dead instance's share of every count, at once (a second reaper finds nothing left).
// KEYS: instances, its members share, its users share, its connections, connection owners.
// ARGV: instance id, ttl ms, then the key prefixes of a room's member connections and members and of a user's counts (from RedisKeys).
// Returns {roomId, userId, member JSON} for each user who left a room with it.
const REAP = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local beat = redis.call('ZSCORE', KEYS[1], ARGV[1])
if beat and tonumber(beat) > now - tonumber(ARGV[2]) then return {} end
local left = {}
local shares = redis.call('HGETALL', KEYS[2])
for i = 1, #shares, 2 do
  local room, user = string.match(shares[i], '^(.-)\\n(.*)$')
  local conns = ARGV[3] .. room
  local members = ARGV[4] .. room
  local n = redis.call('HINCRBY', conns, user, -tonumber(shares[i + 1]))
  if n <= 0 then
    redis.call('HDEL', conns, user)
    local member = redis.call('HGET', members, user)
    redis.call('HDEL', members, user)
    if member then left[#left + 1] = {room, user, member} end
  end
end
local users = redis.call('HGETALL', KEYS[3])
for i = 1, #users, 2 do
  local key = ARGV[5] .. users[i]
  redis.call('HDEL', key, ARGV[1])
end
for _, id in ipairs(redis.call('SMEMBERS', KEYS[4])) do redis.call('HDEL', KEYS[5], id) end
redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
redis.call('ZREM', KEYS[1], ARGV[1])
return left`;

// KEYS: user's counts, instance users share, connection owners, instance connections.
// ARGV: instance id, user id, max, connection id. 1 when admitted.
const CLAIM = `
local total = 0
for _, n in ipairs(redis.call('HVALS', KEYS[1])) do total = total + tonumber(n) end
if total >= tonumber(ARGV[3]) then return 0 end
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
redis.call('HSET', KEYS[3], ARGV[4], ARGV[1])
redis.call('SADD', KEYS[4], ARGV[4])
return 1`;

// KEYS: as CLAIM. ARGV: instance id, user id, connection id.
const RELEASE = `
if redis.call('HINCRBY', KEYS[1], ARGV[1], -1) <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
if redis.call('HINCRBY', KEYS[2], ARGV[2], -1) <= 0 then redis.call('HDEL', KEYS[2], ARGV[2]) end
redis.call('HDEL', KEYS[3], ARGV[3])
redis.call('SREM', KEYS[4], ARGV[3])
return 1`;

/**
 * The cluster's view of which instances are alive, and what each holds: every instance renews a
 * heartbeat in a sorted set, files its share of each count (room connections per user, connections per
 * user) under its id, and reaps instances whose heartbeat is older than `RUSTY_SOCKS_INSTANCE_TTL_SECONDS`: their
 * users leave presence (with `user_left`, reason `disconnected`) and their connection counts are taken
 * back, with no manual clean-up. An instance only reaps once it has itself been up for a whole TTL, so
 * after a Redis outage the others get time to renew their heartbeats first.
 */
@Injectable()
export class PresenceService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(PresenceService.name);
  private heartbeatScript!: RedisScript;
  private staleScript!: RedisScript;
  private reapScript!: RedisScript;
  private claimScript!: RedisScript;
  private releaseScript!: RedisScript;
  private stop: Stop | undefined;
  private upSince = 0;
  private listed = false;
  private readonly forgottenListeners: (() => Promise<void>)[] = [];
  private readonly reapedListeners: ((members: ReapedMember[]) => void)[] = [];

  /** How long an instance counts as alive after its last heartbeat; heartbeats come every third of it. */
  private readonly ttlMs: number;

  constructor(
    private readonly redis: RedisConnection,
    @Inject(RUSTY_SOCKS_OPTIONS) options: ResolvedOptions,
  ) {
    this.ttlMs = options.instanceTtlSeconds * 1000;
    if (!redis.enabled) return;
    const c = redis.commands;
    this.heartbeatScript = defineScript(c, 'rsHeartbeat', 1, HEARTBEAT);
    this.staleScript = defineScript(c, 'rsStaleInstances', 1, STALE);
    this.reapScript = defineScript(c, 'rsReapInstance', 5, REAP);
    this.claimScript = defineScript(c, 'rsClaimConnection', 4, CLAIM);
    this.releaseScript = defineScript(c, 'rsReleaseConnection', 4, RELEASE);
    c.on('close', () => (this.upSince = 0));
    // Beat at once on return, before another instance that came back first can take this one for dead.
    redis.onReconnected(() => void this.beat().catch((err: unknown) => this.logger.warn(`Heartbeat failed: ${String(err)}`)));
  }

  /** Files a connection of the user again after this instance was forgotten (no limit: it is open already). */
  async refile(userId: string, connectionId: string): Promise<void> {
    await this.claimConnection(userId, connectionId, Number.MAX_SAFE_INTEGER);
  }

  async onModuleInit(): Promise<void> {
    if (!this.redis.enabled) return;
    await this.beat();
    this.stop = every(Math.floor(this.ttlMs / 3), () => this.beat(), (err: unknown) => this.logger.warn(`Heartbeat failed: ${String(err)}`));
  }

  onApplicationShutdown(): void {
    this.stop?.();
  }

  /** Called with the members reaped from dead instances, so that their rooms hear `user_left`. */
  onReaped(listener: (members: ReapedMember[]) => void): void {
    this.reapedListeners.push(listener);
  }

  /** Counts a new connection of the user cluster-wide and files where it is open; false when the user already has `max`. */
  async claimConnection(userId: string, connectionId: string, max: number): Promise<boolean> {
    return (await orUnavailable(this.claimScript(this.connectionKeys(userId), [this.redis.instanceId, userId, max, connectionId]))) === 1;
  }

  async releaseConnection(userId: string, connectionId: string): Promise<void> {
    await this.releaseScript(this.connectionKeys(userId), [this.redis.instanceId, userId, connectionId]);
  }

  /** The instance a connection is open on, if it is open anywhere. */
  async instanceOf(connectionId: string): Promise<string | undefined> {
    return (await orUnavailable(this.redis.commands.hget(K.connectionOwners, connectionId))) ?? undefined;
  }

  private connectionKeys(userId: string): string[] {
    return [K.userConns(userId), K.instanceUsers(this.redis.instanceId), K.connectionOwners, K.instanceConnections(this.redis.instanceId)];
  }

  /** The user's open connections on every live instance. */
  async connectionsOf(userId: string): Promise<number> {
    const counts = await orUnavailable(this.redis.commands.hvals(K.userConns(userId)));
    return counts.reduce((sum, n) => sum + Number(n), 0);
  }

  /**
   * Called when this instance finds itself unlisted after having been listed: it was taken for dead
   * during a long outage (or Redis restarted empty), so its share of presence and connection counts is
   * gone and must be filed again from what it holds.
   */
  onForgotten(listener: () => Promise<void>): void {
    this.forgottenListeners.push(listener);
  }

  /** Renews this instance's heartbeat, then reaps the dead. Public for tests, which call it instead of waiting. */
  async beat(): Promise<void> {
    const unlisted = (await this.heartbeatScript([K.instances], [this.redis.instanceId])) === 1;
    if (unlisted && this.listed) {
      this.logger.warn('This instance had been taken for dead (a long Redis outage, or Redis lost its data): filing its connections again');
      for (const listener of this.forgottenListeners) await listener();
    }
    this.listed = true;
    const now = Date.now();
    if (this.upSince === 0) this.upSince = now;
    if (now - this.upSince < this.ttlMs) return;
    await this.reapDead();
  }

  /** Reaps every instance whose heartbeat is older than the TTL; returns the members it took out. */
  async reapDead(): Promise<ReapedMember[]> {
    const stale = (await this.staleScript([K.instances], [this.ttlMs])) as string[];
    const reaped: ReapedMember[] = [];
    for (const instanceId of stale) {
      if (instanceId === this.redis.instanceId) continue;
      const left = (await this.reapScript([K.instances, K.instanceMembers(instanceId), K.instanceUsers(instanceId), K.instanceConnections(instanceId), K.connectionOwners], [instanceId, this.ttlMs, K.memberConns(''), K.members(''), K.userConns('')])) as [string, string, string][];
      for (const [roomId, userId, member] of left) reaped.push({ roomId, userId, username: (JSON.parse(member) as { username: string }).username });
      this.logger.warn(`Instance ${instanceId} stopped renewing its heartbeat: ${left.length} room member(s) it held were taken out`);
    }
    if (reaped.length > 0) for (const listener of this.reapedListeners) listener(reaped);
    return reaped;
  }
}
