import { castRoom, inRoom, joinRoom, moderationSuite, ok, refusal, refused, rolesIn, say, uniqueId } from './helpers';

/**
 * The hierarchy of PROTOCOL.md §5: an actor acts only on users whose role in the room is strictly lower
 * than its own, gives only roles strictly lower than its own, and never acts on itself. Refusals are
 * FORBIDDEN with a message that says why, and leave the target as it was.
 */
describe('hierarchy', () => {
  const suite = moderationSuite();

  it('stops a Moderator from kicking or muting an equal or a superior, saying which role is in the way', async () => {
    const c = await castRoom(suite);
    const otherModId = uniqueId('moderator');
    const otherMod = await suite.user(otherModId);
    await joinRoom(otherMod, c.roomId);
    await ok(c.owner, { type: 'set_user_role', room_id: c.roomId, user_id: otherModId, role: 'Moderator' });

    for (const [targetId, role] of [
      [otherModId, 'Moderator'],
      [c.ids.admin, 'Admin'],
      [c.ids.owner, 'Owner'],
    ]) {
      for (const type of ['kick_user', 'mute_user']) {
        const reply = await refused(c.moderator, { type, room_id: c.roomId, user_id: targetId }, 'FORBIDDEN');
        expect(reply.message).toBe(`${targetId} is ${role} here; you (Moderator) can only act on users with a lower role`);
      }
    }
    await otherMod.expectNone((f) => f.type === 'error' && ['KICKED', 'MUTED'].includes(f.code));
    await c.admin.expectNone((f) => f.type === 'error' && ['KICKED', 'MUTED'].includes(f.code));
    expect(await rolesIn(c.member, c.roomId)).toMatchObject({ [otherModId]: 'Moderator', [c.ids.admin]: 'Admin', [c.ids.owner]: 'Owner' });
  });

  it('stops a global Admin from banning another global Admin or the room Owner, while the Owner may ban a global Admin', async () => {
    const c = await castRoom(suite);
    const otherAdminId = uniqueId('admin');
    const otherAdmin = await suite.user(otherAdminId, { role: 'ADMIN' });
    await joinRoom(otherAdmin, c.roomId);

    expect((await refused(c.admin, { type: 'ban_user', room_id: c.roomId, user_id: otherAdminId }, 'FORBIDDEN')).message).toContain(`${otherAdminId} is Admin here`);
    expect((await refused(c.admin, { type: 'ban_user', room_id: c.roomId, user_id: c.ids.owner }, 'FORBIDDEN')).message).toContain(`${c.ids.owner} is Owner here`);
    await otherAdmin.expectNone(refusal('BANNED', c.roomId));

    const ban = await ok(c.owner, { type: 'ban_user', room_id: c.roomId, user_id: otherAdminId, duration_hours: 1 });
    expect(ban.user_id).toBe(otherAdminId);
    await otherAdmin.next(refusal('BANNED', c.roomId));
    await expect(c.member.next(inRoom('user_left', c.roomId, { user_id: otherAdminId }))).resolves.toMatchObject({ reason: 'banned' });
  });

  it('lets a global Owner act on a room Admin but not on the room\'s creator', async () => {
    const c = await castRoom(suite);
    const rootId = uniqueId('root');
    const root = await suite.user(rootId, { role: 'owner' });
    await joinRoom(root, c.roomId);
    const roomAdminId = uniqueId('room-admin');
    const roomAdmin = await suite.user(roomAdminId);
    await joinRoom(roomAdmin, c.roomId);
    await ok(c.owner, { type: 'set_user_role', room_id: c.roomId, user_id: roomAdminId, role: 'admin' });

    await ok(root, { type: 'kick_user', room_id: c.roomId, user_id: roomAdminId });
    await roomAdmin.next(refusal('KICKED', c.roomId));
    const reply = await refused(root, { type: 'kick_user', room_id: c.roomId, user_id: c.ids.owner }, 'FORBIDDEN');
    expect(reply.message).toContain(`${c.ids.owner} is Owner here; you (Owner)`);
  });

  it('refuses every action on oneself, even by the Owner', async () => {
    const c = await castRoom(suite);
    for (const type of ['kick_user', 'ban_user', 'mute_user', 'unban_user', 'unmute_user']) {
      const reply = await refused(c.owner, { type, room_id: c.roomId, user_id: c.ids.owner }, 'FORBIDDEN');
      expect(reply.message).toBe('You cannot do this to yourself');
    }
    expect((await refused(c.owner, { type: 'set_user_role', room_id: c.roomId, user_id: c.ids.owner, role: 'member' }, 'FORBIDDEN')).message).toBe('You cannot do this to yourself');
    // Still the Owner, still in the room, still heard.
    expect((await rolesIn(c.member, c.roomId))[c.ids.owner]).toBe('Owner');
    const id = await say(c.owner, c.roomId, 'still here');
    await c.member.next(inRoom('room_message', c.roomId, { id }));
  });

  it('keeps a muted Moderator from unmuting themselves', async () => {
    const c = await castRoom(suite);
    await ok(c.admin, { type: 'mute_user', room_id: c.roomId, user_id: c.ids.moderator });
    await c.moderator.next(refusal('MUTED', c.roomId));
    await refused(c.moderator, { type: 'unmute_user', room_id: c.roomId, user_id: c.ids.moderator }, 'FORBIDDEN');
    await refused(c.moderator, { type: 'room_message', room_id: c.roomId, content: 'let me speak' }, 'MUTED');
  });

  it('lets an actor give only roles strictly below its own', async () => {
    const c = await castRoom(suite);
    expect((await refused(c.admin, { type: 'set_user_role', room_id: c.roomId, user_id: c.ids.member, role: 'admin' }, 'FORBIDDEN')).message).toBe(
      'You (Admin) can only give roles lower than your own, not Admin',
    );
    expect((await refused(c.owner, { type: 'set_user_role', room_id: c.roomId, user_id: c.ids.member, role: 'OWNER' }, 'FORBIDDEN')).message).toBe(
      'You (Owner) can only give roles lower than your own, not Owner',
    );
    await c.member.expectNone(inRoom('role_changed', c.roomId, { user_id: c.ids.member }));

    // The Owner may make an Admin, who then outranks Moderators but not other Admins.
    expect(await ok(c.owner, { type: 'set_user_role', room_id: c.roomId, user_id: c.ids.member, role: 'Admin' })).toMatchObject({ role: 'Admin' });
    await ok(c.member, { type: 'kick_user', room_id: c.roomId, user_id: c.ids.moderator });
    expect((await refused(c.admin, { type: 'set_user_role', room_id: c.roomId, user_id: c.ids.member, role: 'member' }, 'FORBIDDEN')).message).toContain('is Admin here');
  });

  it('takes powers away with the role: a Moderator set back to Member can no longer kick', async () => {
    const c = await castRoom(suite);
    await ok(c.owner, { type: 'set_user_role', room_id: c.roomId, user_id: c.ids.moderator, role: 'member' });
    const reply = await refused(c.moderator, { type: 'kick_user', room_id: c.roomId, user_id: c.ids.member }, 'FORBIDDEN');
    expect(reply.message).toContain('(Member) does not have the KickUsers permission');
  });

  it('keeps a global Admin an Admin in every room: the Owner cannot lower that role', async () => {
    const c = await castRoom(suite);
    const reply = await refused(c.owner, { type: 'set_user_role', room_id: c.roomId, user_id: c.ids.admin, role: 'member' }, 'FORBIDDEN');
    expect(reply.message).toContain('global Admin');
    expect((await rolesIn(c.member, c.roomId))[c.ids.admin]).toBe('Admin');
  });

  it('answers INVALID_ROLE for a role name that is not one of the five, INVALID_PAYLOAD for one that is not a string', async () => {
    const c = await castRoom(suite);
    const bad = await refused(c.owner, { type: 'set_user_role', room_id: c.roomId, user_id: c.ids.member, role: 'superuser' }, 'INVALID_ROLE');
    expect(bad.message).toContain('Owner, Admin, Moderator, Member, Guest');
    await refused(c.owner, { type: 'set_user_role', room_id: c.roomId, user_id: c.ids.member, role: 3 }, 'INVALID_PAYLOAD');
    await refused(c.owner, { type: 'set_user_role', room_id: c.roomId, user_id: c.ids.member }, 'INVALID_PAYLOAD');
    expect((await rolesIn(c.member, c.roomId))[c.ids.member]).toBe('Member');
  });
});
