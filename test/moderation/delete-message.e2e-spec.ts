import { castRoom, createRoom, inRoom, joinRoom, moderationSuite, ok, refused, say } from './helpers';

/**
 * delete_message (PROTOCOL.md §3–§4): moderators delete any recent message, anyone deletes their own;
 * the room gets `message_deleted`. Only the room's last RUSTY_SOCKS_HISTORY_SIZE messages can be
 * deleted: an unknown, too old or already deleted id is INVALID_PAYLOAD naming `message_id`.
 */
describe('delete_message', () => {
  const suite = moderationSuite({ RUSTY_SOCKS_HISTORY_SIZE: '3' });

  it('lets a Moderator delete a Member\'s message and tells the whole room', async () => {
    const c = await castRoom(suite);
    const messageId = await say(c.member, c.roomId, 'something regrettable');
    await c.owner.next(inRoom('room_message', c.roomId, { id: messageId }));

    expect(await ok(c.moderator, { type: 'delete_message', room_id: c.roomId, message_id: messageId })).toEqual({ room_id: c.roomId, message_id: messageId });
    const deleted = { type: 'message_deleted', room_id: c.roomId, message_id: messageId };
    for (const client of [c.owner, c.admin, c.moderator, c.member, c.guest]) {
      await expect(client.next(inRoom('message_deleted', c.roomId))).resolves.toEqual(deleted);
    }
  });

  it('lets anyone delete their own message, and nobody else\'s without DeleteMessages', async () => {
    const c = await castRoom(suite);
    const mine = await say(c.member, c.roomId, 'typo');
    const guests = await say(c.guest, c.roomId, 'hello from a guest');

    const refusal = await refused(c.member, { type: 'delete_message', room_id: c.roomId, message_id: guests }, 'FORBIDDEN');
    expect(refusal.message).toContain('(Member) does not have the DeleteMessages permission, and this is not one of your recent messages');
    await c.owner.expectNone(inRoom('message_deleted', c.roomId));

    await ok(c.member, { type: 'delete_message', room_id: c.roomId, message_id: mine });
    await ok(c.guest, { type: 'delete_message', room_id: c.roomId, message_id: guests });
    await c.owner.next(inRoom('message_deleted', c.roomId, { message_id: mine }));
    await c.owner.next(inRoom('message_deleted', c.roomId, { message_id: guests }));
  });

  it('answers INVALID_PAYLOAD (message_id) for an unknown id, an already deleted one, and one from another room', async () => {
    const c = await castRoom(suite);
    const other = await createRoom(c.owner, 'Elsewhere');
    await joinRoom(c.member, other);
    const elsewhere = await say(c.member, other, 'over here');
    const once = await say(c.member, c.roomId, 'delete me once');
    await ok(c.owner, { type: 'delete_message', room_id: c.roomId, message_id: once });

    for (const messageId of ['no-such-message', once, elsewhere]) {
      const reply = await refused(c.owner, { type: 'delete_message', room_id: c.roomId, message_id: messageId }, 'INVALID_PAYLOAD');
      expect(reply.details).toEqual([{ field: 'message_id', message: expect.stringContaining(`is not one of the last 3 messages of room ${c.roomId}`) }]);
    }
    await c.member.next(inRoom('message_deleted', c.roomId, { message_id: once }));
    await c.member.expectNone(inRoom('message_deleted', c.roomId));
    await c.member.expectNone(inRoom('message_deleted', other));
  });

  it('can delete only the room\'s last RUSTY_SOCKS_HISTORY_SIZE messages', async () => {
    const c = await castRoom(suite);
    const ids: string[] = [];
    for (const content of ['one', 'two', 'three', 'four']) ids.push(await say(c.member, c.roomId, content));
    await refused(c.owner, { type: 'delete_message', room_id: c.roomId, message_id: ids[0] }, 'INVALID_PAYLOAD');
    await ok(c.owner, { type: 'delete_message', room_id: c.roomId, message_id: ids[1] });
    await ok(c.member, { type: 'delete_message', room_id: c.roomId, message_id: ids[3] });
  });

  it('refuses a missing or malformed message_id before looking anything up', async () => {
    const c = await castRoom(suite);
    const missing = await refused(c.owner, { type: 'delete_message', room_id: c.roomId }, 'INVALID_PAYLOAD');
    expect(missing.details.map((d: { field: string }) => d.field)).toEqual(['message_id']);
    await refused(c.owner, { type: 'delete_message', room_id: c.roomId, message_id: 42 }, 'INVALID_PAYLOAD');
  });
});
