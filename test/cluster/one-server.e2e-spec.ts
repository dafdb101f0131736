import { RoomMessageFrame } from '../../src/client';
import { RustySocksService } from '../../src/host/rusty-socks.service';
import { Clients, clusterForSuite, describeWithRedis, expectRefused, nextEvent, nextEvents, nextHostFrame, pollUntil, recordEvents, SdkClients, TestServer, uniqueId, userUrl } from '../support';

/**
 * Several instances on one Redis behave as one server: what a user does on one instance reaches the
 * users of every other, exactly once and in one order, and what the server knows (rooms, members,
 * offsets, history, connection counts) is read from Redis wherever a client lands. Two (or three)
 * servers in this process, one Redis of the test's own. Users are SDK clients, as an app would have;
 * raw clients remain only where a close code is the point.
 */
describeWithRedis('cluster: several instances behave as one server', () => {
  const { cluster, servers } = clusterForSuite(2, { env: { RUSTY_SOCKS_MAX_CONN_PER_USER: '2' } });
  const [a, b] = servers;
  const sdk = new SdkClients();
  const clients = new Clients();
  /** A user on `server`, in the default room already. */
  const on = (server: TestServer, sub: string, claims: Record<string, unknown> = {}) => sdk.as(sub, claims, { server });
  /** How many instances are subscribed to a room's channel. */
  const instancesIn = async (roomId: string): Promise<number> => {
    const [, n] = (await cluster.probe.pubsub('NUMSUB', `rs:ch:room:${roomId}`)) as [string, number];
    return Number(n);
  };
  const inRoom = (roomId: string) => (m: { room_id: string | null }) => m.room_id === roomId;
  afterEach(() => Promise.all([sdk.closeAll(), clients.closeAll()]));

  it('delivers a room message published on one instance to members on every instance, exactly once, with offsets rising across instances', async () => {
    const roomOwner = await on(a, uniqueId('owner'), { role: 'admin' });
    const { room_id: roomId } = await roomOwner.createRoom('Test room');
    const bob = await on(b, uniqueId('bob'));
    await bob.joinRoom(roomId);
    const carolOnA = await on(a, uniqueId('carol'));
    await carolOnA.joinRoom(roomId);
    const [toOwner, toBob, toCarol] = [roomOwner, bob, carolOnA].map((c) => recordEvents(c, 'room_message'));
    const carolGets = nextEvents(carolOnA, 'room_message', 2, inRoom(roomId));
    const bobGets = nextEvent(bob, 'room_message', inRoom(roomId));

    const first = await roomOwner.sendRoomMessage(roomId, 'from A');
    const second = await bob.sendRoomMessage(roomId, 'from B');
    expect(second.offset).toBe(first.offset + 1);

    expect((await carolGets).map((m) => [m.content, m.offset])).toEqual([['from A', first.offset], ['from B', second.offset]]);
    await expect(bobGets).resolves.toMatchObject({ content: 'from A', offset: first.offset });
    // Nobody gets a message twice, and the sender does not get its own: a pong comes after anything already sent.
    await Promise.all([roomOwner.ping(), bob.ping(), carolOnA.ping()]);
    const contents = (frames: RoomMessageFrame[]) => frames.filter(inRoom(roomId)).map((m) => m.content);
    expect(contents(toCarol)).toEqual(['from A', 'from B']);
    expect(contents(toBob)).toEqual(['from A']);
    expect(contents(toOwner)).not.toContain('from A');
    // What came through Redis was timed: the bus latency series an operator alerts on has observations.
    const metrics = await (await fetch(`${b.httpUrl}/metrics`)).text();
    expect(Number(/^rusty_socks_bus_latency_seconds_count (\d+)/m.exec(metrics)?.[1])).toBeGreaterThan(0);
  });

  it('tells members on every instance who joined and who left, and lists members of every instance', async () => {
    const owner = await on(a, uniqueId('owner'), { role: 'admin' });
    const { room_id: roomId } = await owner.createRoom('Test room');
    const bobId = uniqueId('bob');
    const bob = await on(b, bobId);
    const joined = nextEvent(owner, 'user_joined', (e) => e.room_id === roomId && e.user_id === bobId);
    await bob.joinRoom(roomId);
    await expect(joined).resolves.toBeTruthy();

    const members = await owner.getRoomMembers(roomId);
    expect(members.map((m) => m.id)).toContain(bobId);

    const left = nextEvent(owner, 'user_left', (e) => e.room_id === roomId && e.user_id === bobId && e.reason === 'left');
    await bob.leaveRoom(roomId);
    await expect(left).resolves.toBeTruthy();
  });

  it('delivers private messages to the user on another instance, and says USER_NOT_FOUND for a user connected nowhere', async () => {
    const aliceId = uniqueId('alice');
    const bobId = uniqueId('bob');
    const alice = await on(a, aliceId);
    const bob = await on(b, bobId);
    const toBob = nextEvent(bob, 'private_message');
    const ack = await alice.sendPrivateMessage(bobId, 'psst');
    expect(ack).toMatchObject({ type: 'success' });
    await expect(toBob).resolves.toMatchObject({ sender_id: aliceId, content: 'psst', id: ack.data?.id });
    await expectRefused(alice.sendPrivateMessage(uniqueId('nobody'), 'hello?'), 'USER_NOT_FOUND');
  });

  it('subscribes an instance to a room only while one of its own connections is in it', async () => {
    const owner = await on(a, uniqueId('owner'), { role: 'admin' });
    const { room_id: roomId } = await owner.createRoom('Test room');
    expect(await instancesIn(roomId)).toBe(1);
    const bob = await on(b, uniqueId('bob'));
    await bob.joinRoom(roomId);
    expect(await instancesIn(roomId)).toBe(2);
    await bob.leaveRoom(roomId);
    await pollUntil(() => instancesIn(roomId), (n) => n === 1, 'instance B to leave the room channel');
  });

  it('kicks a user out of a room on whichever instance they are connected to', async () => {
    const admin = await on(a, uniqueId('admin'), { role: 'admin' });
    const { room_id: roomId } = await admin.createRoom('Test room');
    const bobId = uniqueId('bob');
    const bob = await on(b, bobId);
    await bob.joinRoom(roomId);
    const kicked = nextEvent(bob, 'error', (e) => e.code === 'KICKED');
    const left = nextEvent(admin, 'user_left', (e) => e.room_id === roomId && e.user_id === bobId && e.reason === 'kicked');
    expect(await admin.kickUser(roomId, bobId)).toMatchObject({ type: 'success' });
    await expect(kicked).resolves.toMatchObject({ room_id: roomId });
    await expect(left).resolves.toBeTruthy();
    await expectRefused(bob.sendRoomMessage(roomId, 'still here?'), 'NOT_A_MEMBER');
  });

  it('deletes a room for its members on every instance', async () => {
    const owner = await on(a, uniqueId('owner'), { role: 'admin' });
    const { room_id: roomId } = await owner.createRoom('Test room');
    const bob = await on(b, uniqueId('bob'));
    await bob.joinRoom(roomId);
    const deleted = nextEvent(bob, 'room_deleted', inRoom(roomId));
    expect(await owner.deleteRoom(roomId)).toMatchObject({ type: 'success' });
    await expect(deleted).resolves.toBeTruthy();
    await expectRefused(bob.joinRoom(roomId), 'ROOM_NOT_FOUND');
    await pollUntil(() => instancesIn(roomId), (n) => n === 0, 'both instances to leave the deleted room channel');
  });

  it('counts a user’s connections across instances against RUSTY_SOCKS_MAX_CONN_PER_USER', async () => {
    const userId = uniqueId('many');
    await on(a, userId);
    await on(b, userId);
    // The close code is the point here: a raw client shows it as the server sent it.
    const third = await clients.connect(userUrl(a.wsUrl, { sub: userId }));
    await expect(third.closed).resolves.toMatchObject({ code: 4429 });
  });

  it('lets a host reach a room, a user and a single connection on another instance through RustySocksService', async () => {
    const host = a.app.get(RustySocksService);
    const bobId = uniqueId('bob');
    const bob = await on(b, bobId);
    const connectionId = bob.connection!.connection_id;

    const notice = nextEvent(bob, 'system_message', inRoom('general'));
    await host.sendToRoom('general', 'maintenance at noon');
    await expect(notice).resolves.toMatchObject({ content: 'maintenance at noon' });
    const toUser = nextHostFrame(bob, 'game_notice');
    host.sendToUser(bobId, { type: 'game_notice', text: 'your turn' });
    await expect(toUser).resolves.toMatchObject({ text: 'your turn' });
    const toConnection = nextHostFrame(bob, 'game_notice');
    await expect(host.sendToConnection(connectionId, { type: 'game_notice', text: 'just you' })).resolves.toBe(true);
    await expect(toConnection).resolves.toMatchObject({ text: 'just you' });
    await bob.close();
    await pollUntil(() => host.sendToConnection(connectionId, { type: 'game_notice', text: 'gone' }), (sent) => sent === false, 'a closed connection to be unknown');
  });

  it('serves history and recovery with `since` from any instance, also after the publishing instance is gone', async () => {
    const owner = await on(a, uniqueId('owner'), { role: 'admin' });
    const { room_id: roomId } = await owner.createRoom('Test room');
    const readerId = uniqueId('reader');
    const reader = await on(b, readerId);
    const joined = await reader.joinRoom(roomId);
    await reader.close();
    const sent: number[] = [];
    for (const content of ['one', 'two', 'three']) sent.push((await owner.sendRoomMessage(roomId, content)).offset);

    // A third instance, started after the messages; the first one is then stopped.
    const c = await cluster.startInstance();
    try {
      await owner.close();
      await a.close();
      // The reader comes back through another instance (as behind a load balancer) and asks for what it missed.
      const back = await on(c, readerId);
      const replay = nextEvents(back, 'room_message', 3, inRoom(roomId));
      const recovered = await back.request({ type: 'join_room', room_id: roomId, since: { offset: joined.offset, epoch: joined.epoch } });
      expect(recovered.data).toMatchObject({ recovered: true, missed: 3 });
      expect((await replay).map((m) => [m.content, m.offset])).toEqual([['one', sent[0]], ['two', sent[1]], ['three', sent[2]]]);

      const history = await back.getHistory(roomId, { limit: 10 });
      expect(history.messages.map((m) => m.content)).toEqual(['one', 'two', 'three']);
    } finally {
      await sdk.closeAll();
      await cluster.replace(0);
      await c.close();
    }
  });
});
