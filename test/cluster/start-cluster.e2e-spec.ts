import { Clients, describeWithRedis, expectAlive, pollUntil, TestClient, TestRedis, uniqueId, userUrl } from '../support';
import { LISTENING, ServerProcess, spawnServerProcess } from '../support/instances';

const LAUNCHER = 'src/cli/cluster.ts';
/** The launcher's line for each worker it forks. */
const WORKER_STARTED = /Instance (\d+) started \(pid (\d+)\)/;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** `npm run start:cluster` (the launcher run from its sources, as the script runs it from `dist/`). */
describe('start:cluster without Redis', () => {
  it('refuses to start several instances and says which variable to set', async () => {
    const launcher = spawnServerProcess(LAUNCHER, ['--instances', '2']);
    await expect(launcher.exited).resolves.toEqual({ code: 2, signal: null });
    expect(launcher.output()).toMatch(/2 instances need RUSTY_SOCKS_REDIS_URL/);
    expect(launcher.output()).not.toMatch(LISTENING);
  });
});

describeWithRedis('start:cluster with Redis', () => {
  let redis: TestRedis;
  let launcher: ServerProcess;
  let wsUrl: string;
  const clients = new Clients();

  beforeAll(async () => {
    redis = await TestRedis.start();
    launcher = spawnServerProcess(LAUNCHER, ['--instances', '2'], { RUSTY_SOCKS_REDIS_URL: redis.url });
    const listening = await launcher.waitFor(LISTENING, 'two workers listening', { count: 2, timeoutMs: 60_000 });
    // Port 0 in the launcher's environment: the workers share the one port the primary picked.
    expect(listening[0][1]).toBe(listening[1][1]);
    wsUrl = `ws://127.0.0.1:${listening[0][1]}/ws`;
  }, 90_000);
  afterEach(() => clients.closeAll());
  afterAll(async () => {
    await launcher?.kill();
    await redis?.dispose();
  });

  it('shares one port between two workers; a killed worker drops only its clients and is restarted', async () => {
    const workers = (await launcher.waitFor(WORKER_STARTED, 'two workers forked', { count: 2 })).map((m) => Number(m[2]));
    expect(workers).toHaveLength(2); // none has crashed and been restarted yet
    expect(new Set([...workers, launcher.pid]).size).toBe(3);
    // The primary hands connections to the workers in turn (round robin), so two of these four are on each.
    const connected: TestClient[] = [];
    for (let i = 0; i < 4; i++) connected.push((await clients.connectWelcomed(userUrl(wsUrl, { sub: uniqueId('user') }))).client);

    process.kill(workers[0], 'SIGKILL');
    await launcher.waitFor(new RegExp(`\\(pid ${workers[0]}\\) exited with signal SIGKILL; restarting it in 1 s`), 'the crash to be noticed');
    const dropped = await pollUntil(
      async () => connected.filter((c) => c.closeCode !== undefined),
      (closed) => closed.length >= 2,
      "the killed worker's two clients to be dropped",
    );
    expect(dropped.map((c) => c.closeCode)).toEqual([1006, 1006]);
    const kept = connected.filter((c) => !dropped.includes(c));
    expect(kept).toHaveLength(2);
    for (const client of kept) await expectAlive(client);

    // Restarted after its backoff: a third fork, listening on the same port.
    const forks = await launcher.waitFor(WORKER_STARTED, 'the worker to be restarted', { count: 3, timeoutMs: 30_000 });
    expect(forks[2][1]).toBe('0');
    await launcher.waitFor(LISTENING, 'the restarted worker to listen', { count: 3, timeoutMs: 30_000 });
    const sub = uniqueId('late');
    await expect(clients.connectWelcomed(userUrl(wsUrl, { sub }))).resolves.toMatchObject({ welcome: { client_id: sub } });
  }, 90_000);

  it('drains every worker on SIGTERM: clients closed with 1001, the workers and the launcher exit 0', async () => {
    const workers = (await launcher.waitFor(WORKER_STARTED, 'the workers')).map((m) => Number(m[2])).filter(isRunning);
    const client = (await clients.connectWelcomed(userUrl(wsUrl, { sub: uniqueId('user') }))).client;
    await expect(launcher.stop()).resolves.toEqual({ code: 0, signal: null });
    await expect(client.closed).resolves.toMatchObject({ code: 1001 });
    expect(launcher.output()).toMatch(/Every instance has stopped/);
    expect(workers.length).toBe(2);
    expect(workers.filter(isRunning)).toEqual([]);
  }, 60_000);
});
