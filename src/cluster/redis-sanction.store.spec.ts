import { pollUntil, within } from '../../test/support/poll';
import { describeWithRedis, redisForSuite } from '../../test/support/redis';
import { ErrorCode } from '../common/error-code';
import { InMemorySanctionStore } from '../moderation/in-memory-sanction.store';
import { SanctionStore } from '../moderation/sanction.store';
import { RedisConnection } from './redis-connection';
import { RedisSanctionStore } from './redis-sanction.store';

const T0 = Date.parse('2030-01-01T00:00:00.000Z');
const HOUR = 3_600_000;

/** The contract every `SanctionStore` keeps, run against each implementation. */
function sanctionStoreContract(store: () => SanctionStore): void {
  it('keeps timed and permanent entries per kind, room and user', async () => {
    await store().set('ban', 'general', 'bob', { until: T0 + HOUR });
    await store().set('mute', 'general', 'carol', { until: null });
    expect(await store().get('ban', 'general', 'bob')).toEqual({ until: T0 + HOUR });
    expect(await store().get('mute', 'general', 'carol')).toEqual({ until: null });
    expect(await store().get('mute', 'general', 'bob')).toBeUndefined();
    expect(await store().get('ban', 'other', 'bob')).toBeUndefined();
    expect(await store().get('ban', 'general', 'alice')).toBeUndefined();
  });

  it('replaces an entry, timed by permanent and back', async () => {
    await store().set('ban', 'general', 'bob', { until: T0 + HOUR });
    await store().set('ban', 'general', 'bob', { until: null });
    expect(await store().get('ban', 'general', 'bob')).toEqual({ until: null });
    await store().set('ban', 'general', 'bob', { until: T0 + 2 * HOUR });
    expect(await store().get('ban', 'general', 'bob')).toEqual({ until: T0 + 2 * HOUR });
  });

  it('deletes an entry and says whether there was one', async () => {
    await store().set('mute', 'general', 'bob', { until: T0 + HOUR });
    expect(await store().delete('mute', 'general', 'bob')).toBe(true);
    expect(await store().get('mute', 'general', 'bob')).toBeUndefined();
    expect(await store().delete('mute', 'general', 'bob')).toBe(false);
    expect(await store().delete('ban', 'nowhere', 'nobody')).toBe(false);
  });

  it('purges the entries ended at or before now, and keeps later and permanent ones', async () => {
    await store().set('ban', 'general', 'ended', { until: T0 });
    await store().set('mute', 'other', 'ended', { until: T0 - HOUR });
    await store().set('ban', 'general', 'later', { until: T0 + 1 });
    await store().set('mute', 'general', 'forever', { until: null });
    expect(await store().purgeEnded(T0)).toBe(2);
    expect(await store().get('ban', 'general', 'ended')).toBeUndefined();
    expect(await store().get('mute', 'other', 'ended')).toBeUndefined();
    expect(await store().get('ban', 'general', 'later')).toEqual({ until: T0 + 1 });
    expect(await store().get('mute', 'general', 'forever')).toEqual({ until: null });
    expect(await store().purgeEnded(T0)).toBe(0);
  });

  it('keeps a sanction imposed again with a later end when the earlier end passes', async () => {
    await store().set('ban', 'general', 'bob', { until: T0 });
    await store().set('ban', 'general', 'bob', { until: T0 + HOUR });
    expect(await store().purgeEnded(T0 + 1)).toBe(0);
    expect(await store().get('ban', 'general', 'bob')).toEqual({ until: T0 + HOUR });
    expect(await store().purgeEnded(T0 + HOUR)).toBe(1);
    expect(await store().get('ban', 'general', 'bob')).toBeUndefined();
  });

  it('does not purge a deleted entry, nor one made permanent', async () => {
    await store().set('ban', 'general', 'lifted', { until: T0 });
    await store().delete('ban', 'general', 'lifted');
    await store().set('mute', 'general', 'forever', { until: T0 });
    await store().set('mute', 'general', 'forever', { until: null });
    expect(await store().purgeEnded(T0 + HOUR)).toBe(0);
    expect(await store().get('mute', 'general', 'forever')).toEqual({ until: null });
  });

  it('forgets both kinds in a cleared room and nothing elsewhere', async () => {
    await store().set('ban', 'doomed', 'bob', { until: T0 });
    await store().set('mute', 'doomed', 'carol', { until: null });
    await store().set('ban', 'kept', 'bob', { until: T0 });
    await store().clearRoom('doomed');
    expect(await store().get('ban', 'doomed', 'bob')).toBeUndefined();
    expect(await store().get('mute', 'doomed', 'carol')).toBeUndefined();
    expect(await store().purgeEnded(T0)).toBe(1);
    expect(await store().get('ban', 'kept', 'bob')).toBeUndefined();
  });

  it('keeps user ids with separators apart', async () => {
    await store().set('ban', 'general', 'a|b', { until: T0 });
    await store().set('ban', 'general', 'a', { until: T0 + HOUR });
    expect(await store().purgeEnded(T0)).toBe(1);
    expect(await store().get('ban', 'general', 'a|b')).toBeUndefined();
    expect(await store().get('ban', 'general', 'a')).toEqual({ until: T0 + HOUR });
  });
}

