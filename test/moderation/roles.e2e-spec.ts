import { castRoom, createRoom, inRoom, joinRoom, moderationSuite, ok, rolesIn, uniqueId } from './helpers';

/**
 * Where roles come from (PROTOCOL.md §5): the token's role claim (Guest for anonymous users), Owner for
 * a room's creator, global Admins and Owners acting as such in every room, Member otherwise unless a
 * role was set in the room. `get_room_members`, the `join_room` reply and `role_changed` say the truth.
 */
describe('roles', () => {
  const suite = moderationSuite();

  it('reports every member\'s real role in get_room_members', async () => {
    const c = await castRoom(suite);
    const rootId = uniqueId('root');
    const root = await suite.user(rootId, { role: 'owner' });
    const globalModId = uniqueId('global-mod');
    const globalMod = await suite.user(globalModId, { role: 'Moderator' });
    await joinRoom(root, c.roomId);
    await joinRoom(globalMod, c.roomId);

    expect(await rolesIn(c.member, c.roomId)).toEqual({
      [c.ids.owner]: 'Owner',
      [c.ids.admin]: 'Admin',
      [c.ids.moderator]: 'Moderator',
      [c.ids.member]: 'Member',
      [c.ids.guest]: 'Guest',
      [rootId]: 'Owner',
      // Only global Admin and Owner carry over into rooms; a global Moderator is a Member here.
      [globalModId]: 'Member',
    });
  });

  it('answers join_room with the joiner\'s role in the room', async () => {
    const owner = await suite.user(uniqueId('owner'));
    const roomId = await createRoom(owner);
    expect((await joinRoom(owner, roomId)).role).toBe('Owner');
    expect((await joinRoom(await suite.user(uniqueId('admin'), { role: 'admin' }), roomId)).role).toBe('Admin');
    expect((await joinRoom(await suite.user(uniqueId('member')), roomId)).role).toBe('Member');
    expect((await joinRoom((await suite.guest()).client, roomId)).role).toBe('Guest');
  });

  it('broadcasts role_changed to the room and reports the new role everywhere', async () => {
    const c = await castRoom(suite);
    const data = await ok(c.owner, { type: 'set_user_role', room_id: c.roomId, user_id: c.ids.member, role: 'MODERATOR' });
    expect(data).toEqual({ room_id: c.roomId, user_id: c.ids.member, role: 'Moderator' });
    const changed = { type: 'role_changed', room_id: c.roomId, user_id: c.ids.member, role: 'Moderator' };
    for (const client of [c.owner, c.admin, c.moderator, c.member, c.guest]) {
      await expect(client.next(inRoom('role_changed', c.roomId, { user_id: c.ids.member }))).resolves.toEqual(changed);
    }
    expect((await rolesIn(c.guest, c.roomId))[c.ids.member]).toBe('Moderator');
    // Leaving and coming back keeps it: roles belong to the user id, not the connection.
    await ok(c.member, { type: 'leave_room', room_id: c.roomId });
    expect((await joinRoom(c.member, c.roomId)).role).toBe('Moderator');
  });

  it('gives a role to a user who is not online; it holds when they connect and join', async () => {
    const owner = await suite.user(uniqueId('owner'));
    const roomId = await createRoom(owner);
    const laterId = uniqueId('later');
    expect(await ok(owner, { type: 'set_user_role', room_id: roomId, user_id: laterId, role: 'moderator' })).toMatchObject({ role: 'Moderator' });

    const later = await suite.user(laterId);
    expect((await joinRoom(later, roomId)).role).toBe('Moderator');
    const otherId = uniqueId('member');
    await joinRoom(await suite.user(otherId), roomId);
    await ok(later, { type: 'mute_user', room_id: roomId, user_id: otherId, duration_minutes: 5 });
  });

  it('a user\'s role does not change with a second connection or a reconnect', async () => {
    const c = await castRoom(suite);
    const second = await suite.user(c.ids.moderator);
    expect((await joinRoom(second, c.roomId)).role).toBe('Moderator');
    await c.moderator.close();
    await second.close();
    const again = await suite.user(c.ids.moderator);
    expect((await joinRoom(again, c.roomId)).role).toBe('Moderator');
  });
});
