import { createRoom, expectError, inRoom, joinRoom, RFC3339_MS_UTC, serverForSuite, uniqueId, UUID } from '../support';

describe('room_message', () => {
  const { clients } = serverForSuite();

  it('delivers {id, offset, room_id, sender_id, sender_username, content, timestamp} and acks the sender with the same id, offset and timestamp', async () => {
    const aliceId = uniqueId('alice');
    const alice = await clients.as(aliceId, { username: 'Alice' });
    const room = await createRoom(alice);
    const bob = await clients.as(uniqueId('bob'));
    await joinRoom(bob, room);

    const ack = await alice.request({ type: 'room_message', room_id: room, content: 'Hello, room' });
    const delivered = await bob.next(inRoom('room_message', room));
    expect(delivered).toEqual({
      type: 'room_message',
      id: expect.stringMatching(UUID),
      offset: 1,
      room_id: room,
      sender_id: aliceId,
      sender_username: 'Alice',
      content: 'Hello, room',
      timestamp: expect.stringMatching(RFC3339_MS_UTC),
    });
    expect(Math.abs(Date.parse(delivered.timestamp) - Date.now())).toBeLessThan(60_000);
    expect(ack).toEqual({
      type: 'success',
      message: expect.any(String),
      request_id: expect.any(String),
      data: { id: delivered.id, offset: delivered.offset, timestamp: delivered.timestamp },
    });
  });

  it('numbers messages 1, 2, 3… per room, independently in each room', async () => {
    const alice = await clients.as(uniqueId('alice'));
    const x = await createRoom(alice, { name: 'Room X' });
    const y = await createRoom(alice, { name: 'Room Y' });
    const bob = await clients.as(uniqueId('bob'));
    await joinRoom(bob, x);
    await joinRoom(bob, y);

    for (const [room, content] of [[x, 'x one'], [x, 'x two'], [y, 'y one'], [x, 'x three'], [y, 'y two']]) {
      alice.send({ type: 'room_message', room_id: room, content });
    }
    const got: [string, number, string][] = [];
    for (let i = 0; i < 5; i++) {
      const f = await bob.next((m) => m.type === 'room_message' && (m.room_id === x || m.room_id === y));
      got.push([f.room_id === x ? 'x' : 'y', f.offset, f.content]);
    }
    expect(got).toEqual([
      ['x', 1, 'x one'],
      ['x', 2, 'x two'],
      ['y', 1, 'y one'],
      ['x', 3, 'x three'],
      ['y', 2, 'y two'],
    ]);
    // A later joiner is told where each room stands.
    const carol = await clients.as(uniqueId('carol'));
    await expect(joinRoom(carol, x)).resolves.toMatchObject({ offset: 3 });
    await expect(joinRoom(carol, y)).resolves.toMatchObject({ offset: 2 });
  });

  it('never echoes a message to the sending connection, but delivers it to the sender\'s other connection in the room', async () => {
    const aliceId = uniqueId('alice');
    const alice1 = await clients.as(aliceId);
    const room = await createRoom(alice1);
    const alice2 = await clients.as(aliceId);
    await joinRoom(alice2, room);
    const bob = await clients.as(uniqueId('bob'));
    await joinRoom(bob, room);

    await alice1.request({ type: 'room_message', room_id: room, content: 'from my laptop' });
    await expect(alice2.next(inRoom('room_message', room))).resolves.toMatchObject({ sender_id: aliceId, content: 'from my laptop' });
    await expect(bob.next(inRoom('room_message', room))).resolves.toMatchObject({ sender_id: aliceId, content: 'from my laptop' });
    await alice1.expectNone(inRoom('room_message', room));
  });

  it('sends no success to a sender that gave no request_id', async () => {
    const alice = await clients.as(uniqueId('alice'));
    const room = await createRoom(alice);
    const bob = await clients.as(uniqueId('bob'));
    await joinRoom(bob, room);

    alice.send({ type: 'room_message', room_id: room, content: 'fire and forget' });
    await bob.next(inRoom('room_message', room, { content: 'fire and forget' }));
    await alice.expectNone((f) => f.type === 'success' || f.type === 'error');
  });

  it('refuses a room the connection has not joined with NOT_A_MEMBER, and delivers nothing', async () => {
    const alice = await clients.as(uniqueId('alice'));
    const room = await createRoom(alice);
    const bob = await clients.as(uniqueId('bob'));

    expectError(await bob.request({ type: 'room_message', room_id: room, content: 'sneaking in' }), 'NOT_A_MEMBER');
    await alice.expectNone(inRoom('room_message', room));
    // The first message that does get through still has offset 1.
    await joinRoom(bob, room);
    await expect(bob.request({ type: 'room_message', room_id: room, content: 'properly now' })).resolves.toMatchObject({ type: 'success', data: { offset: 1 } });
  });

  it('refuses an unknown room with ROOM_NOT_FOUND', async () => {
    const alice = await clients.as(uniqueId('alice'));
    expectError(await alice.request({ type: 'room_message', room_id: 'no-such-room', content: 'hello?' }), 'ROOM_NOT_FOUND');
  });

  it('relays content HTML-escaped and otherwise unchanged', async () => {
    const alice = await clients.as(uniqueId('alice'));
    const room = await createRoom(alice);
    const bob = await clients.as(uniqueId('bob'));
    await joinRoom(bob, room);
    alice.send({ type: 'room_message', room_id: room, content: '<b>"Tom" & \'Jerry\'</b>\n  ünïcödé 🎉' });
    await expect(bob.next(inRoom('room_message', room))).resolves.toMatchObject({
      content: '&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;\n  ünïcödé 🎉',
    });
  });

  it('delivers the original README\'s typeless wscat frame as a room_message to "general"', async () => {
    const aliceId = uniqueId('alice');
    const alice = await clients.as(aliceId, { username: 'Alice' });
    const bob = await clients.as(uniqueId('bob'));

    alice.send('{"id":"123","sender":"test_user","content":"Hello from wscat!","timestamp":"2024-01-01T00:00:00Z"}');
    const delivered = await bob.next((f) => f.type === 'room_message' && f.sender_id === aliceId);
    expect(delivered).toEqual({
      type: 'room_message',
      id: expect.stringMatching(UUID),
      offset: expect.any(Number),
      room_id: 'general',
      sender_id: aliceId,
      sender_username: 'Alice',
      content: 'Hello from wscat!',
      timestamp: expect.stringMatching(RFC3339_MS_UTC),
    });
    expect(delivered.id).not.toBe('123');
    expect(delivered.timestamp).not.toBe('2024-01-01T00:00:00Z');
    await alice.expectNone((f) => f.type === 'error' || f.type === 'success' || f.type === 'room_message');
  });
});

describe('ping', () => {
  const { clients } = serverForSuite();

  it('answers ping with pong {timestamp}, echoing the request_id', async () => {
    const alice = await clients.as(uniqueId('alice'));
    alice.send({ type: 'ping', request_id: 'ping-42' });
    const pong = await alice.next('pong');
    expect(pong).toEqual({ type: 'pong', timestamp: expect.stringMatching(RFC3339_MS_UTC), request_id: 'ping-42' });
    expect(Math.abs(Date.parse(pong.timestamp) - Date.now())).toBeLessThan(60_000);
  });

  it('answers a ping without request_id with a pong without one', async () => {
    const { client: guest } = await clients.guest();
    guest.send({ type: 'ping' });
    await expect(guest.next('pong')).resolves.toEqual({ type: 'pong', timestamp: expect.stringMatching(RFC3339_MS_UTC) });
  });
});
