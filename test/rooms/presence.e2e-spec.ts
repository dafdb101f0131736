import { createRoom, expectError, inRoom, joinRoom, serverForSuite, uniqueId } from '../support';

describe('join_room / leave_room and per-user presence', () => {
  const { clients } = serverForSuite();

  /** An owner's new room that user `bob` has joined on two connections, the owner told so once. */
  async function bobInRoomTwice() {
    const owner = await clients.as(uniqueId('alice'));
    const room = await createRoom(owner);
    const bob = uniqueId('bob');
    const bob1 = await clients.as(bob);
    const bob2 = await clients.as(bob);
    await joinRoom(bob1, room);
    await joinRoom(bob2, room);
    await owner.next(inRoom('user_joined', room, { user_id: bob }));
    return { owner, room, bob, bob1, bob2 };
  }

  it('sends user_joined to the other members only when the user first enters, not to the joiner and not for a second connection', async () => {
    const alice = uniqueId('alice');
    const bob = uniqueId('bob');
    const owner = await clients.as(alice);
    const room = await createRoom(owner);
    const bob1 = await clients.as(bob, { username: 'Bobby' });

    await joinRoom(bob1, room);
    await expect(owner.next(inRoom('user_joined', room))).resolves.toEqual({ type: 'user_joined', room_id: room, user_id: bob, username: 'Bobby' });
    await bob1.expectNone(inRoom('user_joined', room));

    await owner.next(inRoom('user_joined', 'general', { user_id: bob }));
    const bob2 = await clients.as(bob, { username: 'Bobby' });
    await joinRoom(bob2, room);
    await owner.expectNone(inRoom('user_joined', room));
    // The same holds in the default room that every connection joins on its own.
    await owner.expectNone(inRoom('user_joined', 'general', { user_id: bob }));
    await bob1.expectNone(inRoom('user_joined', room));
    await bob2.expectNone(inRoom('user_joined', room));
  });

  it('sends user_left (reason "left") only when the user\'s last connection leaves', async () => {
    const { owner, room, bob, bob1, bob2 } = await bobInRoomTwice();

    await expect(bob1.request({ type: 'leave_room', room_id: room })).resolves.toMatchObject({ type: 'success', data: { room_id: room } });
    await owner.expectNone(inRoom('user_left', room));

    await expect(bob2.request({ type: 'leave_room', room_id: room })).resolves.toMatchObject({ type: 'success', data: { room_id: room } });
    await expect(owner.next(inRoom('user_left', room))).resolves.toEqual({ type: 'user_left', room_id: room, user_id: bob, username: bob, reason: 'left' });
    await bob2.expectNone(inRoom('user_left', room));
    await owner.expectNone(inRoom('user_left', room));
  });

  it('sends user_left (reason "disconnected") when the user\'s last connection closes, and not before', async () => {
    const { owner, room, bob, bob1, bob2 } = await bobInRoomTwice();

    await bob1.close();
    await owner.expectNone(inRoom('user_left', room));
    const members = await owner.request({ type: 'get_room_members', room_id: room });
    expect(members.members.map((m: { id: string }) => m.id)).toContain(bob);

    await bob2.close();
    await expect(owner.next(inRoom('user_left', room))).resolves.toEqual({ type: 'user_left', room_id: room, user_id: bob, username: bob, reason: 'disconnected' });
    await owner.expectNone(inRoom('user_left', room));
  });

  it('answers join_room with {room_id, role, offset, epoch}: offset is the last message offset, 0 when empty', async () => {
    const alice = await clients.as(uniqueId('alice'));
    const room = await createRoom(alice);
    const bob = await clients.as(uniqueId('bob'));

    const first = await bob.request({ type: 'join_room', room_id: room });
    expect(first).toEqual({
      type: 'success',
      message: expect.any(String),
      request_id: expect.any(String),
      data: { room_id: room, role: 'Member', offset: 0, epoch: expect.any(String) },
    });
    expect(first.data.epoch.length).toBeGreaterThan(0);

    alice.send({ type: 'room_message', room_id: room, content: 'one' });
    alice.send({ type: 'room_message', room_id: room, content: 'two' });
    await bob.next(inRoom('room_message', room, { offset: 2 }));

    const carol = await clients.as(uniqueId('carol'));
    await expect(carol.request({ type: 'join_room', room_id: room })).resolves.toMatchObject({
      type: 'success',
      data: { room_id: room, role: 'Member', offset: 2, epoch: first.data.epoch },
    });
  });

  it('treats a second join_room of the same connection as harmless: same reply, no event, one leave takes it out', async () => {
    const alice = await clients.as(uniqueId('alice'));
    const room = await createRoom(alice);
    const bobId = uniqueId('bob');
    const bob = await clients.as(bobId);

    const first = await joinRoom(bob, room);
    await alice.next(inRoom('user_joined', room, { user_id: bobId }));
    const second = await joinRoom(bob, room);
    expect(second).toEqual(first);
    await alice.expectNone(inRoom('user_joined', room));

    const members = await alice.request({ type: 'get_room_members', room_id: room });
    expect(members.members.filter((m: { id: string }) => m.id === bobId)).toHaveLength(1);

    // The connection is in the room once: a single leave takes the user out.
    await expect(bob.request({ type: 'leave_room', room_id: room })).resolves.toMatchObject({ type: 'success' });
    await expect(alice.next(inRoom('user_left', room))).resolves.toMatchObject({ user_id: bobId, reason: 'left' });
    expectError(await bob.request({ type: 'room_message', room_id: room, content: 'still here?' }), 'NOT_A_MEMBER');
  });

  it('answers leave_room of a room the connection is not in with NOT_A_MEMBER', async () => {
    const alice = await clients.as(uniqueId('alice'));
    const room = await createRoom(alice);
    const bob = await clients.as(uniqueId('bob'));
    expectError(await bob.request({ type: 'leave_room', room_id: room }), 'NOT_A_MEMBER');
    // The same user's other connection being in the room does not make this one a member.
    const bobId = uniqueId('bob');
    const bob1 = await clients.as(bobId);
    const bob2 = await clients.as(bobId);
    await joinRoom(bob1, room);
    expectError(await bob2.request({ type: 'leave_room', room_id: room }), 'NOT_A_MEMBER');
    await alice.expectNone(inRoom('user_left', room));
  });

  it('answers leave_room of a private room the user cannot see with ROOM_NOT_FOUND, not revealing it', async () => {
    const alice = await clients.as(uniqueId('alice'));
    const room = await createRoom(alice, { name: 'Hidden', is_private: true });
    const bob = await clients.as(uniqueId('bob'));
    expectError(await bob.request({ type: 'leave_room', room_id: room }), 'ROOM_NOT_FOUND');
    expectError(await bob.request({ type: 'leave_room', room_id: 'no-such-room' }), 'ROOM_NOT_FOUND');
  });

  it('answers join_room of an unknown room with ROOM_NOT_FOUND', async () => {
    const bob = await clients.as(uniqueId('bob'));
    expectError(await bob.request({ type: 'join_room', room_id: 'no-such-room' }), 'ROOM_NOT_FOUND');
  });
});

describe('presence events in rooms larger than RUSTY_SOCKS_PRESENCE_EVENTS_MAX_MEMBERS', () => {
  const { clients } = serverForSuite({ RUSTY_SOCKS_PRESENCE_EVENTS_MAX_MEMBERS: '1' });

  it('sends no user_joined or user_left once a room has more than 1 member', async () => {
    const alice = await clients.as(uniqueId('alice'));
    const room = await createRoom(alice);
    const bob = await clients.as(uniqueId('bob'));

    await joinRoom(bob, room);
    await alice.expectNone((f) => f.type === 'user_joined');

    await expect(bob.request({ type: 'leave_room', room_id: room })).resolves.toMatchObject({ type: 'success' });
    await alice.expectNone((f) => f.type === 'user_left');

    await joinRoom(bob, room);
    await bob.close();
    await alice.expectNone((f) => f.type === 'user_joined' || f.type === 'user_left');
  });
});
