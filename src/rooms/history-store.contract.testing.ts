import { ManualClock } from '../common/clock';
import { RoomMessageFrame } from '../common/outbound-frames';
import { resolveOptions } from '../config/options.resolver';
import { ResolvedOptions } from '../config/rusty-socks-options.interface';
import { HistoryStore } from './history.store';

/** The contract of every `HistoryStore`, run against each implementation (in memory here, Redis in `src/cluster/`). */
function message(offset: number, roomId = 'general'): RoomMessageFrame {
  return { type: 'room_message', id: `${roomId}-m${offset}`, offset, room_id: roomId, sender_id: `user${offset}`, sender_username: `user${offset}`, content: `#${offset}`, timestamp: '' };
}
const offsets = (messages: RoomMessageFrame[] | null): number[] | null => messages && messages.map((m) => m.offset);

export function historyStoreContract(make: (options: ResolvedOptions, clock: ManualClock) => HistoryStore, { arrivesInOrder = false }: { arrivesInOrder?: boolean } = {}): void {
  let clock: ManualClock;
  const store = (historySize: number, historyTtlSeconds = 0) => make(resolveOptions({ historySize, historyTtlSeconds }), clock);
  const kept = async (s: HistoryStore): Promise<number> => {
    let n = 0;
    for (const roomId of await s.rooms()) n += await s.size(roomId);
    return n;
  };
  const fill = async (s: HistoryStore, from: number, to: number, roomId = 'general') => {
    for (let o = from; o <= to; o++) await s.append(message(o, roomId), clock.now());
  };

  beforeEach(() => {
    clock = new ManualClock(1_700_000_000_000);
  });

  it('keeps each room\'s last historySize messages and pages backwards, oldest first within a page, before exclusive', async () => {
    const s = store(5);
    await fill(s, 1, 8);
    await fill(s, 1, 2, 'other');
    expect(offsets(await s.page('general', 50, null))).toEqual([4, 5, 6, 7, 8]);
    expect(offsets(await s.page('general', 2, null))).toEqual([7, 8]);
    expect(offsets(await s.page('general', 2, 7))).toEqual([5, 6]);
    expect(offsets(await s.page('general', 2, 5))).toEqual([4]);
    expect(offsets(await s.page('general', 2, 4))).toEqual([]);
    expect(offsets(await s.page('other', 50, null))).toEqual([1, 2]);
    expect(await s.page('nowhere', 50, null)).toEqual([]);
    expect(await kept(s)).toBe(7);
  });

  it('replays what follows a position only when nothing after it was trimmed', async () => {
    const s = store(5);
    await fill(s, 1, 8);
    expect(offsets(await s.after('general', 2))).toBeNull();
    expect(offsets(await s.after('general', 3))).toEqual([4, 5, 6, 7, 8]);
    expect(offsets(await s.after('general', 6))).toEqual([7, 8]);
    expect(offsets(await s.after('general', 8))).toEqual([]);
    expect(offsets(await s.after('empty-room', 0))).toEqual([]);
  });

  it('removes a deleted message from pages and replays without making the gap unrecoverable or moving other offsets', async () => {
    const s = store(5);
    await fill(s, 1, 4);
    await expect(s.remove('general', 'general-m2')).resolves.toMatchObject({ offset: 2, sender_id: 'user2' });
    await expect(s.remove('general', 'general-m2')).resolves.toBeUndefined();
    await expect(s.get('general', 'general-m2')).resolves.toBeUndefined();
    expect(offsets(await s.after('general', 0))).toEqual([1, 3, 4]);
    expect(offsets(await s.page('general', 2, null))).toEqual([3, 4]);
    // The freed place is used: five messages are kept again, not four.
    await fill(s, 5, 6);
    expect(offsets(await s.page('general', 50, null))).toEqual([1, 3, 4, 5, 6]);
  });

  it('drops messages past the age limit on the next read, making their positions unrecoverable', async () => {
    const s = store(100, 60);
    await fill(s, 1, 2);
    clock.advance(30_000);
    await fill(s, 3, 3);
    clock.advance(30_000);
    expect(offsets(await s.page('general', 50, null))).toEqual([3]);
    await expect(s.get('general', 'general-m1')).resolves.toBeUndefined();
    expect(await s.after('general', 1)).toBeNull();
    expect(offsets(await s.after('general', 2))).toEqual([3]);
    clock.advance(30_000);
    await expect(s.size('general')).resolves.toBe(0);
    expect(await s.after('general', 2)).toBeNull();
    expect(offsets(await s.after('general', 3))).toEqual([]);
  });

  it('purges aged-out messages of rooms nobody reads and reports the rooms left empty', async () => {
    const s = store(100, 10);
    await fill(s, 1, 3, 'quiet');
    clock.advance(5_000);
    await fill(s, 1, 1, 'busy');
    clock.advance(5_000);
    expect(await s.purgeExpired()).toEqual(['quiet']);
    expect(await kept(s)).toBe(1);
    await s.forgetRoom('quiet');
    expect(await s.rooms()).toEqual(['busy']);
  });

  it('keeps nothing with historySize 0, yet knows that positions before the last message cannot be recovered', async () => {
    const s = store(0);
    await fill(s, 1, 3);
    expect(await s.page('general', 50, null)).toEqual([]);
    expect(await s.after('general', 2)).toBeNull();
    expect(await s.after('general', 3)).toEqual([]);
  });

  // A store whose offsets are allotted in the same step as the append (Redis) never sees one arrive late.
  (arrivesInOrder ? it.skip : it)('puts a message that arrives after a newer one in its place', async () => {
    const s = store(10);
    await s.append(message(1), clock.now());
    await s.append(message(3), clock.now());
    await s.append(message(2), clock.now());
    expect(offsets(await s.after('general', 0))).toEqual([1, 2, 3]);
  });
}
