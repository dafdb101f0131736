import { createRoom, Frame, inRoom, joinRoom, serverForSuite, uniqueId } from '../support';

describe('ordering', () => {
  // The rate limit is raised so that this file tests ordering only.
  const { clients } = serverForSuite({ RUSTY_SOCKS_RATE_LIMIT_MSG_PER_MIN: '100000' });

  it('delivers 200 messages sent back to back in send order with consecutive offsets', async () => {
    const alice = await clients.as(uniqueId('alice'));
    const room = await createRoom(alice, { name: 'Firehose' });
    const bob = await clients.as(uniqueId('bob'));
    await joinRoom(bob, room);

    const sent = Array.from({ length: 200 }, (_, i) => `message number ${i}`);
    for (const content of sent) alice.send({ type: 'room_message', room_id: room, content });

    const received: Frame[] = [];
    for (let i = 0; i < sent.length; i++) received.push(await bob.next(inRoom('room_message', room), `room message #${i}`, 5000));
    expect(received.map((f) => f.content)).toEqual(sent);
    expect(received.map((f) => f.offset)).toEqual(sent.map((_, i) => i + 1));
    expect(new Set(received.map((f) => f.id)).size).toBe(sent.length);
    await bob.expectNone(inRoom('room_message', room));
    await alice.expectNone((f) => f.type === 'error' || f.type === 'room_message');
  });

  it('handles one connection\'s frames in order: a slow password join_room finishes before the ping and room_message after it', async () => {
    const alice = await clients.as(uniqueId('alice'));
    const room = await createRoom(alice, { name: 'Slow door', password: 'correct horse battery staple' });
    const bobId = uniqueId('bob');
    const bob = await clients.as(bobId);

    // Sent back to back: the join's password check runs on a worker thread while the others wait.
    bob.send({ type: 'join_room', room_id: room, password: 'correct horse battery staple', request_id: 'join' });
    bob.send({ type: 'ping', request_id: 'ping' });
    bob.send({ type: 'room_message', room_id: room, content: 'made it in', request_id: 'msg' });

    const replies: Frame[] = [];
    for (let i = 0; i < 3; i++) replies.push(await bob.next((f) => ['join', 'ping', 'msg'].includes(f.request_id), `reply #${i}`, 5000));
    expect(replies.map((f) => [f.request_id, f.type])).toEqual([
      ['join', 'success'],
      ['ping', 'pong'],
      ['msg', 'success'],
    ]);
    expect(replies[0].data).toMatchObject({ room_id: room, role: 'Member', offset: 0 });
    expect(replies[2].data).toMatchObject({ offset: 1 });
    await expect(alice.next(inRoom('room_message', room))).resolves.toMatchObject({ sender_id: bobId, content: 'made it in', offset: 1 });
  });
});
