import { RedisConnection } from '../../src/cluster/redis-connection';
import { Clients, clusterForSuite, createRoom, describeWithRedis, expectError, Frame, inRoom, joinRoom, pollUntil, refusedUpgrade, TestClient, uniqueId, userUrl } from '../support';
import { startInstance } from '../support/instances';

/**
 * What happens when part of the cluster fails: Redis stopping mid-traffic, an instance's subscription
 * dropping, an instance killed outright. Nothing a client was told was accepted is lost, clients are
 * told when something cannot be done, and everything recovers by itself.
 */
const clients = new Clients();
/** A user on `server`, in the default room already (its join runs first in the connection's queue). */
const on = async (server: { wsUrl: string }, sub: string, claims: Record<string, unknown> = {}): Promise<TestClient> => {
  const { client } = await clients.connectWelcomed(userUrl(server.wsUrl, { sub, ...claims }));
  await client.request({ type: 'ping' });
  return client;
};
const readiness = async (server: { httpUrl: string }): Promise<number> => {
  try {
    return (await fetch(`${server.httpUrl}/health/ready`)).status;
  } catch {
    return 0;
  }
};
const contents = (frames: Frame[]) => frames.map((f) => f.content);
const memberIds = async (client: TestClient, roomId: string): Promise<string[]> => {
  const reply = await client.request({ type: 'get_room_members', room_id: roomId });
  return (reply.members as Frame[]).map((m) => m.id as string);
};

describeWithRedis('cluster: failures', () => {
  const { cluster, servers } = clusterForSuite(2, { env: { RUSTY_SOCKS_INSTANCE_TTL_SECONDS: '3' }, persistent: true });
  const [a, b] = servers;
  afterEach(() => clients.closeAll());

  it('while Redis is down: readiness 503, new connections refused, messages answered INTERNAL_ERROR; afterwards everything works and nothing acknowledged is lost', async () => {
    const alice = await on(a, uniqueId('alice'), { role: 'admin' });
    const roomId = await createRoom(alice);
    const bob = await on(b, uniqueId('bob'));
    await joinRoom(bob, roomId);
    const before = await alice.request({ type: 'room_message', room_id: roomId, content: 'before', request_id: '1' });
    expect(before).toMatchObject({ type: 'success' });
    await bob.next(inRoom('room_message', roomId, { content: 'before' }));

    await cluster.redis.stop();
    try {
      await pollUntil(() => Promise.all([readiness(a), readiness(b)]), (s) => s.every((code) => code === 503), 'both instances to report not ready', 10_000);
      expect((await refusedUpgrade(userUrl(a.wsUrl, { sub: uniqueId('late') }))).status).toBe(503);
      const refused = await alice.request({ type: 'room_message', room_id: roomId, content: 'during', request_id: '2' });
      expectError(refused, 'INTERNAL_ERROR');
      expect(refused.message).toMatch(/try again/);
    } finally {
      await cluster.redis.restart();
    }

    await pollUntil(() => Promise.all([readiness(a), readiness(b)]), (s) => s.every((code) => code === 200), 'both instances to be ready again', 15_000);
    const after = await pollUntil(
      () => alice.request({ type: 'room_message', room_id: roomId, content: 'after', request_id: '3' }),
      (reply) => reply.type === 'success',
      'a message to be accepted again',
      10_000,
    );
    expect(after.data.offset).toBe(before.data.offset + 1);
    await expect(bob.next(inRoom('room_message', roomId))).resolves.toMatchObject({ content: 'after' });
    const history = await bob.request({ type: 'get_history', room_id: roomId, limit: 10 });
    expect(contents(history.data?.messages ?? history.messages)).toEqual(['before', 'after']);
    await on(a, uniqueId('newcomer'));
  });

  it('an instance whose subscription drops gets every message published meanwhile, once and in order', async () => {
    const alice = await on(a, uniqueId('alice'), { role: 'admin' });
    const roomId = await createRoom(alice);
    const bob = await on(b, uniqueId('bob'));
    await joinRoom(bob, roomId);

    const subscriberOfB = `rusty-socks:${b.app.get(RedisConnection).instanceId}:sub`;
    const clientsList = (await cluster.probe.client('LIST')) as string;
    const line = clientsList.split('\n').find((l) => l.includes(`name=${subscriberOfB} `));
    expect(line).toBeDefined();
    await cluster.probe.client('KILL', 'ID', /\bid=(\d+)/.exec(line!)![1]);

    const sent: number[] = [];
    for (let i = 1; i <= 5; i++) sent.push((await alice.request({ type: 'room_message', room_id: roomId, content: `m${i}`, request_id: `m${i}` })).data.offset);
    const received: Frame[] = [];
    for (let i = 0; i < 5; i++) received.push(await bob.next(inRoom('room_message', roomId), 'a message published while the subscription was down', 10_000));
    expect(received.map((m) => [m.content, m.offset])).toEqual(sent.map((offset, i) => [`m${i + 1}`, offset]));
    // Later traffic flows live again, and nothing came twice.
    await alice.request({ type: 'room_message', room_id: roomId, content: 'live', request_id: 'live' });
    await expect(bob.next(inRoom('room_message', roomId))).resolves.toMatchObject({ content: 'live' });
    await bob.expectNone(inRoom('room_message', roomId));
  });

  it('takes a user who left while Redis was down out of presence once it is back, telling the room', async () => {
    const alice = await on(a, uniqueId('alice'), { role: 'admin' });
    const roomId = await createRoom(alice);
    const bobId = uniqueId('bob');
    const bob = await on(b, bobId);
    await joinRoom(bob, roomId);
    await alice.next(inRoom('user_joined', roomId, { user_id: bobId }));

    await cluster.redis.stop();
    try {
      await pollUntil(() => readiness(b), (code) => code === 503, 'instance B to notice Redis is gone', 10_000);
      await bob.close();
    } finally {
      await cluster.redis.restart();
    }
    // Nobody could take bob out of the room while Redis was down; his instance does it when Redis is back.
    const left = await alice.next(inRoom('user_left', roomId, { user_id: bobId }), 'bob to leave once Redis is back', 15_000);
    expect(left.reason).toBe('disconnected');
    expect(await memberIds(alice, roomId)).not.toContain(bobId);
  });

  it('takes the users of an instance killed with SIGKILL out of presence within the instance TTL, telling their rooms', async () => {
    const watcher = await on(a, uniqueId('watcher'), { role: 'admin' });
    const roomId = await createRoom(watcher);
    const doomed = await startInstance(cluster.env());
    const victimId = uniqueId('victim');
    const victim = await on(doomed, victimId);
    await joinRoom(victim, roomId);
    await watcher.next(inRoom('user_joined', roomId, { user_id: victimId }));

    await doomed.kill('SIGKILL');
    const left = await watcher.next(inRoom('user_left', roomId, { user_id: victimId }), 'the dead instance’s user to leave', 20_000);
    expect(left.reason).toBe('disconnected');
    expect(await memberIds(watcher, roomId)).not.toContain(victimId);
    // Their connection count went with them: the user may connect again up to the limit.
    await on(b, victimId);
  });
});

