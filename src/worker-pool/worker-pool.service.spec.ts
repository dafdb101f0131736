import { resolveOptions } from '../config/options.resolver';
import { PoolSaturatedError } from './pool-saturated.error';
import { WorkerPoolService } from './worker-pool.service';

describe('WorkerPoolService', () => {
  let pool: WorkerPoolService;
  afterEach(() => pool?.onApplicationShutdown());

  it('hashes and verifies passwords off the event loop', async () => {
    pool = new WorkerPoolService(resolveOptions({ threadPoolSize: 1, maxQueuedTasks: 4 }));
    const stored = await pool.run<string>('hashPassword', { password: 'hunter22', cost: 10 });
    expect(stored).toMatch(/^scrypt\$10\$/);
    await expect(pool.run('verifyPassword', { password: 'hunter22', stored })).resolves.toBe(true);
    await expect(pool.run('verifyPassword', { password: 'hunter23', stored })).resolves.toBe(false);
    expect(pool.stats()).toMatchObject({ size: 1, busy: 0, queued: 0, completed: 3, rejected: 0 });
  });

  it('refuses work at once when every worker is busy and the queue is full', async () => {
    pool = new WorkerPoolService(resolveOptions({ threadPoolSize: 1, maxQueuedTasks: 1 }));
    const running = pool.run('hashPassword', { password: 'a', cost: 14 });
    const queued = pool.run('hashPassword', { password: 'b', cost: 14 });
    expect(pool.saturated).toBe(true);
    expect(pool.stats()).toMatchObject({ busy: 1, queued: 1, max_queued: 1 });
    await expect(pool.run('hashPassword', { password: 'c', cost: 14 })).rejects.toBeInstanceOf(PoolSaturatedError);
    expect(pool.stats().rejected).toBe(1);
    await Promise.all([running, queued]);
    expect(pool.saturated).toBe(false);
    expect(pool.stats()).toMatchObject({ busy: 0, queued: 0, completed: 2, rejected: 1 });
  });

  it('drains accepted work on shutdown and refuses new work', async () => {
    pool = new WorkerPoolService(resolveOptions({ threadPoolSize: 1, maxQueuedTasks: 2 }));
    const accepted = pool.run<string>('hashPassword', { password: 'a', cost: 12 });
    const closed = pool.onApplicationShutdown();
    await expect(pool.run('hashPassword', { password: 'b', cost: 12 })).rejects.toBeInstanceOf(PoolSaturatedError);
    await expect(accepted).resolves.toMatch(/^scrypt\$12\$/);
    await closed;
  });
});
