import { Clients, createRoom, joinRoom, serverForSuite, startServer, testEnv, TestClient, uniqueId } from '../support';
import { HISTORY_ENV, messagesOf, nextMessages, offsetsOf, rejoin, say, sayMany } from './helpers';

/**
 * join_room with `since` (PROTOCOL.md §3–§4, §5.1): the missed messages follow the reply, in order,
 * before any new one, with `recovered: true` and `missed`; when the gap cannot be filled whole, nothing
 * is replayed and `recovered: false` tells the client to reload.
 */
describe('join_room with since', () => {
  const { clients } = serverForSuite(HISTORY_ENV);

  /** A room with alice in it (she publishes) and bob, who has seen `seen` messages and then disconnected. */
  async function bobMissedOut(seen: number) {
    const alice = await clients.as(uniqueId('alice'));
    const room = await createRoom(alice, { name: 'Catch-up' });
    const bobId = uniqueId('bob');
    const bob = await clients.as(bobId);
    const { epoch } = await joinRoom(bob, room);
    await sayMany(alice, room, seen, 'seen');
    const last = (await nextMessages(bob, room, seen)).at(-1)?.offset ?? 0;
    await bob.close();
    return { alice, room, bobId, epoch, last };
  }

  it('replays exactly the missed messages, in order, after the reply and before any new one', async () => {
    const { alice, room, bobId, epoch, last } = await bobMissedOut(2);
    const missed = [await say(alice, room, 'three'), await say(alice, room, 'four'), await say(alice, room, 'five')];

    const bob = await clients.as(bobId);
    const reply = await rejoin(bob, room, { offset: last, epoch });
    expect(reply).toEqual({
      type: 'success',
      message: expect.any(String),
      data: { room_id: room, role: 'Member', offset: 5, epoch, recovered: true, missed: 3 },
      request_id: expect.any(String),
    });
    const replayed = await nextMessages(bob, room, 3);
    expect(replayed.map((m) => [m.id, m.offset, m.content, m.sender_id])).toEqual(missed.map((m, i) => [m.id, m.offset, ['three', 'four', 'five'][i], expect.any(String)]));
    // Nothing of the room reached bob before the reply.
    expect(bob.frames.findIndex((f) => f === reply)).toBeLessThan(bob.frames.findIndex((f) => f === replayed[0]));

    const next = await say(alice, room, 'six');
    await expect(bob.next(messagesOf(room))).resolves.toMatchObject({ id: next.id, offset: 6 });
    await bob.expectNone(messagesOf(room));
  });

  it('answers recovered: true with missed: 0 when nothing was missed', async () => {
    const { room, bobId, epoch, last } = await bobMissedOut(3);
    const bob = await clients.as(bobId);
    expect((await rejoin(bob, room, { offset: last, epoch })).data).toEqual({ room_id: room, role: 'Member', offset: 3, epoch, recovered: true, missed: 0 });
    await bob.expectNone(messagesOf(room));
  });

  it('leaves a message deleted while the client was away out of the replay, still recovered', async () => {
    const { alice, room, bobId, epoch, last } = await bobMissedOut(1);
    const gone = await say(alice, room, 'regrettable');
    const kept = await say(alice, room, 'fine');
    expect(await alice.request({ type: 'delete_message', room_id: room, message_id: gone.id })).toMatchObject({ type: 'success' });

    const bob = await clients.as(bobId);
    expect((await rejoin(bob, room, { offset: last, epoch })).data).toMatchObject({ recovered: true, missed: 1, offset: 3 });
    await expect(bob.next(messagesOf(room))).resolves.toMatchObject({ id: kept.id, offset: 3 });
    await bob.expectNone((f) => f.room_id === room && (f.type === 'room_message' || f.type === 'message_deleted'));
  });

  it.each([
    ['an epoch that is not the room\'s', (epoch: string, last: number) => ({ offset: last, epoch: `${epoch}x` })],
    ['an offset the room never reached', (epoch: string, last: number) => ({ offset: last + 10, epoch })],
  ])('replays nothing for %s and says recovered: false, with the offset and epoch to reload from', async (_what, since) => {
    const { alice, room, bobId, epoch, last } = await bobMissedOut(1);
    await say(alice, room, 'while away');
    const bob = await clients.as(bobId);
    expect((await rejoin(bob, room, since(epoch, last))).data).toEqual({ room_id: room, role: 'Member', offset: 2, epoch, recovered: false, missed: 0 });
    await bob.expectNone(messagesOf(room));
    // The client is in the room all the same: new messages arrive.
    await say(alice, room, 'welcome back');
    await expect(bob.next(messagesOf(room))).resolves.toMatchObject({ offset: 3, content: 'welcome back' });
  });

  it('says nothing about recovery to a join without since, and always gives the offset and epoch', async () => {
    const { alice, room } = await bobMissedOut(2);
    const carol = await clients.as(uniqueId('carol'));
    const data = await joinRoom(carol, room);
    expect(data).toEqual({ room_id: room, role: 'Member', offset: 2, epoch: expect.stringMatching(/^\S+$/) });
    expect(await joinRoom(alice, room)).toEqual({ ...data, role: 'Owner' });
  });

  it('recovers the default room a reconnecting client was put in, without repeating what reached it live meanwhile', async () => {
    const alice = await clients.as(uniqueId('alice'));
    const bobId = uniqueId('bob');
    const bob1 = await clients.asReady(bobId);
    const first = await say(alice, 'general', `before the drop ${bobId}`);
    await bob1.next((f) => f.type === 'room_message' && f.id === first.id);
    const epoch = (await joinRoom(bob1, 'general')).epoch;
    await bob1.close();

    const away = [await say(alice, 'general', `missed one ${bobId}`), await say(alice, 'general', `missed two ${bobId}`)];
    const bob2 = await clients.asReady(bobId);
    // Already in `general` before it asks: this one reaches it live.
    const live = await say(alice, 'general', `live ${bobId}`);
    await bob2.next((f) => f.type === 'room_message' && f.id === live.id);
    const reply = await rejoin(bob2, 'general', { offset: first.offset, epoch });
    expect(reply.data).toMatchObject({ recovered: true, missed: 2, epoch });
    expect((await nextMessages(bob2, 'general', 2)).map((m) => m.id)).toEqual(away.map((m) => m.id));
    await bob2.expectNone(messagesOf('general'));
    expect(offsetsOf(bob2.frames.filter(messagesOf('general')))).toEqual([live.offset, ...away.map((m) => m.offset)]);
  });

  it('answers recovered: false after a restart: each process starts rooms on a new epoch', async () => {
    const env = testEnv(HISTORY_ENV);
    let server = await startServer(env);
    const before = new Clients(() => server);
    let since: { offset: number; epoch: string };
    try {
      const alice = await before.as(uniqueId('alice'));
      await say(alice, 'general', 'before the restart');
      const { offset, epoch } = await joinRoom(alice, 'general');
      since = { offset, epoch };
    } finally {
      await before.closeAll();
      await server.close();
    }
    server = await startServer(env);
    const after = new Clients(() => server);
    try {
      const alice: TestClient = await after.asReady(uniqueId('alice'));
      const reply = await rejoin(alice, 'general', since);
      expect(reply.data).toEqual({ room_id: 'general', role: 'Member', offset: 0, epoch: expect.any(String), recovered: false, missed: 0 });
      expect(reply.data.epoch).not.toBe(since.epoch);
    } finally {
      await after.closeAll();
      await server.close();
    }
  });
});
