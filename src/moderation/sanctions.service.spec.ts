import { ManualClock } from '../common/clock';
import { ErrorCode } from '../common/error-code';
import { InMemorySanctionStore } from './in-memory-sanction.store';
import { SanctionsService } from './sanctions.service';

const HOUR = 3_600_000;
const START = Date.parse('2030-01-01T00:00:00.000Z');

describe('SanctionsService', () => {
  let clock: ManualClock;
  let store: InMemorySanctionStore;
  let sanctions: SanctionsService;

  beforeEach(() => {
    clock = new ManualClock(START);
    store = new InMemorySanctionStore();
    sanctions = new SanctionsService(store, clock);
  });
  afterEach(() => sanctions.onModuleDestroy());

  it('keeps a timed ban in force up to its end and not a millisecond after, by the clock alone', async () => {
    const until = await sanctions.impose('ban', 'general', 'bob', 2 * HOUR);
    expect(until).toBe(START + 2 * HOUR);
    clock.advance(2 * HOUR - 1);
    await expect(sanctions.requireNotBanned('general', 'bob')).rejects.toMatchObject({
      code: ErrorCode.Banned,
      extras: { room_id: 'general', until: '2030-01-01T02:00:00.000Z' },
    });
    clock.advance(1);
    await expect(sanctions.requireNotBanned('general', 'bob')).resolves.toBeUndefined();
  });

  it('keeps a permanent ban and an open-ended mute until they are lifted', async () => {
    await sanctions.impose('ban', 'general', 'bob', null);
    await sanctions.impose('mute', 'general', 'carol', null);
    clock.advance(10 * 365 * 24 * HOUR);
    await expect(sanctions.requireNotBanned('general', 'bob')).rejects.toMatchObject({ code: ErrorCode.Banned, extras: { until: null } });
    await expect(sanctions.requireNotMuted('general', 'carol')).rejects.toMatchObject({ code: ErrorCode.Muted, extras: { room_id: 'general', until: null } });
    expect(await sanctions.lift('ban', 'general', 'bob')).toBe(true);
    expect(await sanctions.lift('mute', 'general', 'carol')).toBe(true);
    await expect(sanctions.requireNotBanned('general', 'bob')).resolves.toBeUndefined();
    await expect(sanctions.requireNotMuted('general', 'carol')).resolves.toBeUndefined();
  });

  it('keeps bans and mutes apart, per room and per user', async () => {
    await sanctions.impose('mute', 'general', 'bob', null);
    await expect(sanctions.requireNotBanned('general', 'bob')).resolves.toBeUndefined();
    await expect(sanctions.requireNotMuted('other', 'bob')).resolves.toBeUndefined();
    await expect(sanctions.requireNotMuted('general', 'alice')).resolves.toBeUndefined();
  });

  it('says a lift lifted nothing when there was no sanction or it had already ended', async () => {
    expect(await sanctions.lift('ban', 'general', 'nobody')).toBe(false);
    await sanctions.impose('mute', 'general', 'bob', 60_000);
    clock.advance(60_000);
    expect(await sanctions.lift('mute', 'general', 'bob')).toBe(false);
  });

  it('purges ended entries and keeps the rest, so memory does not grow with old sanctions', async () => {
    for (let i = 0; i < 100; i++) await sanctions.impose('ban', `room-${i}`, 'bob', HOUR);
    await sanctions.impose('mute', 'general', 'bob', 3 * HOUR);
    await sanctions.impose('ban', 'general', 'carol', null);
    expect(store.size).toBe(102);
    clock.advance(HOUR);
    expect(await sanctions.purge()).toBe(100);
    expect(store.size).toBe(2);
    await expect(sanctions.requireNotMuted('general', 'bob')).rejects.toMatchObject({ code: ErrorCode.Muted });
    await expect(sanctions.requireNotBanned('general', 'carol')).rejects.toMatchObject({ code: ErrorCode.Banned });
  });

  it('forgets every sanction of a deleted room', async () => {
    await sanctions.impose('ban', 'room-x', 'bob', null);
    await sanctions.impose('mute', 'room-x', 'carol', null);
    await sanctions.forgetRoom('room-x');
    expect(store.size).toBe(0);
  });
});
