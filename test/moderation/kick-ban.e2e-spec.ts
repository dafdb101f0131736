import { castRoom, createRoom, HOUR_MS, inRoom, joinRoom, moderationSuite, ok, refusal, refused, rolesIn, say, uniqueId } from './helpers';

/**
 * kick_user and ban_user (PROTOCOL.md §3–§5): the target is told (KICKED / BANNED with the room),
 * every connection of theirs leaves the room with `user_left` and the matching reason, and a ban keeps
 * the user id out — across connections and reconnects — until it ends or is lifted.
 */
describe('kick_user', () => {
  const suite = moderationSuite();

  it('takes the user out of the room with user_left "kicked"; they hear no more of it but may come back', async () => {
    const c = await castRoom(suite);
    await ok(c.moderator, { type: 'kick_user', room_id: c.roomId, user_id: c.ids.member });

    await expect(c.member.next(refusal('KICKED', c.roomId))).resolves.toEqual({
      type: 'error',
      code: 'KICKED',
      message: `You were kicked from room ${c.roomId}`,
      room_id: c.roomId,
    });
    await expect(c.owner.next(inRoom('user_left', c.roomId, { user_id: c.ids.member }))).resolves.toEqual({
      type: 'user_left',
      room_id: c.roomId,
      user_id: c.ids.member,
      username: c.ids.member,
      reason: 'kicked',
    });
    await say(c.owner, c.roomId, 'after the kick');
    await c.member.expectNone(inRoom('room_message', c.roomId));
    await refused(c.member, { type: 'room_message', room_id: c.roomId, content: 'hello?' }, 'NOT_A_MEMBER');

    expect((await joinRoom(c.member, c.roomId)).role).toBe('Member');
    await c.owner.next(inRoom('user_joined', c.roomId, { user_id: c.ids.member }));
  });

  it('answers USER_NOT_FOUND for a user who is not in the room', async () => {
    const c = await castRoom(suite);
    const reply = await refused(c.owner, { type: 'kick_user', room_id: c.roomId, user_id: uniqueId('nobody') }, 'USER_NOT_FOUND');
    expect(reply.message).toContain(`is not in room ${c.roomId}`);
  });

  it('removes every connection of the user and announces the departure once', async () => {
    const c = await castRoom(suite);
    const second = await suite.user(c.ids.member);
    await joinRoom(second, c.roomId);
    await ok(c.owner, { type: 'kick_user', room_id: c.roomId, user_id: c.ids.member });
    await c.member.next(refusal('KICKED', c.roomId));
    await second.next(refusal('KICKED', c.roomId));
    await c.admin.next(inRoom('user_left', c.roomId, { user_id: c.ids.member, reason: 'kicked' }));
    await c.admin.expectNone(inRoom('user_left', c.roomId, { user_id: c.ids.member }));
    expect(await rolesIn(c.admin, c.roomId)).not.toHaveProperty(c.ids.member);
  });
});

