import { createRoom, detailFields, expectError, joinRoom, serverForSuite, uniqueId } from '../support';
import { HISTORY_ENV, history, messagesOf, nextMessages, offsetsOf, say, sayMany } from './helpers';

/**
 * get_history (PROTOCOL.md §3–§4, §5.1): pages backwards with `limit` (1..100, default 50) and an
 * exclusive `before` offset, oldest first within a page; a private room only for those who may see it.
 */
describe('get_history', () => {
  const { clients } = serverForSuite(HISTORY_ENV);

  it('pages backwards through a room, oldest first within a page, `before` exclusive, giving the messages as they were delivered', async () => {
    const alice = await clients.as(uniqueId('alice'));
    const room = await createRoom(alice, { name: 'Paged' });
    const bob = await clients.as(uniqueId('bob'));
    const { epoch } = await joinRoom(bob, room);
    await sayMany(alice, room, 7);
    const delivered = await nextMessages(bob, room, 7);

    const newest = await history(bob, room, { limit: 3 });
    expect(newest).toEqual({ type: 'room_history', room_id: room, epoch, messages: delivered.slice(4), request_id: expect.any(String) });
    expect(offsetsOf(newest.messages)).toEqual([5, 6, 7]);
    expect(offsetsOf((await history(bob, room, { limit: 3, before: 5 })).messages)).toEqual([2, 3, 4]);
    expect(offsetsOf((await history(bob, room, { limit: 3, before: 2 })).messages)).toEqual([1]);
    expect((await history(bob, room, { limit: 3, before: 1 })).messages).toEqual([]);
    // A `before` past the end is the same as none.
    expect(offsetsOf((await history(bob, room, { limit: 2, before: 1000 })).messages)).toEqual([6, 7]);
  });

  it('answers 50 messages by default and at most 100, from the last RUSTY_SOCKS_HISTORY_SIZE (100) kept', async () => {
    const alice = await clients.as(uniqueId('alice'));
    const room = await createRoom(alice, { name: 'Busy' });
    await sayMany(alice, room, 120);
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

    expect(offsetsOf((await history(alice, room)).messages)).toEqual(range(71, 120));
    expect(offsetsOf((await history(alice, room, { limit: 100 })).messages)).toEqual(range(21, 120));
    // Paging on reaches the oldest kept message and stops there.
    expect(offsetsOf((await history(alice, room, { limit: 100, before: 21 })).messages)).toEqual([]);
  });

  it.each([
    ['limit 0', { limit: 0 }, 'limit'],
    ['limit 101', { limit: 101 }, 'limit'],
    ['a fractional limit', { limit: 2.5 }, 'limit'],
    ['a string before', { before: '7' }, 'before'],
    ['a negative before', { before: -1 }, 'before'],
  ])('refuses %s with INVALID_PAYLOAD naming the field', async (_what, params, field) => {
    const alice = await clients.as(uniqueId('alice'));
    const reply = await alice.request({ type: 'get_history', room_id: 'general', ...params });
    expectError(reply, 'INVALID_PAYLOAD');
    expect(detailFields(reply)).toEqual([field]);
  });

  it('checks the room id like every room request', async () => {
    const alice = await clients.as(uniqueId('alice'));
    expectError(await alice.request({ type: 'get_history', room_id: 'no spaces allowed' }), 'INVALID_ROOM_ID');
    expectError(await alice.request({ type: 'get_history', room_id: 'no-such-room' }), 'ROOM_NOT_FOUND');
  });

  it('lets anyone read a public room, members or not, and the default room', async () => {
    const alice = await clients.as(uniqueId('alice'));
    const room = await createRoom(alice, { name: 'Open house' });
    const { offset } = await say(alice, room, 'hello world');
    const carol = await clients.as(uniqueId('carol'));
    const { client: guest } = await clients.guest();
    for (const reader of [carol, guest]) expect(offsetsOf((await history(reader, room)).messages)).toEqual([offset]);

    const general = await say(alice, 'general', `in general ${uniqueId('x')}`);
    expect((await history(carol, 'general')).messages.at(-1)).toMatchObject({ id: general.id, offset: general.offset, sender_id: expect.any(String) });
  });

  it('hides a private room\'s history from those who may not see it (ROOM_NOT_FOUND, as if it did not exist) and gives it to members and global admins', async () => {
    const alice = await clients.as(uniqueId('alice'));
    const room = await createRoom(alice, { name: 'Back office', is_private: true, password: 'letmein' });
    await say(alice, room, 'secret plans');
    const mallory = await clients.as(uniqueId('mallory'));
    expectError(await mallory.request({ type: 'get_history', room_id: room }), 'ROOM_NOT_FOUND');

    const admin = await clients.as(uniqueId('admin'), { role: 'admin' });
    expect((await history(admin, room)).messages.map((m) => m.content)).toEqual(['secret plans']);
    const bob = await clients.as(uniqueId('bob'));
    await joinRoom(bob, room, 'letmein');
    expect((await history(bob, room)).messages.map((m) => m.content)).toEqual(['secret plans']);
  });

  it('asks for the password before showing a password room\'s history to someone not in it', async () => {
    const alice = await clients.as(uniqueId('alice'));
    const room = await createRoom(alice, { name: 'Speakeasy', password: 'swordfish' });
    await say(alice, room, 'the usual');
    const bob = await clients.as(uniqueId('bob'));
    expectError(await bob.request({ type: 'get_history', room_id: room }), 'WRONG_PASSWORD');
    await joinRoom(bob, room, 'swordfish');
    expect((await history(bob, room)).messages.map((m) => m.content)).toEqual(['the usual']);
  });

  it('leaves a deleted message out, without changing the other offsets', async () => {
    const alice = await clients.as(uniqueId('alice'));
    const room = await createRoom(alice, { name: 'Regrets' });
    await sayMany(alice, room, 2);
    const oops = await say(alice, room, 'oops');
    await sayMany(alice, room, 1, 'after');
    expect(await alice.request({ type: 'delete_message', room_id: room, message_id: oops.id })).toMatchObject({ type: 'success' });

    const { messages } = await history(alice, room);
    expect(offsetsOf(messages)).toEqual([1, 2, 4]);
    expect(messages.map((m) => m.content)).not.toContain('oops');
    expect(offsetsOf((await history(alice, room, { limit: 1, before: 4 })).messages)).toEqual([2]);
    await alice.expectNone(messagesOf(room));
  });
});
