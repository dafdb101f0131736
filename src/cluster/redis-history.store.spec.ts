import { describeWithRedis, redisForSuite } from '../../test/support/redis';
import { historyStoreContract } from '../rooms/history-store.contract.testing';
import { RedisConnection } from './redis-connection';
import { RedisHistoryStore } from './redis-history.store';

describeWithRedis('RedisHistoryStore', () => {
  const suite = redisForSuite();
  let connection: RedisConnection;
  beforeAll(async () => {
    connection = await suite.connect();
  });

  historyStoreContract((options, clock) => new RedisHistoryStore(connection, options, clock), { arrivesInOrder: true });
});
