import { pollUntil, within } from '../../test/support/poll';
import { describeWithRedis, redisForSuite } from '../../test/support/redis';
import { ErrorCode } from '../common/error-code';
import { Role } from '../moderation/role';
import { InMemoryRoomRoleStore, RoomRoleStore } from '../moderation/room-role.store';
import { RedisConnection } from './redis-connection';
import { RedisRoomRoleStore } from './redis-room-role.store';

/** The contract every `RoomRoleStore` keeps, run against each implementation. */
function roomRoleStoreContract(store: () => RoomRoleStore): void {
  it('keeps a role per room and user, and knows nothing of the others', async () => {
    await store().set('general', 'alice', Role.Moderator);
    await store().set('other', 'alice', Role.Admin);
    expect(await store().get('general', 'alice')).toBe(Role.Moderator);
    expect(await store().get('other', 'alice')).toBe(Role.Admin);
    expect(await store().get('general', 'bob')).toBeUndefined();
    expect(await store().get('nowhere', 'alice')).toBeUndefined();
  });

  it('replaces a role, including with Guest (0, not "no role")', async () => {
    await store().set('general', 'alice', Role.Owner);
    await store().set('general', 'alice', Role.Guest);
    expect(await store().get('general', 'alice')).toBe(Role.Guest);
  });

  it('forgets every role of a cleared room and only of that room', async () => {
    await store().set('doomed', 'alice', Role.Owner);
    await store().set('doomed', 'bob', Role.Moderator);
    await store().set('kept', 'alice', Role.Admin);
    await store().clearRoom('doomed');
    expect(await store().get('doomed', 'alice')).toBeUndefined();
    expect(await store().get('doomed', 'bob')).toBeUndefined();
    expect(await store().get('kept', 'alice')).toBe(Role.Admin);
  });
}

describe('InMemoryRoomRoleStore', () => {
  let store: InMemoryRoomRoleStore;
  beforeEach(() => (store = new InMemoryRoomRoleStore()));
  roomRoleStoreContract(() => store);
});

describeWithRedis('RedisRoomRoleStore', () => {
  const suite = redisForSuite();
  const connect = () => suite.connect();
  let first: RedisConnection;
  let store: RedisRoomRoleStore;

  beforeAll(async () => {
    store = new RedisRoomRoleStore((first = await connect()));
  });

  roomRoleStoreContract(() => store);

  it('shares roles between instances', async () => {
    const other = new RedisRoomRoleStore(await connect());
    await store.set('general', 'alice', Role.Admin);
    expect(await other.get('general', 'alice')).toBe(Role.Admin);
    await other.clearRoom('general');
    expect(await store.get('general', 'alice')).toBeUndefined();
  });

  it('answers INTERNAL_ERROR at once while Redis is down, and works again once it is back', async () => {
    await suite.redis.stop();
    const unavailable = { code: ErrorCode.InternalError, message: expect.stringMatching(/briefly unavailable/) };
    await expect(within(store.get('general', 'alice'), 2000, 'a refusal while Redis is down')).rejects.toMatchObject(unavailable);
    await expect(within(store.set('general', 'alice', Role.Admin), 2000, 'a refusal while Redis is down')).rejects.toMatchObject(unavailable);
    await expect(within(store.clearRoom('general'), 2000, 'a refusal while Redis is down')).rejects.toMatchObject(unavailable);

    await suite.redis.restart();
    await pollUntil(async () => first.healthy, Boolean, 'the connection to Redis to be back', 10_000);
    await store.set('general', 'alice', Role.Moderator);
    expect(await store.get('general', 'alice')).toBe(Role.Moderator);
  });
});
