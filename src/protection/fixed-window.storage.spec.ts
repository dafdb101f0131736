import { ManualClock } from '../common/clock';
import { FixedWindowStorage } from './fixed-window.storage';

describe('FixedWindowStorage', () => {
  let clock: ManualClock;
  let storage: FixedWindowStorage;
  beforeEach(() => {
    clock = new ManualClock(0);
    storage = new FixedWindowStorage(clock);
  });
  afterEach(() => storage.onModuleDestroy());

  it('allows `limit` hits per window, blocks the next until the window ends, then starts afresh', () => {
    for (let i = 1; i <= 3; i++) expect(storage.hit('k', 1000, 3)).toMatchObject({ totalHits: i, isBlocked: false });
    clock.advance(400);
    expect(storage.hit('k', 1000, 3)).toMatchObject({ isBlocked: true, retryAfterMs: 600, timeToBlockExpire: 1 });
    clock.advance(600);
    expect(storage.hit('k', 1000, 3)).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('keeps keys apart', () => {
    storage.hit('a', 1000, 1);
    expect(storage.hit('a', 1000, 1).isBlocked).toBe(true);
    expect(storage.hit('b', 1000, 1).isBlocked).toBe(false);
  });

  it('answers the throttler storage contract in seconds', async () => {
    await expect(storage.increment('k', 60_000, 1)).resolves.toMatchObject({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
  });
});
