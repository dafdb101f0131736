import { expectAlive, Frame, getStats, refusedUpgrade, ROOM_ID, serverForSuite, statsUntil, TestClient, userUrl } from '../support';

/**
 * The bounded worker pool (PROTOCOL.md §2.1, §6, §7): with one thread and one queue slot, a third
 * password hash is refused at once with RATE_LIMITED, new WebSocket upgrades get 503 while the
 * queue is full, existing connections keep working, and everything recovers once the work is done.
 * Cost 19 makes each scrypt hash take about two seconds here, which keeps the pool full long enough
 * to look at it; nothing waits on a clock.
 */
describe('worker pool saturation (THREAD_POOL_SIZE=1, MAX_QUEUED_TASKS=1)', () => {
  const HASH_TIMEOUT_MS = 30_000;
  const { server, clients } = serverForSuite({ RUSTY_SOCKS_MAX_CONN_PER_IP: '1000', RUSTY_SOCKS_THREAD_POOL_SIZE: '1', RUSTY_SOCKS_MAX_QUEUED_TASKS: '1', RUSTY_SOCKS_PASSWORD_HASH_COST: '19' });

  it(
    'refuses the third hash with RATE_LIMITED and new upgrades with 503 while full, then recovers',
    async () => {
      const observer = await clients.asReady('pool-observer');
      const members: TestClient[] = [];
      for (let i = 0; i < 3; i++) members.push(await clients.asReady(`pool-member-${i}`));
      const before = await getStats(server.httpUrl);
      expect(before.worker_pool).toMatchObject({ size: 1, busy: 0, queued: 0, max_queued: 1 });

      // All three at once.
      members.forEach((m, i) => m.send({ type: 'create_room', name: `Vault ${i}`, password: `secret-${i}`, request_id: `vault-${i}` }));
      const replies = members.map((m, i) => m.next((f) => f.request_id === `vault-${i}`, `the reply to create_room #${i}`, HASH_TIMEOUT_MS));

      // The first answer is the refusal, while the two accepted hashes are still running or queued.
      const first = await Promise.race(replies.map((p, i) => p.then((frame) => ({ i, frame }))));
      expect(first.frame).toEqual({
        type: 'error',
        code: 'RATE_LIMITED',
        message: expect.any(String),
        retry_after_ms: expect.any(Number),
        request_id: `vault-${first.i}`,
      });
      expect(first.frame.retry_after_ms).toBeGreaterThan(0);
      const accepted = [0, 1, 2].filter((i) => i !== first.i);
      for (const i of accepted) expect(members[i].pending('success')).toEqual([]);

      const full = await statsUntil(server.httpUrl, (s) => s.worker_pool.busy === 1 && s.worker_pool.queued === 1, 'one busy worker and one queued task', 3000);
      expect(full.active_tasks).toBe(1);
      expect(full.worker_pool.rejected).toBe(before.worker_pool.rejected + 1);
      const metrics = await (await fetch(`${server.httpUrl}/metrics`)).text();
      expect(metrics).toMatch(/^rusty_socks_worker_pool_queued 1$/m);

      // A new upgrade is turned away before it becomes a WebSocket.
      const refusal = await refusedUpgrade(userUrl(server.wsUrl, { sub: 'pool-newcomer' }));
      expect(refusal.status).toBe(503);
      expect(refusal.headers['retry-after']).toMatch(/^\d+$/);
      expect(Number(refusal.headers['retry-after'])).toBeGreaterThan(0);
      expect(refusal.headers['content-type']).toMatch(/^application\/json/);
      expect(refusal.body).toEqual({ error: expect.any(String) });

      // Existing connections are unaffected: the observer and the refused member are served at once.
      await expectAlive(observer);
      await expectAlive(members[first.i]);
      const stillFull = await getStats(server.httpUrl);
      expect(stillFull.worker_pool).toMatchObject({ busy: 1, queued: 1 });

      // The two accepted requests finish.
      const done: Frame[] = await Promise.all(accepted.map((i) => replies[i]));
      accepted.forEach((i, k) =>
        expect(done[k]).toEqual({
          type: 'success',
          message: expect.any(String),
          data: { room_id: expect.stringMatching(ROOM_ID), name: `Vault ${i}` },
          request_id: `vault-${i}`,
        }),
      );

      // New connections are admitted again (polled: the pool frees its slots as the replies go out).
      const newcomer = await statsUntil(server.httpUrl, (s) => s.worker_pool.busy === 0 && s.worker_pool.queued === 0, 'an idle pool').then(() =>
        clients.asReady('pool-newcomer'),
      );
      await expectAlive(newcomer);

      const after = await getStats(server.httpUrl);
      expect(after.worker_pool.rejected).toBeGreaterThanOrEqual(1);
      expect(after.worker_pool.rejected).toBe(before.worker_pool.rejected + 1);
      expect(after.worker_pool.completed).toBe(before.worker_pool.completed + 2);
      expect(after.connections.rejected).toBeGreaterThanOrEqual(1);
      expect(after.connections.rejected).toBe(before.connections.rejected + 1);

      // The refused room was never created; the two accepted ones were.
      const list = await newcomer.request({ type: 'list_rooms' });
      const names = list.rooms.map((r: { name: string }) => r.name).sort();
      expect(names).toEqual(['general', ...accepted.map((i) => `Vault ${i}`)].sort());
      for (const room of list.rooms.filter((r: { name: string }) => r.name !== 'general')) expect(room.requires_password).toBe(true);

      // Retrying after the pool has drained succeeds, as retry_after_ms promises.
      const retried = await members[first.i].request({ type: 'create_room', name: `Vault ${first.i}`, password: `secret-${first.i}` }, HASH_TIMEOUT_MS);
      expect(retried).toMatchObject({ type: 'success', data: { name: `Vault ${first.i}` } });
    },
    60_000,
  );
});
