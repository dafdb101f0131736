import { createRoom, expectError, inRoom, joinRoom, serverForSuite, uniqueId } from '../support';

describe('delete_room', () => {
  const { clients } = serverForSuite();

  it('lets the owner delete: success, room_deleted to every member, gone from list_rooms, later sends fail', async () => {
    const owner = await clients.as(uniqueId('alice'));
    const room = await createRoom(owner, { name: 'Short lived' });
    const bobId = uniqueId('bob');
    const bob1 = await clients.as(bobId);
    const bob2 = await clients.as(bobId);
    const carol = await clients.as(uniqueId('carol'));
    await joinRoom(bob1, room);
    await joinRoom(bob2, room);
    await joinRoom(carol, room);
    const outsider = await clients.as(uniqueId('dave'));

    await expect(owner.request({ type: 'delete_room', room_id: room })).resolves.toMatchObject({ type: 'success', data: { room_id: room } });
    for (const member of [owner, bob1, bob2, carol]) {
      await expect(member.next(inRoom('room_deleted', room))).resolves.toEqual({ type: 'room_deleted', room_id: room });
    }
    await outsider.expectNone(inRoom('room_deleted', room));

    const list = await outsider.request({ type: 'list_rooms' });
    expect(list.rooms.map((r: { id: string }) => r.id)).not.toContain(room);
    expectError(await bob1.request({ type: 'room_message', room_id: room, content: 'anyone?' }), 'ROOM_NOT_FOUND');
    expectError(await owner.request({ type: 'room_message', room_id: room, content: 'anyone?' }), 'ROOM_NOT_FOUND');
    expectError(await carol.request({ type: 'join_room', room_id: room }), 'ROOM_NOT_FOUND');
    expectError(await carol.request({ type: 'get_room_members', room_id: room }), 'ROOM_NOT_FOUND');
    // Nobody hears anything more from the deleted room.
    await carol.expectNone((f) => f.room_id === room && f.type !== 'room_deleted');
  });

  it('refuses a member who is not the owner with FORBIDDEN, and the room stays', async () => {
    const owner = await clients.as(uniqueId('alice'));
    const room = await createRoom(owner);
    const bob = await clients.as(uniqueId('bob'));
    await joinRoom(bob, room);

    expectError(await bob.request({ type: 'delete_room', room_id: room }), 'FORBIDDEN');
    await owner.expectNone(inRoom('room_deleted', room));
    await expect(bob.request({ type: 'room_message', room_id: room, content: 'still here' })).resolves.toMatchObject({ type: 'success' });
  });

  it('refuses to delete a default room with FORBIDDEN, even for a global owner', async () => {
    const boss = await clients.as(uniqueId('boss'), { role: 'owner' });
    const bob = await clients.as(uniqueId('bob'));
    expectError(await boss.request({ type: 'delete_room', room_id: 'general' }), 'FORBIDDEN');
    await bob.expectNone(inRoom('room_deleted', 'general'));
    const list = await bob.request({ type: 'list_rooms' });
    expect(list.rooms.map((r: { id: string }) => r.id)).toContain('general');
  });

  it('answers delete_room of an unknown room with ROOM_NOT_FOUND', async () => {
    const boss = await clients.as(uniqueId('boss'), { role: 'owner' });
    expectError(await boss.request({ type: 'delete_room', room_id: 'no-such-room' }), 'ROOM_NOT_FOUND');
  });
});