describe('InMemorySanctionStore', () => {
  let store: InMemorySanctionStore;
  beforeEach(() => (store = new InMemorySanctionStore()));
  sanctionStoreContract(() => store);
});

describeWithRedis('RedisSanctionStore', () => {
  const suite = redisForSuite();
  const connect = () => suite.connect();
  let first: RedisConnection;
  let store: RedisSanctionStore;

  beforeAll(async () => {
    store = new RedisSanctionStore((first = await connect()));
  });

  sanctionStoreContract(() => store);

  it('shares bans and mutes between instances, and either instance purges them once', async () => {
    const other = new RedisSanctionStore(await connect());
    await store.set('ban', 'general', 'bob', { until: T0 });
    expect(await other.get('ban', 'general', 'bob')).toEqual({ until: T0 });
    const purged = await Promise.all([store.purgeEnded(T0), other.purgeEnded(T0)]);
    expect(purged[0] + purged[1]).toBe(1);
    expect(await store.get('ban', 'general', 'bob')).toBeUndefined();
  });

  it('purges only entries whose stored end is the one that passed, even when the end-time set is behind', async () => {
    // A writer that updated the hash but not the set (an older version, a hand edit) leaves a stale end time.
    await store.set('ban', 'general', 'bob', { until: T0 });
    await first.commands.hset('rs:ban:general', 'bob', String(T0 + HOUR));
    expect(await store.purgeEnded(T0 + 1)).toBe(0);
    expect(await store.get('ban', 'general', 'bob')).toEqual({ until: T0 + HOUR });
    // The newer end went back into the set, so it is still purged when it passes.
    expect(await store.purgeEnded(T0 + HOUR)).toBe(1);
    expect(await store.get('ban', 'general', 'bob')).toBeUndefined();
  });

  it('purges a backlog larger than one script call handles', async () => {
    const tx = first.commands.multi();
    for (let i = 0; i < 1234; i++) {
      tx.hset(`rs:mute:room-${i % 7}`, `user-${i}`, String(T0));
      tx.zadd('rs:sanction-ends', T0, `mute|room-${i % 7}|user-${i}`);
    }
    await tx.exec();
    expect(await store.purgeEnded(T0)).toBe(1234);
    expect(await first.commands.zcard('rs:sanction-ends')).toBe(0);
    expect(await first.commands.keys('rs:mute:*')).toEqual([]);
  });

  it('leaves nothing behind in Redis once entries are deleted, purged or their room cleared', async () => {
    await store.set('ban', 'a', 'bob', { until: T0 });
    await store.set('mute', 'b', 'bob', { until: T0 + HOUR });
    await store.set('ban', 'c', 'bob', { until: null });
    await store.set('mute', 'c', 'carol', { until: T0 + HOUR });
    await store.purgeEnded(T0);
    await store.delete('mute', 'b', 'bob');
    await store.clearRoom('c');
    expect(await first.commands.keys('*')).toEqual([]);
  });

  it('answers INTERNAL_ERROR at once while Redis is down, and works again once it is back', async () => {
    await suite.redis.stop();
    const unavailable = { code: ErrorCode.InternalError, message: expect.stringMatching(/briefly unavailable/) };
    const calls: [string, () => Promise<unknown>][] = [
      ['get', () => store.get('ban', 'general', 'bob')],
      ['set', () => store.set('ban', 'general', 'bob', { until: null })],
      ['delete', () => store.delete('ban', 'general', 'bob')],
      ['purgeEnded', () => store.purgeEnded(T0)],
      ['clearRoom', () => store.clearRoom('general')],
    ];
    for (const [name, call] of calls) await expect(within(call(), 2000, `${name} to be refused while Redis is down`)).rejects.toMatchObject(unavailable);

    await suite.redis.restart();
    await pollUntil(async () => first.healthy, Boolean, 'the connection to Redis to be back', 10_000);
    // Redis came back empty: the scripts are loaded again on first use.
    await store.set('ban', 'general', 'bob', { until: T0 });
    expect(await store.get('ban', 'general', 'bob')).toEqual({ until: T0 });
    expect(await store.purgeEnded(T0)).toBe(1);
  });
});
