import { Clients, describeWithRedis, expectAlive, pollUntil, TEST_SECRET, TestRedis, uniqueId, userUrl } from '../support';
import { Instance, startInstance } from '../support/instances';

/** Status and body of a `GET` (the body as text, whatever it is). */
async function get(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.text() };
}

/** Polls `/health/ready` until it answers `status`; a failure shows what the instance logged. */
async function readyUntil(instance: Instance, status: number, what: string): Promise<{ status: number; body: string }> {
  try {
    return await pollUntil(() => get(`${instance.httpUrl}/health/ready`), (r) => r.status === status, what, 15_000);
  } catch (err) {
    throw new Error(`${(err as Error).message}\nThe instance's last output:\n${instance.output().slice(-3000)}`);
  }
}

/**
 * The multi-instance harness itself: two real servers in child processes sharing one Redis, which a
 * spec can crash (SIGKILL), stop (SIGTERM) and cut off from Redis. The tests run in order: the last two
 * end the instances.
 */
describeWithRedis('cluster: instances in their own processes', () => {
  let redis: TestRedis;
  let a: Instance;
  let b: Instance;
  const clients = new Clients();

  beforeAll(async () => {
    redis = await TestRedis.start();
    // One secret for both, so a token is good on either (`userUrl` signs with TEST_SECRET).
    const env = { RUSTY_SOCKS_REDIS_URL: redis.url, RUSTY_SOCKS_JWT_SECRET: TEST_SECRET };
    [a, b] = await Promise.all([startInstance(env), startInstance(env)]);
  }, 60_000);
  afterEach(() => clients.closeAll());
  afterAll(async () => {
    await Promise.all([a?.kill(), b?.kill()]);
    await redis?.dispose();
  });

  it('runs two servers in two processes on two ports, both welcoming clients and ready', async () => {
    expect(new Set([a.pid, b.pid, process.pid]).size).toBe(3);
    expect(a.port).not.toBe(b.port);
    for (const instance of [a, b]) {
      const sub = uniqueId('alice');
      const { welcome } = await clients.connectWelcomed(userUrl(instance.wsUrl, { sub }));
      expect(welcome).toMatchObject({ type: 'connected', client_id: sub, authenticated: true });
      expect((await get(`${instance.httpUrl}/health/ready`)).status).toBe(200);
    }
  });

  it('turns /health/ready to 503 on every instance while Redis is down, and back to 200 when it returns', async () => {
    await redis.stop();
    for (const instance of [a, b]) {
      const down = await readyUntil(instance, 503, 'readiness to fall with Redis gone');
      expect(down.body).toMatch(/redis/i);
      // Down for new traffic, not dead: the liveness probe must not get the instance restarted.
      expect((await get(`${instance.httpUrl}/health/live`)).status).toBe(200);
    }
    await redis.restart();
    for (const instance of [a, b]) await readyUntil(instance, 200, 'readiness to return with Redis back');
  }, 60_000);

  it('after a SIGKILL the killed port refuses connections while the other instance keeps serving', async () => {
    const { client: onA } = await clients.connectWelcomed(userUrl(a.wsUrl, { sub: uniqueId('alice') }));
    const { client: onB } = await clients.connectWelcomed(userUrl(b.wsUrl, { sub: uniqueId('bob') }));

    await expect(a.kill()).resolves.toEqual({ code: null, signal: 'SIGKILL' });
    // No close frame from a crashed server: the client sees the TCP connection drop.
    await expect(onA.closed).resolves.toMatchObject({ code: 1006 });
    await expect(fetch(`${a.httpUrl}/health`)).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
    await expect(clients.connect(a.wsUrl)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    await expectAlive(onB);
    const sub = uniqueId('carol');
    await expect(clients.connectWelcomed(userUrl(b.wsUrl, { sub }))).resolves.toMatchObject({ welcome: { type: 'connected', client_id: sub } });
    expect((await get(`${b.httpUrl}/health/ready`)).status).toBe(200);
  });

  it('stops an instance with SIGTERM as npm start does: clients closed with 1001, exit code 0', async () => {
    const { client } = await clients.connectWelcomed(userUrl(b.wsUrl, { sub: uniqueId('dave') }));
    await expect(b.stop()).resolves.toEqual({ code: 0, signal: null });
    await expect(client.closed).resolves.toMatchObject({ code: 1001 });
  }, 30_000);
});

/** The harness reports a server that cannot start instead of waiting for it. */
describe('cluster: an instance that cannot start', () => {
  it('rejects with the configuration error the process printed', async () => {
    await expect(startInstance({ RUSTY_SOCKS_PORT: 'abc' })).rejects.toThrow(/exited \(code 1\)[\s\S]*RUSTY_SOCKS_PORT="abc"/);
  });
});
