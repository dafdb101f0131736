import { Clients, describeWithRedis, expectError, pollUntil, startServer, testEnv, TestRedis, TestServer, uniqueId, userUrl } from '../support';

/**
 * What one instance decides about a user holds on every other instance sharing the Redis: their
 * rate-limit budget (per user, per IP), their roles in a room, their bans and mutes. Two servers in
 * this process, one Redis.
 */
describeWithRedis('cluster: budgets, roles and sanctions shared through Redis', () => {
  let redis: TestRedis;
  let a: TestServer;
  let b: TestServer;
  const clients = new Clients();
  const as = async (server: TestServer, sub: string, claims: Record<string, unknown> = {}) => {
    const { client } = await clients.connectWelcomed(userUrl(server.wsUrl, { sub, ...claims }));
    await client.request({ type: 'ping' }); // the default rooms are joined first in the connection's queue
    return client;
  };
  const say = (client: Awaited<ReturnType<typeof as>>, content: string) => client.request({ type: 'room_message', room_id: 'general', content });

  beforeAll(async () => {
    redis = await TestRedis.start();
    const env = testEnv({ RUSTY_SOCKS_REDIS_URL: redis.url, RUSTY_SOCKS_RATE_LIMIT_MSG_PER_MIN: '3', RUSTY_SOCKS_MAX_CONN_PER_IP: '1000' });
    [a, b] = await Promise.all([startServer(env), startServer(env)]);
  });
  afterEach(() => clients.closeAll());
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await redis?.dispose();
  });

  it('counts a user’s chat budget across instances, and leaves other users alone', async () => {
    const alice = uniqueId('alice');
    const onA = await as(a, alice);
    const onB = await as(b, alice);
    expect(await say(onA, 'one')).toMatchObject({ type: 'success' });
    expect(await say(onB, 'two')).toMatchObject({ type: 'success' });
    expect(await say(onA, 'three')).toMatchObject({ type: 'success' });
    const refused = await say(onB, 'four');
    expectError(refused, 'RATE_LIMITED');
    expect(refused.retry_after_ms).toBeGreaterThan(0);
    expect(refused.retry_after_ms).toBeLessThanOrEqual(60_000);
    expect(await say(await as(b, uniqueId('bob')), 'bob is fine')).toMatchObject({ type: 'success' });
  });

  it('keeps a ban made on one instance on the other, until it is lifted there', async () => {
    const admin = await as(a, uniqueId('admin'), { role: 'admin' });
    const bob = uniqueId('bob');
    expect(await admin.request({ type: 'ban_user', room_id: 'general', user_id: bob })).toMatchObject({ type: 'success' });

    const { client: banned } = await clients.connectWelcomed(userUrl(b.wsUrl, { sub: bob }));
    await expect(banned.next((f) => f.type === 'error' && f.code === 'BANNED')).resolves.toMatchObject({ room_id: 'general', until: null });

    const adminOnB = await as(b, uniqueId('admin'), { role: 'admin' });
    expect(await adminOnB.request({ type: 'unban_user', room_id: 'general', user_id: bob })).toMatchObject({ type: 'success' });
    expect(await banned.request({ type: 'join_room', room_id: 'general' })).toMatchObject({ type: 'success' });
  });

  it('gives a role set on one instance its powers on the other, and a mute made there holds back on the first', async () => {
    const admin = await as(a, uniqueId('admin'), { role: 'admin' });
    const carol = uniqueId('carol');
    const dave = uniqueId('dave');
    const carolOnB = await as(b, carol);
    const daveOnA = await as(a, dave);
    expectError(await carolOnB.request({ type: 'mute_user', room_id: 'general', user_id: dave }), 'FORBIDDEN');

    expect(await admin.request({ type: 'set_user_role', room_id: 'general', user_id: carol, role: 'Moderator' })).toMatchObject({ type: 'success' });
    expect(await carolOnB.request({ type: 'mute_user', room_id: 'general', user_id: dave, duration_minutes: 10 })).toMatchObject({ type: 'success' });
    // Stored before carol's reply, and read from Redis by dave's own instance.
    const refused = await say(daveOnA, 'can I speak?');
    expectError(refused, 'MUTED');
    expect(refused.room_id).toBe('general');
  });

  it('while Redis is down, rate limits do not stop requests and moderation answers INTERNAL_ERROR; both work again once it is back', async () => {
    const admin = await as(a, uniqueId('admin'), { role: 'admin' });
    const erin = uniqueId('erin');
    await redis.stop();
    try {
      // ping counts toward the (then per-instance) global ceiling, and needs nothing else from Redis.
      expect(await admin.request({ type: 'ping' })).toMatchObject({ type: 'pong' });
      const unavailable = await admin.request({ type: 'mute_user', room_id: 'general', user_id: erin });
      expectError(unavailable, 'INTERNAL_ERROR');
      expect(unavailable.message).toMatch(/briefly unavailable/);
    } finally {
      await redis.restart();
    }
    await pollUntil(() => admin.request({ type: 'mute_user', room_id: 'general', user_id: erin }), (f) => f.type === 'success', 'moderation to work again with Redis back', 10_000);
  });
});
