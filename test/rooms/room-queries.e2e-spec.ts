import { ANON_ID, createRoom, expectError, GUEST_NAME, joinRoom, serverForSuite, uniqueId } from '../support';

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe('list_rooms and get_room_members', () => {
  const { clients } = serverForSuite();

  it('lists rooms as exactly {id, name, member_count, max_members, is_private, requires_password} with the right values', async () => {
    const alice = await clients.as(uniqueId('alice'));
    const bobId = uniqueId('bob');
    const bob1 = await clients.as(bobId);
    const bob2 = await clients.as(bobId);
    const locked = await createRoom(alice, { name: 'Tom & Jerry <3', max_members: 5, password: 'cheese' });
    await joinRoom(bob1, locked, 'cheese');
    await joinRoom(bob2, locked, 'cheese');
    const secret = await createRoom(alice, { name: 'Back office', is_private: true });

    const reply = await alice.request({ type: 'list_rooms' });
    expect(reply).toEqual({ type: 'room_list', request_id: expect.any(String), rooms: expect.any(Array) });
    for (const entry of reply.rooms) {
      expect(Object.keys(entry).sort()).toEqual(['id', 'is_private', 'max_members', 'member_count', 'name', 'requires_password']);
    }
    const entry = (id: string) => reply.rooms.find((r: { id: string }) => r.id === id);
    // Two users (bob's two connections count once), name HTML-escaped.
    expect(entry(locked)).toEqual({ id: locked, name: 'Tom &amp; Jerry &lt;3', member_count: 2, max_members: 5, is_private: false, requires_password: true });
    expect(entry(secret)).toEqual({ id: secret, name: 'Back office', member_count: 1, max_members: null, is_private: true, requires_password: false });
    expect(entry('general')).toEqual({ id: 'general', name: 'general', member_count: expect.any(Number), max_members: null, is_private: false, requires_password: false });
    expect(entry('general').member_count).toBeGreaterThanOrEqual(2);

    // Counts follow leaves.
    await bob1.request({ type: 'leave_room', room_id: locked });
    await bob2.request({ type: 'leave_room', room_id: locked });
    const after = await alice.request({ type: 'list_rooms' });
    expect(after.rooms.find((r: { id: string }) => r.id === locked)).toMatchObject({ member_count: 1 });
  });

  it('lists members as {id, username, role, is_online: true} with their real roles', async () => {
    const ownerId = uniqueId('alice');
    const owner = await clients.as(ownerId, { username: 'Alice' });
    const room = await createRoom(owner, { name: 'Mixed company' });
    const adminId = uniqueId('root');
    const admin = await clients.as(adminId, { role: 'admin', username: 'Root' });
    const carolId = uniqueId('carol');
    const carol = await clients.as(carolId, { role: 'member' });
    const { client: guest, welcome } = await clients.guest();
    await joinRoom(admin, room);
    await joinRoom(carol, room);
    await expect(joinRoom(guest, room)).resolves.toMatchObject({ role: 'Guest' });

    const reply = await carol.request({ type: 'get_room_members', room_id: room });
    expect(reply).toEqual({ type: 'room_members', room_id: room, request_id: expect.any(String), members: expect.any(Array) });
    expect([...reply.members].sort(byId)).toEqual(
      [
        { id: ownerId, username: 'Alice', role: 'Owner', is_online: true },
        { id: adminId, username: 'Root', role: 'Admin', is_online: true },
        { id: carolId, username: carolId, role: 'Member', is_online: true },
        { id: welcome.client_id, username: welcome.username, role: 'Guest', is_online: true },
      ].sort(byId),
    );
    expect(welcome.client_id).toMatch(ANON_ID);
    expect(welcome.username).toMatch(GUEST_NAME);
  });

  it('lists a global owner as Owner in any room', async () => {
    const alice = await clients.as(uniqueId('alice'));
    const room = await createRoom(alice);
    const bossId = uniqueId('boss');
    const boss = await clients.as(bossId, { role: 'owner' });
    await expect(joinRoom(boss, room)).resolves.toMatchObject({ role: 'Owner' });
    const reply = await alice.request({ type: 'get_room_members', room_id: room });
    expect(reply.members.find((m: { id: string }) => m.id === bossId)).toEqual({ id: bossId, username: bossId, role: 'Owner', is_online: true });
  });

  it('answers get_room_members of an unknown room with ROOM_NOT_FOUND', async () => {
    const alice = await clients.as(uniqueId('alice'));
    expectError(await alice.request({ type: 'get_room_members', room_id: 'no-such-room' }), 'ROOM_NOT_FOUND');
  });
});
