import { createRoom, Frame, joinRoom, serverForSuite, TestClient, uniqueId } from '../support';
import { HISTORY_ENV, messagesOf, nextMessages, rejoin, say } from './helpers';

const PUBLISHERS = 3;
const SUBSCRIBERS = 4;
/** How many times each subscriber drops its connection and recovers. */
const CYCLES = 5;
/** A bound on the run, whatever the speed of the machine: publishing stops here at the latest. */
const MAX_MESSAGES = 5000;

/**
 * The promise of recovery under load: messages are published continuously while clients disconnect
 * and come back with `since`; every client must end with every offset exactly once (PROTOCOL.md §4:
 * never a partial replay marked as complete, and a message published during a replay neither lost nor
 * repeated). What is asserted does not depend on timing; only how the races fall does.
 */
describe('recovery while messages keep coming', () => {
  const { clients } = serverForSuite({ ...HISTORY_ENV, RUSTY_SOCKS_HISTORY_SIZE: '100000', RUSTY_SOCKS_PASSWORD_HASH_COST: '10' });
  const PASSWORD = 'open sesame';
  /** A password room every subscriber rejoins along with the race room, as a client rejoining all its rooms does. */
  let lockedRoom = '';

  /** Publishes one message after the other (each acknowledged) until told to stop; resolves with the last offset. */
  function publishUntil(client: TestClient, roomId: string, label: string, stop: () => boolean): Promise<number> {
    return (async () => {
      let last = 0;
      for (let i = 1; !stop(); i++) last = (await say(client, roomId, `${label} #${i}`)).offset;
      return last;
    })();
  }

  /**
   * One subscriber: takes in some messages live, drops its connection, reconnects as the same user
   * and asks for what it missed since the last offset it saw, `CYCLES` times. Resolves with its last
   * connection and every room message it got, over all its connections, in arrival order.
   */
  async function dropAndRecover(first: TestClient, userId: string, roomId: string, epoch: string, index: number): Promise<{ client: TestClient; received: Frame[] }> {
    const received: Frame[] = [];
    let client = first;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      received.push(...(await nextMessages(client, roomId, 5 + ((cycle * 7 + index * 13) % 20))));
      await client.close();
      // Whatever reached the socket before it closed was seen too.
      received.push(...client.pending(messagesOf(roomId)));
      const seen = Math.max(0, ...received.map((m) => m.offset as number));
      client = await clients.as(userId);
      // The password join sent right behind keeps the connection busy on a worker thread before the
      // replay goes out, so messages published meanwhile must be held and sent after it.
      const replying = rejoin(client, roomId, { offset: seen, epoch });
      const unlocking = client.request({ type: 'join_room', room_id: lockedRoom, password: PASSWORD });
      const reply = await replying;
      expect(await unlocking).toMatchObject({ type: 'success', data: { room_id: lockedRoom } });
      expect(reply).toMatchObject({ type: 'success', data: { recovered: true, epoch, missed: expect.any(Number) } });
      // Take the whole replay in before dropping again, as a client that wants no gap does (in a room
      // the new connection was already in, live messages came before the reply).
      const liveBefore = client.frames.slice(0, client.frames.indexOf(reply)).filter(messagesOf(roomId)).length;
      received.push(...(await nextMessages(client, roomId, liveBefore + reply.data.missed)));
    }
    return { client, received };
  }

  async function race(roomId: string, publishers: TestClient[], subscribers: { id: string; client: TestClient; from: number }[], epoch: string) {
    lockedRoom = await createRoom(publishers[0], { name: 'Locked', password: PASSWORD });
    let stopped = false;
    let published = 0;
    const stop = () => stopped || ++published > MAX_MESSAGES;
    const publishing = publishers.map((p, i) => publishUntil(p, roomId, `publisher ${i}`, stop));
    const results = await Promise.all(subscribers.map((s, i) => dropAndRecover(s.client, s.id, roomId, epoch, i)));
    stopped = true;
    const last = Math.max(...(await Promise.all(publishing)));
    // Every message up to the last one published is owed to each subscriber: wait for as many as are
    // still to come (one lost makes this time out; one doubled shows in the check of the offsets).
    for (const [i, result] of results.entries()) {
      const owed = last - subscribers[i].from - result.received.length;
      if (owed > 0) result.received.push(...(await nextMessages(result.client, roomId, owed)));
    }
    return { last, results };
  }

  it('gives every client of a room every offset exactly once and in order', async () => {
    const owner = await clients.as(uniqueId('owner'));
    const roomId = await createRoom(owner, { name: 'Race track' });
    const publishers = [owner];
    for (let i = 1; i < PUBLISHERS; i++) {
      const publisher = await clients.as(uniqueId('publisher'));
      await joinRoom(publisher, roomId);
      publishers.push(publisher);
    }
    const subscribers: { id: string; client: TestClient; from: number }[] = [];
    let epoch = '';
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const id = uniqueId('subscriber');
      const client = await clients.as(id);
      ({ epoch } = await joinRoom(client, roomId));
      subscribers.push({ id, client, from: 0 });
    }

    const { last, results } = await race(roomId, publishers, subscribers, epoch);
    const everyOffset = Array.from({ length: last }, (_, i) => i + 1);
    expect(last).toBeGreaterThan(SUBSCRIBERS * CYCLES * 5);
    for (const { client, received } of results) {
      expect(received.map((m) => m.offset)).toEqual(everyOffset);
      await client.expectNone(messagesOf(roomId));
    }
  });

  it('gives every reconnecting client of the default room, which it is put in before it can ask, every offset exactly once', async () => {
    const publishers: TestClient[] = [];
    for (let i = 0; i < PUBLISHERS; i++) publishers.push(await clients.asReady(uniqueId('publisher')));
    const subscribers: { id: string; client: TestClient; from: number }[] = [];
    let epoch = '';
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const id = uniqueId('subscriber');
      const client = await clients.asReady(id);
      const joined = await joinRoom(client, 'general');
      epoch = joined.epoch;
      subscribers.push({ id, client, from: joined.offset });
    }

    const { last, results } = await race('general', publishers, subscribers, epoch);
    results.forEach(({ received }, i) => {
      const offsets = received.map((m) => m.offset as number);
      // Live messages reach a new connection before it asks for the older ones, so only the set is fixed.
      expect([...offsets].sort((a, b) => a - b)).toEqual(Array.from({ length: last - subscribers[i].from }, (_, k) => subscribers[i].from + k + 1));
    });
    for (const { client } of results) await client.expectNone(messagesOf('general'));
  });
});
