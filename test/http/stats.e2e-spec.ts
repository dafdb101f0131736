import { AUTH_FAILED_FRAME, getStats, noConnectionsLeft, serverForSuite, Stats, statsUntil, userUrl } from '../support';

/** `GET /stats` (PROTOCOL.md §7): every field, and numbers that follow real activity. */
describe('GET /stats', () => {
  const { server, clients } = serverForSuite({ RUSTY_SOCKS_MAX_CONN_PER_IP: '1000', RUSTY_SOCKS_THREAD_POOL_SIZE: '2', RUSTY_SOCKS_MAX_QUEUED_TASKS: '7', RUSTY_SOCKS_PASSWORD_HASH_COST: '10' });
  afterEach(async () => {
    await clients.closeAll();
    await noConnectionsLeft(server.httpUrl);
  });

  it('answers 200 JSON with every field of §7', async () => {
    const res = await fetch(`${server.httpUrl}/stats`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const stats = (await res.json()) as Stats;
    const count = expect.any(Number);
    expect(stats).toEqual({
      active_tasks: 0,
      worker_threads: 2,
      worker_pool: { size: 2, busy: 0, queued: 0, max_queued: 7, completed: count, rejected: 0 },
      connections: { current: 0, total: count, rejected: count },
      rooms: 1,
      messages: { received: count, delivered: count, dropped: count },
      moderation: { kicks: 0, bans: 0, unbans: 0, mutes: 0, unmutes: 0, role_changes: 0, deleted_messages: 0 },
      uptime_seconds: count,
    });
    const numbers = [stats.worker_pool.completed, stats.connections.total, stats.connections.rejected, ...Object.values(stats.messages), stats.uptime_seconds];
    for (const n of numbers) {
      expect(Number.isInteger(n)).toBe(true);
      expect(n).toBeGreaterThanOrEqual(0);
    }
  });

  it('counts connections: current and total rise as two clients connect, current falls when one closes', async () => {
    const before = await getStats(server.httpUrl);
    const alice = await clients.asReady('stats-alice');
    const bob = await clients.asReady('stats-bob');
    await statsUntil(
      server.httpUrl,
      (s) => s.connections.current === before.connections.current + 2 && s.connections.total === before.connections.total + 2,
      'two more connections',
    );
    await bob.close();
    const after = await statsUntil(server.httpUrl, (s) => s.connections.current === before.connections.current + 1, 'one connection fewer');
    expect(after.connections.total).toBe(before.connections.total + 2);
    expect(after.connections.rejected).toBe(before.connections.rejected);
    expect(alice.closeCode).toBeUndefined();
  });

  it('counts messages: a room message is one received frame and one delivered frame per recipient', async () => {
    const alice = await clients.asReady('stats-alice');
    const bob = await clients.asReady('stats-bob');
    await alice.next((f) => f.type === 'user_joined' && f.user_id === 'stats-bob');
    const before = await getStats(server.httpUrl);

    alice.send({ type: 'room_message', room_id: 'general', content: 'counted once' });
    await bob.next((f) => f.type === 'room_message' && f.content === 'counted once');
    const afterPlain = await statsUntil(server.httpUrl, (s) => s.messages.received > before.messages.received, 'the message to be counted');
    expect(afterPlain.messages.received).toBe(before.messages.received + 1);
    expect(afterPlain.messages.delivered).toBe(before.messages.delivered + 1);

    // With a request_id the sender also gets its ack: one more delivered frame.
    const ack = await alice.request({ type: 'room_message', room_id: 'general', content: 'counted twice' });
    await bob.next((f) => f.type === 'room_message' && f.id === ack.data.id);
    const afterAcked = await getStats(server.httpUrl);
    expect(afterAcked.messages.received).toBe(afterPlain.messages.received + 1);
    expect(afterAcked.messages.delivered).toBe(afterPlain.messages.delivered + 2);
    expect(afterAcked.messages.dropped).toBe(before.messages.dropped);
  });

  it('counts rooms: create_room adds one', async () => {
    const owner = await clients.asReady('stats-owner');
    const before = await getStats(server.httpUrl);
    const created = await owner.request({ type: 'create_room', name: 'Counted room' });
    expect(created.type).toBe('success');
    const after = await getStats(server.httpUrl);
    expect(after.rooms).toBe(before.rooms + 1);
    const deleted = await owner.request({ type: 'delete_room', room_id: created.data.room_id });
    expect(deleted.type).toBe('success');
    expect((await getStats(server.httpUrl)).rooms).toBe(before.rooms);
  });

  it('counts worker pool tasks: a password room is hashed on the pool, and joining it is verified there', async () => {
    const owner = await clients.asReady('stats-owner');
    const guest = await clients.asReady('stats-guest');
    const before = await getStats(server.httpUrl);
    const created = await owner.request({ type: 'create_room', name: 'Locked room', password: 'open sesame' });
    expect(created.type).toBe('success');
    const afterHash = await getStats(server.httpUrl);
    expect(afterHash.worker_pool.completed).toBe(before.worker_pool.completed + 1);
    expect(afterHash.worker_pool).toMatchObject({ busy: 0, queued: 0, rejected: 0 });

    const joined = await guest.request({ type: 'join_room', room_id: created.data.room_id, password: 'open sesame' });
    expect(joined).toMatchObject({ type: 'success', data: { room_id: created.data.room_id } });
    expect((await getStats(server.httpUrl)).worker_pool.completed).toBe(before.worker_pool.completed + 2);
  });

  it('counts a connection refused with AUTH_FAILED as rejected, not as opened', async () => {
    const before = await getStats(server.httpUrl);
    const forged = await clients.connect(userUrl(server.wsUrl, { sub: 'mallory' }, { secret: 'not-the-server-secret-not-the-server-secret' }));
    await expect(forged.next('error')).resolves.toEqual(AUTH_FAILED_FRAME);
    await expect(forged.closed).resolves.toMatchObject({ code: 4401 });
    const after = await statsUntil(server.httpUrl, (s) => s.connections.rejected === before.connections.rejected + 1, 'the refusal to be counted');
    expect(after.connections.total).toBe(before.connections.total);
    expect(after.connections.current).toBe(before.connections.current);
  });
});
