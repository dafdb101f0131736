import { createRoom, expectError, Frame, joinRoom, ROOM_ID, serverForSuite, uniqueId } from '../support';

const roomIds = (list: Frame): string[] => list.rooms.map((r: { id: string }) => r.id);

describe('create_room', () => {
  const { clients } = serverForSuite();

  it('replies success {room_id, name} with a valid server-made id and joins the creator as Owner', async () => {
    const aliceId = uniqueId('alice');
    const alice = await clients.as(aliceId, { username: 'Alice' });
    const reply = await alice.request({ type: 'create_room', name: '  Book club  ' });
    expect(reply).toEqual({ type: 'success', message: expect.any(String), request_id: expect.any(String), data: { room_id: expect.stringMatching(ROOM_ID), name: 'Book club' } });
    const room = reply.data.room_id as string;

    await expect(alice.request({ type: 'get_room_members', room_id: room })).resolves.toEqual({
      type: 'room_members',
      room_id: room,
      request_id: expect.any(String),
      members: [{ id: aliceId, username: 'Alice', role: 'Owner', is_online: true }],
    });
    // Joined already: the creator can send at once, and a join_room reports the Owner role.
    await expect(alice.request({ type: 'room_message', room_id: room, content: 'first!' })).resolves.toMatchObject({ type: 'success', data: { offset: 1 } });
    await expect(joinRoom(alice, room)).resolves.toMatchObject({ role: 'Owner', offset: 1 });
  });

  it('makes a global admin who creates a room its Owner, who can then delete it', async () => {
    const admin = await clients.as(uniqueId('root'), { role: 'admin' });
    const room = await createRoom(admin, { name: 'Admin room' });
    await expect(joinRoom(admin, room)).resolves.toMatchObject({ role: 'Owner' });
    await expect(admin.request({ type: 'delete_room', room_id: room })).resolves.toMatchObject({ type: 'success', data: { room_id: room } });
  });

  it('gives every created room its own id', async () => {
    const alice = await clients.as(uniqueId('alice'));
    const a = await createRoom(alice, { name: 'Same name' });
    const b = await createRoom(alice, { name: 'Same name' });
    expect(a).not.toBe(b);
    expect(a).not.toBe('general');
  });

  it('refuses an anonymous guest with FORBIDDEN', async () => {
    const { client: guest, welcome } = await clients.guest();
    expect(welcome).toMatchObject({ authenticated: false, global_role: 'Guest' });
    expectError(await guest.request({ type: 'create_room', name: 'Guest room' }), 'FORBIDDEN');
    const list = await guest.request({ type: 'list_rooms' });
    expect(list.rooms.map((r: { name: string }) => r.name)).not.toContain('Guest room');
  });

  it('hides a private room from other users: absent from list_rooms, ROOM_NOT_FOUND to join_room and get_room_members', async () => {
    const alice = await clients.as(uniqueId('alice'));
    const room = await createRoom(alice, { name: 'Secret', is_private: true });
    const bob = await clients.as(uniqueId('bob'));

    expect(roomIds(await bob.request({ type: 'list_rooms' }))).not.toContain(room);
    expectError(await bob.request({ type: 'join_room', room_id: room }), 'ROOM_NOT_FOUND');
    expectError(await bob.request({ type: 'get_room_members', room_id: room }), 'ROOM_NOT_FOUND');
    // Its members do see it.
    expect(roomIds(await alice.request({ type: 'list_rooms' }))).toContain(room);
  });

  it('shows a private room to a global admin', async () => {
    const alice = await clients.as(uniqueId('alice'));
    const room = await createRoom(alice, { name: 'Secret', is_private: true });
    const admin = await clients.as(uniqueId('root'), { role: 'admin' });

    const list = await admin.request({ type: 'list_rooms' });
    expect(list.rooms.find((r: { id: string }) => r.id === room)).toMatchObject({ id: room, is_private: true });
    await expect(admin.request({ type: 'get_room_members', room_id: room })).resolves.toMatchObject({ type: 'room_members', room_id: room });
  });

  it('guards a (public) password room: no or wrong password is WRONG_PASSWORD, the right one joins', async () => {
    const aliceId = uniqueId('alice');
    const alice = await clients.as(aliceId);
    const room = await createRoom(alice, { name: 'Locked', password: 'open sesame' });
    const bobId = uniqueId('bob');
    const bob = await clients.as(bobId);

    // Not private: it is listed, saying it needs a password.
    const listed = (await bob.request({ type: 'list_rooms' })).rooms.find((r: { id: string }) => r.id === room);
    expect(listed).toMatchObject({ is_private: false, requires_password: true });

    expectError(await bob.request({ type: 'join_room', room_id: room }, 5000), 'WRONG_PASSWORD');
    expectError(await bob.request({ type: 'join_room', room_id: room, password: 'open sesame!' }, 5000), 'WRONG_PASSWORD');
    expectError(await bob.request({ type: 'room_message', room_id: room, content: 'let me in' }), 'NOT_A_MEMBER');

    await expect(joinRoom(bob, room, 'open sesame')).resolves.toMatchObject({ room_id: room, role: 'Member' });
    const members = await alice.request({ type: 'get_room_members', room_id: room });
    expect(members.members.map((m: { id: string }) => m.id).sort()).toEqual([aliceId, bobId].sort());
  });

  it('guards a private password room: a wrong password is ROOM_NOT_FOUND, the right one joins', async () => {
    const alice = await clients.as(uniqueId('alice'));
    const room = await createRoom(alice, { name: 'Vault', is_private: true, password: 'hunter2' });
    const bob = await clients.as(uniqueId('bob'));

    expectError(await bob.request({ type: 'join_room', room_id: room, password: 'hunter3' }, 5000), 'ROOM_NOT_FOUND');
    expectError(await bob.request({ type: 'join_room', room_id: room }, 5000), 'ROOM_NOT_FOUND');
    expect(roomIds(await bob.request({ type: 'list_rooms' }))).not.toContain(room);

    await expect(joinRoom(bob, room, 'hunter2')).resolves.toMatchObject({ room_id: room, role: 'Member' });
    expect(roomIds(await bob.request({ type: 'list_rooms' }))).toContain(room);
  });

  it('enforces max_members per user: a second user gets ROOM_FULL, the same user\'s second connection still joins', async () => {
    const aliceId = uniqueId('alice');
    const alice = await clients.as(aliceId);
    const room = await createRoom(alice, { name: 'Solo', max_members: 1 });
    const bob = await clients.as(uniqueId('bob'));

    expectError(await bob.request({ type: 'join_room', room_id: room }), 'ROOM_FULL');

    const alice2 = await clients.as(aliceId);
    await expect(joinRoom(alice2, room)).resolves.toMatchObject({ room_id: room, role: 'Owner' });
    // Still one member (a user), and still full for others.
    const list = await alice.request({ type: 'list_rooms' });
    expect(list.rooms.find((r: { id: string }) => r.id === room)).toMatchObject({ member_count: 1, max_members: 1 });
    expectError(await bob.request({ type: 'join_room', room_id: room }), 'ROOM_FULL');
  });
});

describe('create_room with RUSTY_SOCKS_MEMBERS_CAN_CREATE_ROOMS=false', () => {
  const { clients } = serverForSuite({ RUSTY_SOCKS_MEMBERS_CAN_CREATE_ROOMS: 'false' });

  it('refuses a member with FORBIDDEN but lets an admin create rooms', async () => {
    const member = await clients.as(uniqueId('bob'), { role: 'member' });
    expectError(await member.request({ type: 'create_room', name: 'Members only' }), 'FORBIDDEN');

    const admin = await clients.as(uniqueId('root'), { role: 'admin' });
    const reply = await admin.request({ type: 'create_room', name: 'Admins only' });
    expect(reply).toMatchObject({ type: 'success', data: { room_id: expect.stringMatching(ROOM_ID), name: 'Admins only' } });
    expect(roomIds(await member.request({ type: 'list_rooms' }))).toEqual(expect.arrayContaining([reply.data.room_id]));
    expect((await member.request({ type: 'list_rooms' })).rooms.map((r: { name: string }) => r.name)).not.toContain('Members only');
  });
});
