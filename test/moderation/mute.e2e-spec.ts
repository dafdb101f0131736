import { Frame } from '../support/client';
import { castRoom, createRoom, inRoom, joinRoom, MINUTE_MS, moderationSuite, ok, refusal, refused, say, uniqueId } from './helpers';

/**
 * mute_user / unmute_user (PROTOCOL.md §3–§5): a muted user's room messages reach nobody and the
 * sender gets MUTED (room and end); mutes are per user id, per room, survive reconnecting and end on
 * time. A refused message is not counted by the spam rule.
 */
describe('mute_user / unmute_user', () => {
  const suite = moderationSuite();

  it('mutes until unmuted: MUTED to the user, and their messages reach nobody (with or without request_id)', async () => {
    const c = await castRoom(suite);
    const data = await ok(c.moderator, { type: 'mute_user', room_id: c.roomId, user_id: c.ids.member });
    expect(data).toEqual({ room_id: c.roomId, user_id: c.ids.member, until: null });
    await expect(c.member.next(refusal('MUTED', c.roomId))).resolves.toEqual({
      type: 'error',
      code: 'MUTED',
      message: `You were muted in room ${c.roomId} until a moderator unmutes you`,
      room_id: c.roomId,
      until: null,
    });

    const reply = await refused(c.member, { type: 'room_message', room_id: c.roomId, content: 'is this thing on?' }, 'MUTED');
    expect(reply).toMatchObject({ room_id: c.roomId, until: null });
    c.member.send({ type: 'room_message', room_id: c.roomId, content: 'and without an id?' });
    await expect(c.member.next(refusal('MUTED', c.roomId))).resolves.not.toHaveProperty('request_id');
    for (const other of [c.owner, c.admin, c.moderator, c.guest]) await other.expectNone(inRoom('room_message', c.roomId));
    // The user is still in the room and still hears it.
    const id = await say(c.owner, c.roomId, 'you can still read');
    await c.member.next(inRoom('room_message', c.roomId, { id }));
  });

  it('mutes in that room only', async () => {
    const c = await castRoom(suite);
    await ok(c.owner, { type: 'mute_user', room_id: c.roomId, user_id: c.ids.member });
    const id = await say(c.member, 'general', 'general is fine');
    await c.owner.next(inRoom('room_message', 'general', { id }));
  });

  it('does not count muted messages as spam repeats', async () => {
    const c = await castRoom(suite);
    await ok(c.owner, { type: 'mute_user', room_id: c.roomId, user_id: c.ids.member });
    for (let i = 0; i < 5; i++) await refused(c.member, { type: 'room_message', room_id: c.roomId, content: 'let me speak' }, 'MUTED');
    await ok(c.owner, { type: 'unmute_user', room_id: c.roomId, user_id: c.ids.member });
    await expect(c.member.next((f) => f.type === 'system_message')).resolves.toMatchObject({
      room_id: c.roomId,
      content: `You can send messages to room ${c.roomId} again`,
      timestamp: expect.any(String),
    });
    const id = await say(c.member, c.roomId, 'let me speak');
    await expect(c.owner.next(inRoom('room_message', c.roomId, { sender_id: c.ids.member }))).resolves.toMatchObject({ id, content: 'let me speak' });
  });

  it('ends a timed mute exactly on time (the server clock is moved, not waited for)', async () => {
    const c = await castRoom(suite);
    const until = new Date(suite.clock.now() + 15 * MINUTE_MS).toISOString();
    expect(await ok(c.moderator, { type: 'mute_user', room_id: c.roomId, user_id: c.ids.member, duration_minutes: 15 })).toEqual({
      room_id: c.roomId,
      user_id: c.ids.member,
      until,
    });
    await expect(c.member.next(refusal('MUTED', c.roomId))).resolves.toMatchObject({ until });

    suite.clock.advance(15 * MINUTE_MS - 1);
    expect(await refused(c.member, { type: 'room_message', room_id: c.roomId, content: 'now?' }, 'MUTED')).toMatchObject({ until });
    suite.clock.advance(1);
    const id = await say(c.member, c.roomId, 'now!');
    await c.owner.next(inRoom('room_message', c.roomId, { id }));
  });

  it('holds for every connection of the user and after they reconnect', async () => {
    const c = await castRoom(suite);
    const second = await suite.user(c.ids.member);
    await joinRoom(second, c.roomId);
    await ok(c.owner, { type: 'mute_user', room_id: c.roomId, user_id: c.ids.member, duration_minutes: 60 });
    await c.member.next(refusal('MUTED', c.roomId));
    await second.next(refusal('MUTED', c.roomId));
    await refused(second, { type: 'room_message', room_id: c.roomId, content: 'from my phone' }, 'MUTED');

    await c.member.close();
    await second.close();
    const back = await suite.user(c.ids.member);
    await joinRoom(back, c.roomId);
    await refused(back, { type: 'room_message', room_id: c.roomId, content: 'after reconnecting' }, 'MUTED');
    await c.owner.expectNone(inRoom('room_message', c.roomId, { sender_id: c.ids.member }));
  });

  it('applies to the original typeless {content} frame sent to the default room', async () => {
    const adminId = uniqueId('admin');
    const admin = await suite.user(adminId, { role: 'admin' });
    const bobId = uniqueId('bob');
    const bob = await suite.user(bobId);
    await ok(admin, { type: 'mute_user', room_id: 'general', user_id: bobId, duration_minutes: 1 });
    await bob.next(refusal('MUTED', 'general'));
    bob.send({ id: '00000000-0000-0000-0000-000000000000', sender: bobId, content: 'Hello from wscat!', timestamp: '2025-03-15T12:00:00Z' });
    await bob.next(refusal('MUTED', 'general'));
    await admin.expectNone((f: Frame) => f.type === 'room_message' && f.sender_id === bobId);
  });

  it('answers unmute_user for a user who is not muted without pretending it lifted anything', async () => {
    const owner = await suite.user(uniqueId('owner'));
    const roomId = await createRoom(owner);
    const nobody = uniqueId('quiet');
    const reply = await owner.request({ type: 'unmute_user', room_id: roomId, user_id: nobody });
    expect(reply).toMatchObject({ type: 'success', message: `${nobody} was not muted in room ${roomId}`, data: { room_id: roomId, user_id: nobody } });
  });

  it('refuses a duration that is not a positive number of minutes up to a year', async () => {
    const c = await castRoom(suite);
    for (const duration_minutes of [0, -5, '10', 60 * 24 * 365 + 1]) {
      const reply = await refused(c.owner, { type: 'mute_user', room_id: c.roomId, user_id: c.ids.member, duration_minutes }, 'INVALID_PAYLOAD');
      expect(reply.details.map((d: { field: string }) => d.field)).toEqual(['duration_minutes']);
    }
    await c.member.expectNone(refusal('MUTED', c.roomId));
  });
});
