import { Logger } from '@nestjs/common';
import { pollUntil, within } from '../../test/support/poll';
import { describeWithRedis, TestRedis } from '../../test/support/redis';
import { SystemClock } from '../common/clock';
import { resolveOptions } from '../config/options.resolver';
import { ReadinessService } from '../health/readiness.service';
import { FixedWindowStorage } from '../protection/fixed-window.storage';
import { RedisConnection } from './redis-connection';
import { RedisWindowStorage } from './redis-window.storage';

const MINUTE = 60_000;

describeWithRedis('RedisWindowStorage', () => {
  let redis: TestRedis;
  const instances: { connection: RedisConnection; local: FixedWindowStorage; storage: RedisWindowStorage }[] = [];

  /** One instance of the server as far as rate limits go: its Redis connection, local windows and shared ones. */
  const instance = async () => {
    const connection = new RedisConnection(resolveOptions({ redisUrl: redis.url }), new ReadinessService());
    await connection.onModuleInit();
    const local = new FixedWindowStorage(new SystemClock());
    const created = { connection, local, storage: new RedisWindowStorage(connection, local) };
    instances.push(created);
    return created;
  };
  let a: RedisWindowStorage;
  let b: RedisWindowStorage;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    redis = await TestRedis.start();
    a = (await instance()).storage;
    b = (await instance()).storage;
  });
  beforeEach(async () => {
    await instances[0].connection.commands.flushall();
  });
  afterAll(async () => {
    for (const { connection, local } of instances) {
      local.onModuleDestroy();
      await connection.onApplicationShutdown();
    }
    await redis?.dispose();
  });

  it('counts one budget across instances and blocks past the limit until the window ends', async () => {
    expect(await a.hit(['chat|u|alice'], [MINUTE], [3])).toMatchObject([{ totalHits: 1, isBlocked: false }]);
    expect(await b.hit(['chat|u|alice'], [MINUTE], [3])).toMatchObject([{ totalHits: 2, isBlocked: false }]);
    expect(await a.hit(['chat|u|alice'], [MINUTE], [3])).toMatchObject([{ totalHits: 3, isBlocked: false }]);
    const [refused] = await b.hit(['chat|u|alice'], [MINUTE], [3]);
    expect(refused).toMatchObject({ totalHits: 4, isBlocked: true, timeToBlockExpire: 60 });
    expect(refused.retryAfterMs).toBeGreaterThan(MINUTE - 5000);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(MINUTE);
    // Nothing was counted in either instance's own memory.
    expect(instances[0].local.size + instances[1].local.size).toBe(0);
  });

  it('counts every key of a request in one call, each against its own limit and window', async () => {
    await a.hit(['chat|u|alice', 'chat|ip|10.0.0.1', 'global'], [MINUTE, MINUTE, 1000], [1, 2, 100]);
    const [user, ip, ceiling] = await b.hit(['chat|u|alice', 'chat|ip|10.0.0.1', 'global'], [MINUTE, MINUTE, 1000], [1, 2, 100]);
    expect(user).toMatchObject({ totalHits: 2, isBlocked: true });
    expect(ip).toMatchObject({ totalHits: 2, isBlocked: false });
    expect(ceiling).toMatchObject({ totalHits: 2, isBlocked: false });
    expect(ceiling.retryAfterMs).toBeLessThanOrEqual(1000);
    expect(await a.hit(['chat|u|bob'], [MINUTE], [1])).toMatchObject([{ totalHits: 1, isBlocked: false }]);
  });

  it('starts a fresh window once the old one has expired in Redis', async () => {
    await a.hit(['rooms|u|alice'], [300], [1]);
    const [blocked] = await b.hit(['rooms|u|alice'], [300], [1]);
    expect(blocked.isBlocked).toBe(true);
    expect(blocked.retryAfterMs).toBeLessThanOrEqual(300);
    await pollUntil(() => instances[0].connection.commands.pttl('rs:rl:rooms|u|alice'), (ttl) => ttl === -2, 'the window to expire in Redis');
    expect(await b.hit(['rooms|u|alice'], [300], [1])).toMatchObject([{ totalHits: 1, isBlocked: false }]);
  });

  it('gives a window an end even if its key lost its expiry', async () => {
    await instances[0].connection.commands.set('rs:rl:chat|u|carol', '5');
    const [record] = await a.hit(['chat|u|carol'], [MINUTE], [3]);
    expect(record).toMatchObject({ totalHits: 6, isBlocked: true });
    expect(record.retryAfterMs).toBe(MINUTE);
    expect(await instances[0].connection.commands.pttl('rs:rl:chat|u|carol')).toBeGreaterThan(0);
  });

  it('counts in each instance’s memory while Redis is down, and shares again once it is back', async () => {
    await redis.stop();
    for (let i = 1; i <= 2; i++) {
      const [record] = await within(a.hit(['chat|u|dave'], [MINUTE], [2]), 2000, 'a local count while Redis is down');
      expect(record).toMatchObject({ totalHits: i, isBlocked: false });
    }
    expect(await a.hit(['chat|u|dave'], [MINUTE], [2])).toMatchObject([{ totalHits: 3, isBlocked: true }]);
    // The other instance counts on its own meanwhile.
    expect(await b.hit(['chat|u|dave'], [MINUTE], [2])).toMatchObject([{ totalHits: 1, isBlocked: false }]);

    await redis.restart();
    await pollUntil(async () => instances.every((i) => i.connection.healthy), Boolean, 'the connections to Redis to be back', 10_000);
    expect(await a.hit(['chat|u|erin'], [MINUTE], [2])).toMatchObject([{ totalHits: 1 }]);
    expect(await b.hit(['chat|u|erin'], [MINUTE], [2])).toMatchObject([{ totalHits: 2 }]);
  });
});
