import { InMemoryHistoryStore } from './in-memory-history.store';
import { historyStoreContract } from './history-store.contract.testing';

describe('InMemoryHistoryStore', () => {
  historyStoreContract((options, clock) => new InMemoryHistoryStore(options, clock));
});