describe('ban_user / unban_user', () => {
  const suite = moderationSuite();

  it('bans permanently: BANNED with until null, user_left "banned", and joining is refused with BANNED', async () => {
    const c = await castRoom(suite);
    const data = await ok(c.admin, { type: 'ban_user', room_id: c.roomId, user_id: c.ids.member });
    expect(data).toEqual({ room_id: c.roomId, user_id: c.ids.member, until: null });
    await expect(c.member.next(refusal('BANNED', c.roomId))).resolves.toEqual({
      type: 'error',
      code: 'BANNED',
      message: `You were banned from room ${c.roomId} permanently`,
      room_id: c.roomId,
      until: null,
    });
    await expect(c.owner.next(inRoom('user_left', c.roomId, { user_id: c.ids.member }))).resolves.toMatchObject({ reason: 'banned' });

    const join = await refused(c.member, { type: 'join_room', room_id: c.roomId }, 'BANNED');
    expect(join).toMatchObject({ room_id: c.roomId, until: null });
    // Days later it still holds.
    suite.clock.advance(20 * HOUR_MS);
    await refused(c.member, { type: 'join_room', room_id: c.roomId }, 'BANNED');
  });

  it('acts on every connection of the user, including one that is not in the room, and on their reconnects', async () => {
    const c = await castRoom(suite);
    const inRoomToo = await suite.user(c.ids.member);
    await joinRoom(inRoomToo, c.roomId);
    const elsewhere = await suite.user(c.ids.member);

    await ok(c.owner, { type: 'ban_user', room_id: c.roomId, user_id: c.ids.member });
    for (const client of [c.member, inRoomToo, elsewhere]) await client.next(refusal('BANNED', c.roomId));
    await c.admin.next(inRoom('user_left', c.roomId, { user_id: c.ids.member, reason: 'banned' }));
    await c.admin.expectNone(inRoom('user_left', c.roomId, { user_id: c.ids.member }));
    for (const client of [c.member, inRoomToo, elsewhere]) await refused(client, { type: 'join_room', room_id: c.roomId }, 'BANNED');

    await Promise.all([c.member.close(), inRoomToo.close(), elsewhere.close()]);
    const reconnected = await suite.user(c.ids.member);
    await refused(reconnected, { type: 'join_room', room_id: c.roomId }, 'BANNED');
    expect(await rolesIn(c.admin, c.roomId)).not.toHaveProperty(c.ids.member);
  });

  it('ends a timed ban exactly on time (the server clock is moved, not waited for)', async () => {
    const c = await castRoom(suite);
    const until = new Date(suite.clock.now() + 2 * HOUR_MS).toISOString();
    expect(await ok(c.owner, { type: 'ban_user', room_id: c.roomId, user_id: c.ids.member, duration_hours: 2 })).toEqual({
      room_id: c.roomId,
      user_id: c.ids.member,
      until,
    });
    await expect(c.member.next(refusal('BANNED', c.roomId))).resolves.toMatchObject({ until, message: `You were banned from room ${c.roomId} until ${until}` });

    suite.clock.advance(2 * HOUR_MS - 1);
    expect(await refused(c.member, { type: 'join_room', room_id: c.roomId }, 'BANNED')).toMatchObject({ until });
    suite.clock.advance(1);
    expect((await joinRoom(c.member, c.roomId)).role).toBe('Member');
    await c.owner.next(inRoom('user_joined', c.roomId, { user_id: c.ids.member }));
  });

  it('bans a user who is not online; the ban meets them when they connect', async () => {
    const owner = await suite.user(uniqueId('owner'));
    const roomId = await createRoom(owner);
    const absentId = uniqueId('absent');
    expect(await ok(owner, { type: 'ban_user', room_id: roomId, user_id: absentId, duration_hours: 0.5 })).toMatchObject({ user_id: absentId });
    const absent = await suite.user(absentId);
    await refused(absent, { type: 'join_room', room_id: roomId }, 'BANNED');
  });

  it('lifts a ban with unban_user: the user may join again and is told so', async () => {
    const c = await castRoom(suite);
    await ok(c.owner, { type: 'ban_user', room_id: c.roomId, user_id: c.ids.member, duration_hours: 24 });
    await c.member.next(refusal('BANNED', c.roomId));
    const reply = await c.admin.request({ type: 'unban_user', room_id: c.roomId, user_id: c.ids.member });
    expect(reply).toMatchObject({ type: 'success', message: `${c.ids.member} is no longer banned from room ${c.roomId}`, data: { room_id: c.roomId, user_id: c.ids.member } });
    await expect(c.member.next((f) => f.type === 'system_message')).resolves.toMatchObject({ room_id: c.roomId, content: `You may join room ${c.roomId} again` });
    await joinRoom(c.member, c.roomId);

    const again = await c.admin.request({ type: 'unban_user', room_id: c.roomId, user_id: c.ids.member });
    expect(again).toMatchObject({ type: 'success', message: `${c.ids.member} was not banned from room ${c.roomId}` });
  });

  it('refuses a duration that is not a positive number of hours up to a year', async () => {
    const c = await castRoom(suite);
    for (const duration_hours of [0, -1, 'two', 24 * 365 + 1]) {
      const reply = await refused(c.owner, { type: 'ban_user', room_id: c.roomId, user_id: c.ids.member, duration_hours }, 'INVALID_PAYLOAD');
      expect(reply.details.map((d: { field: string }) => d.field)).toEqual(['duration_hours']);
    }
    await c.member.expectNone(refusal('BANNED', c.roomId));
  });
});

describe('a ban from a default room', () => {
  const suite = moderationSuite();

  it('does not stop the user from connecting: the connection is told BANNED and is simply not put in that room', async () => {
    const adminId = uniqueId('admin');
    const admin = await suite.user(adminId, { role: 'admin' });
    const bobId = uniqueId('bob');
    const bob = await suite.user(bobId);
    await admin.next(inRoom('user_joined', 'general', { user_id: bobId }));
    await ok(admin, { type: 'ban_user', room_id: 'general', user_id: bobId });
    await bob.next(refusal('BANNED', 'general'));
    await admin.next(inRoom('user_left', 'general', { user_id: bobId, reason: 'banned' }));
    await bob.close();

    const back = await suite.user(bobId);
    await expect(back.next(refusal('BANNED', 'general'))).resolves.toMatchObject({ until: null, message: 'You are banned from room general permanently' });
    await admin.expectNone(inRoom('user_joined', 'general', { user_id: bobId }));
    await refused(back, { type: 'room_message', room_id: 'general', content: 'let me in' }, 'NOT_A_MEMBER');
    expect(await rolesIn(admin, 'general')).not.toHaveProperty(bobId);

    // Everything else works: other rooms, private messages.
    const roomId = await createRoom(back);
    await joinRoom(admin, roomId);
    await ok(back, { type: 'private_message', target_user_id: adminId, content: 'sorry' });
    await admin.next((f) => f.type === 'private_message' && f.sender_id === bobId);
  });
});
