import { RustySocksService } from '../../src/host/rusty-socks.service';
import { Clients, clusterForSuite, createRoom, describeWithRedis, expectError, Frame, inRoom, joinRoom, pollUntil, TestClient, TestServer, uniqueId, userUrl } from '../support';

/**
 * Several instances on one Redis behave as one server: what a user does on one instance reaches the
 * users of every other, exactly once and in one order, and what the server knows (rooms, members,
 * offsets, history, connection counts) is read from Redis wherever a client lands. Two (or three)
 * servers in this process, one Redis of the test's own.
 */
describeWithRedis('cluster: several instances behave as one server', () => {
  const { cluster, servers } = clusterForSuite(2, { env: { RUSTY_SOCKS_MAX_CONN_PER_USER: '2' } });
  const [a, b] = servers;
  const clients = new Clients();
  /** A user on `server`, in the default room already (its join runs first in the connection's queue). */
  const on = async (server: TestServer, sub: string, claims: Record<string, unknown> = {}): Promise<TestClient> => {
    const { client } = await clients.connectWelcomed(userUrl(server.wsUrl, { sub, ...claims }));
    await client.request({ type: 'ping' });
    return client;
  };
  /** How many instances are subscribed to a room's channel. */
  const instancesIn = async (roomId: string): Promise<number> => {
    const [, n] = (await cluster.probe.pubsub('NUMSUB', `rs:ch:room:${roomId}`)) as [string, number];
    return Number(n);
  };
  afterEach(() => clients.closeAll());

  it('delivers a room message published on one instance to members on every instance, exactly once, with offsets rising across instances', async () => {
    const roomOwner = await on(a, uniqueId('owner'), { role: 'admin' });
    const roomId = await createRoom(roomOwner);
    const bob = await on(b, uniqueId('bob'));
    await joinRoom(bob, roomId);
    const carolOnA = await on(a, uniqueId('carol'));
    await joinRoom(carolOnA, roomId);

    const first = await roomOwner.request({ type: 'room_message', room_id: roomId, content: 'from A', request_id: 'r1' });
    const second = await bob.request({ type: 'room_message', room_id: roomId, content: 'from B', request_id: 'r2' });
    expect(second.data.offset).toBe(first.data.offset + 1);

    for (const reader of [carolOnA]) {
      const got = [await reader.next(inRoom('room_message', roomId)), await reader.next(inRoom('room_message', roomId))];
      expect(got.map((m) => [m.content, m.offset])).toEqual([['from A', first.data.offset], ['from B', second.data.offset]]);
    }
    const toBob = await bob.next(inRoom('room_message', roomId));
    expect(toBob).toMatchObject({ content: 'from A', offset: first.data.offset });
    // Nobody gets a message twice, and the sender does not get its own.
    await carolOnA.expectNone(inRoom('room_message', roomId));
    await bob.expectNone(inRoom('room_message', roomId));
    await roomOwner.expectNone((f) => f.type === 'room_message' && f.room_id === roomId && f.content === 'from A');
  });

  it('tells members on every instance who joined and who left, and lists members of every instance', async () => {
    const owner = await on(a, uniqueId('owner'), { role: 'admin' });
    const roomId = await createRoom(owner);
    const bobId = uniqueId('bob');
    const bob = await on(b, bobId);
    await joinRoom(bob, roomId);
    await expect(owner.next(inRoom('user_joined', roomId, { user_id: bobId }))).resolves.toBeTruthy();

    const members = await owner.request({ type: 'get_room_members', room_id: roomId });
    expect((members.data?.members ?? members.members ?? members.data).map((m: Frame) => m.id).sort()).toContain(bobId);

    await bob.request({ type: 'leave_room', room_id: roomId });
    await expect(owner.next(inRoom('user_left', roomId, { user_id: bobId, reason: 'left' }))).resolves.toBeTruthy();
  });

  it('delivers private messages to the user on another instance, and says USER_NOT_FOUND for a user connected nowhere', async () => {
    const aliceId = uniqueId('alice');
    const bobId = uniqueId('bob');
    const alice = await on(a, aliceId);
    const bob = await on(b, bobId);
    const ack = await alice.request({ type: 'private_message', target_user_id: bobId, content: 'psst', request_id: 'p1' });
    expect(ack).toMatchObject({ type: 'success' });
    await expect(bob.next('private_message')).resolves.toMatchObject({ sender_id: aliceId, content: 'psst', id: ack.data.id });
    expectError(await alice.request({ type: 'private_message', target_user_id: uniqueId('nobody'), content: 'hello?' }), 'USER_NOT_FOUND');
  });

  it('subscribes an instance to a room only while one of its own connections is in it', async () => {
    const owner = await on(a, uniqueId('owner'), { role: 'admin' });
    const roomId = await createRoom(owner);
    expect(await instancesIn(roomId)).toBe(1);
    const bob = await on(b, uniqueId('bob'));
    await joinRoom(bob, roomId);
    expect(await instancesIn(roomId)).toBe(2);
    await bob.request({ type: 'leave_room', room_id: roomId });
    await pollUntil(() => instancesIn(roomId), (n) => n === 1, 'instance B to leave the room channel');
  });

  it('kicks a user out of a room on whichever instance they are connected to', async () => {
    const admin = await on(a, uniqueId('admin'), { role: 'admin' });
    const roomId = await createRoom(admin);
    const bobId = uniqueId('bob');
    const bob = await on(b, bobId);
    await joinRoom(bob, roomId);
    expect(await admin.request({ type: 'kick_user', room_id: roomId, user_id: bobId })).toMatchObject({ type: 'success' });
    await expect(bob.next((f) => f.type === 'error' && f.code === 'KICKED')).resolves.toMatchObject({ room_id: roomId });
    await expect(admin.next(inRoom('user_left', roomId, { user_id: bobId, reason: 'kicked' }))).resolves.toBeTruthy();
    expectError(await bob.request({ type: 'room_message', room_id: roomId, content: 'still here?' }), 'NOT_A_MEMBER');
  });

  it('deletes a room for its members on every instance', async () => {
    const owner = await on(a, uniqueId('owner'), { role: 'admin' });
    const roomId = await createRoom(owner);
    const bob = await on(b, uniqueId('bob'));
    await joinRoom(bob, roomId);
    expect(await owner.request({ type: 'delete_room', room_id: roomId })).toMatchObject({ type: 'success' });
    await expect(bob.next(inRoom('room_deleted', roomId))).resolves.toBeTruthy();
    expectError(await bob.request({ type: 'join_room', room_id: roomId }), 'ROOM_NOT_FOUND');
    await pollUntil(() => instancesIn(roomId), (n) => n === 0, 'both instances to leave the deleted room channel');
  });

  it('counts a user’s connections across instances against RUSTY_SOCKS_MAX_CONN_PER_USER', async () => {
    const userId = uniqueId('many');
    await on(a, userId);
    await on(b, userId);
    const third = await clients.connect(userUrl(a.wsUrl, { sub: userId }));
    await expect(third.closed).resolves.toMatchObject({ code: 4429 });
  });

  it('lets a host reach a room, a user and a single connection on another instance through RustySocksService', async () => {
    const host = a.app.get(RustySocksService);
    const bobId = uniqueId('bob');
    const { client: bob, welcome } = await clients.connectWelcomed(userUrl(b.wsUrl, { sub: bobId }));
    await bob.request({ type: 'ping' });

    await host.sendToRoom('general', 'maintenance at noon');
    await expect(bob.next(inRoom('system_message', 'general'))).resolves.toMatchObject({ content: 'maintenance at noon' });
    host.sendToUser(bobId, { type: 'game_notice', text: 'your turn' });
    await expect(bob.next('game_notice')).resolves.toMatchObject({ text: 'your turn' });
    await expect(host.sendToConnection(welcome.connection_id, { type: 'game_notice', text: 'just you' })).resolves.toBe(true);
    await expect(bob.next('game_notice')).resolves.toMatchObject({ text: 'just you' });
    await bob.close();
    await pollUntil(() => host.sendToConnection(welcome.connection_id, { type: 'game_notice', text: 'gone' }), (sent) => sent === false, 'a closed connection to be unknown');
  });

  it('serves history and recovery with `since` from any instance, also after the publishing instance is gone', async () => {
    const owner = await on(a, uniqueId('owner'), { role: 'admin' });
    const roomId = await createRoom(owner);
    const readerId = uniqueId('reader');
    const reader = await on(b, readerId);
    const joined = await joinRoom(reader, roomId);
    await reader.close();
    const sent: number[] = [];
    for (const content of ['one', 'two', 'three']) sent.push((await owner.request({ type: 'room_message', room_id: roomId, content, request_id: content })).data.offset);

    // A third instance, started after the messages; the first one is then stopped.
    const c = await cluster.startInstance();
    try {
      await owner.close();
      await a.close();
      const back = await on(c, readerId);
      const recovered = await back.request({ type: 'join_room', room_id: roomId, since: { offset: joined.offset ?? joined.data?.offset, epoch: joined.epoch ?? joined.data?.epoch } });
      expect(recovered.data).toMatchObject({ recovered: true, missed: 3 });
      const replay = [await back.next(inRoom('room_message', roomId)), await back.next(inRoom('room_message', roomId)), await back.next(inRoom('room_message', roomId))];
      expect(replay.map((m) => [m.content, m.offset])).toEqual([['one', sent[0]], ['two', sent[1]], ['three', sent[2]]]);

      const history = await back.request({ type: 'get_history', room_id: roomId, limit: 10 });
      expect((history.messages ?? history.data?.messages).map((m: Frame) => m.content)).toEqual(['one', 'two', 'three']);
    } finally {
      await cluster.replace(0);
      await c.close();
    }
  });
});
