import { ManualClock } from '../../src/common/clock';
import { Clients, createRoom, expectError, getStats, joinRoom, startServer, statsUntil, testEnv, TestServer, uniqueId } from '../support';
import { HISTORY_ENV, history, messagesOf, offsetsOf, rejoin, say, sayMany } from './helpers';

/**
 * What history keeps (PROTOCOL.md §8, the README's configuration): the last RUSTY_SOCKS_HISTORY_SIZE
 * messages per room, none older than RUSTY_SOCKS_HISTORY_TTL_SECONDS when set, and rooms left with
 * neither members nor history are forgotten. Trimming and ageing make old positions unrecoverable
 * without changing the room's epoch.
 */
describe('history limits', () => {
  let server: TestServer | undefined;
  const clients = new Clients(() => server);
  const clock = new ManualClock();
  const start = async (env: Record<string, string>) => {
    server = await startServer(testEnv({ ...HISTORY_ENV, ...env }), {}, { clock });
    return server;
  };
  afterEach(async () => {
    await clients.closeAll();
    await server?.close();
    server = undefined;
  });

  it('keeps the last RUSTY_SOCKS_HISTORY_SIZE messages; a position before them is recovered: false with the epoch unchanged', async () => {
    await start({ RUSTY_SOCKS_HISTORY_SIZE: '5' });
    const alice = await clients.as(uniqueId('alice'));
    const room = await createRoom(alice, { name: 'Short memory' });
    const bobId = uniqueId('bob');
    const bob1 = await clients.as(bobId);
    const { epoch } = await joinRoom(bob1, room);
    await bob1.close();
    await sayMany(alice, room, 8);
    expect(offsetsOf((await history(alice, room)).messages)).toEqual([4, 5, 6, 7, 8]);

    const bob = await clients.as(bobId);
    expect((await rejoin(bob, room, { offset: 2, epoch })).data).toEqual({ room_id: room, role: 'Member', offset: 8, epoch, recovered: false, missed: 0 });
    await bob.expectNone(messagesOf(room));
    // From the oldest kept message on, the gap can be filled whole.
    expect((await rejoin(bob, room, { offset: 3, epoch })).data).toMatchObject({ recovered: true, missed: 5, epoch });
  });

  it('forgets messages older than RUSTY_SOCKS_HISTORY_TTL_SECONDS: gone from history, their positions recovered: false, the epoch unchanged', async () => {
    await start({ RUSTY_SOCKS_HISTORY_TTL_SECONDS: '60' });
    const alice = await clients.as(uniqueId('alice'));
    const room = await createRoom(alice, { name: 'Goldfish' });
    const bobId = uniqueId('bob');
    const { epoch } = await joinRoom(await clients.as(bobId), room);
    await sayMany(alice, room, 2, 'early');
    clock.advance(30_000);
    const late = await say(alice, room, 'late');
    clock.advance(30_000);

    expect((await history(alice, room)).messages.map((m) => m.id)).toEqual([late.id]);
    const bob = await clients.as(bobId);
    expect((await rejoin(bob, room, { offset: 1, epoch })).data).toMatchObject({ recovered: false, missed: 0, offset: 3, epoch });
    await bob.request({ type: 'leave_room', room_id: room });
    expect((await rejoin(bob, room, { offset: 2, epoch })).data).toMatchObject({ recovered: true, missed: 1, offset: 3, epoch });
    await expect(bob.next(messagesOf(room))).resolves.toMatchObject({ id: late.id });

    clock.advance(30_000);
    expect((await history(alice, room)).messages).toEqual([]);
    expectError(await alice.request({ type: 'delete_message', room_id: room, message_id: late.id }), 'INVALID_PAYLOAD');
    // Having seen the last message, a client is still whole though nothing is kept.
    expect((await rejoin(bob, room, { offset: 3, epoch })).data).toMatchObject({ recovered: true, missed: 0, offset: 3, epoch });
  });

  it('keeps nothing with RUSTY_SOCKS_HISTORY_SIZE=0, yet offsets go on and a client that saw the last one is recovered', async () => {
    await start({ RUSTY_SOCKS_HISTORY_SIZE: '0' });
    const alice = await clients.as(uniqueId('alice'));
    const room = await createRoom(alice, { name: 'No record' });
    const bob = await clients.as(uniqueId('bob'));
    const { epoch } = await joinRoom(bob, room);
    await sayMany(alice, room, 2);
    expect((await history(alice, room)).messages).toEqual([]);
    await bob.request({ type: 'leave_room', room_id: room });
    expect((await rejoin(bob, room, { offset: 1, epoch })).data).toMatchObject({ recovered: false, missed: 0, offset: 2 });
    await bob.request({ type: 'leave_room', room_id: room });
    expect((await rejoin(bob, room, { offset: 2, epoch })).data).toMatchObject({ recovered: true, missed: 0, offset: 2 });
  });

  it('forgets a created room once its last member leaves and it keeps no message; a room with history stays, with its offsets', async () => {
    const { httpUrl } = await start({});
    const alice = await clients.as(uniqueId('alice'));
    const baseline = (await getStats(httpUrl)).rooms;
    const rooms: string[] = [];
    for (let i = 0; i < 20; i++) rooms.push(await createRoom(alice, { name: `Passing ${i}` }));
    const kept = await createRoom(alice, { name: 'Archive' });
    const { epoch } = await joinRoom(alice, kept);
    await say(alice, kept, 'for the record');
    expect((await getStats(httpUrl)).rooms).toBe(baseline + 21);

    for (const room of [...rooms, kept]) expect(await alice.request({ type: 'leave_room', room_id: room })).toMatchObject({ type: 'success' });
    await statsUntil(httpUrl, (s) => s.rooms === baseline + 1, 'the 20 empty rooms to be forgotten');
    const listed = (await alice.request({ type: 'list_rooms' })).rooms.map((r: { id: string }) => r.id);
    expect(listed).toContain(kept);
    expect(listed.filter((id: string) => rooms.includes(id))).toEqual([]);
    expectError(await alice.request({ type: 'join_room', room_id: rooms[0] }), 'ROOM_NOT_FOUND');

    // The room with a message is still there for anyone to read and for its members to come back to.
    const carol = await clients.as(uniqueId('carol'));
    expect((await history(carol, kept)).messages.map((m) => m.content)).toEqual(['for the record']);
    expect((await rejoin(alice, kept, { offset: 0, epoch })).data).toMatchObject({ role: 'Owner', recovered: true, missed: 1, offset: 1, epoch });
    await expect(alice.next(messagesOf(kept))).resolves.toMatchObject({ offset: 1, content: 'for the record' });
  });
});