/** A Redis without persistence that restarts loses everything; the instances build back what they hold. */
describeWithRedis('cluster: Redis restarted empty', () => {
  const { cluster, servers } = clusterForSuite(2, { env: { RUSTY_SOCKS_INSTANCE_TTL_SECONDS: '3' } });
  const [a, b] = servers;
  afterEach(() => clients.closeAll());

  it('re-creates the default room and files every connection again, and messages flow with the room’s new offsets', async () => {
    const aliceId = uniqueId('alice');
    const bobId = uniqueId('bob');
    const alice = await on(a, aliceId);
    const bob = await on(b, bobId);
    const before = await alice.request({ type: 'room_message', room_id: 'general', content: 'before', request_id: '1' });
    expect(before).toMatchObject({ type: 'success' });
    await bob.next(inRoom('room_message', 'general', { content: 'before' }));

    await cluster.redis.stop();
    await cluster.redis.restart();
    const after = await pollUntil(
      () => alice.request({ type: 'room_message', room_id: 'general', content: 'after', request_id: '2' }),
      (reply) => reply.type === 'success',
      'general to exist again',
      15_000,
    );
    // A new life of the room: its offsets start again, and B must not take them for repeats of old ones.
    expect(after.data.offset).toBeLessThanOrEqual(before.data.offset);
    await expect(bob.next(inRoom('room_message', 'general', { content: 'after' }), 'the message in the room’s new life', 5_000)).resolves.toMatchObject({ offset: after.data.offset });
    expect((await memberIds(bob, 'general')).sort()).toEqual(expect.arrayContaining([aliceId, bobId]));
  });
});
