import Redis from 'ioredis';
import { TestRedis } from './redis';
import { startServer, TestServer } from './server';
import { serverHandle, testEnv } from './setup';

/** Servers of one cluster in this process, their Redis and a plain Redis client to look inside it. */
export interface TestCluster {
  readonly redis: TestRedis;
  /** A Redis client of the test's own, for `PUBSUB`, `CLIENT LIST` and the like. */
  readonly probe: Redis;
  /** The environment every instance starts with (`RUSTY_SOCKS_REDIS_URL` included). */
  env(): Record<string, string>;
  /** Starts one more instance on the same Redis (the test closes it). */
  startInstance(): Promise<TestServer>;
  /** Replaces instance `index` with a new one (after a test closed it). */
  replace(index: number): Promise<void>;
}

/**
 * `count` instances of the server in this process on one Redis of the suite's own, started in `beforeAll`
 * and closed in `afterAll`; the returned servers stand for them once started. `persistent`: Redis keeps
 * its data across `redis.stop()`/`restart()`, as a production Redis with persistence would.
 */
export function clusterForSuite(count: number, { env = {}, persistent = false }: { env?: Record<string, string>; persistent?: boolean } = {}): { cluster: TestCluster; servers: TestServer[] } {
  let redis: TestRedis | undefined;
  let probe: Redis | undefined;
  const running: (TestServer | undefined)[] = new Array(count).fill(undefined);
  const clusterEnv = (): Record<string, string> => testEnv({ RUSTY_SOCKS_REDIS_URL: redis!.url, RUSTY_SOCKS_MAX_CONN_PER_IP: '1000', ...env });
  beforeAll(async () => {
    redis = await TestRedis.start({ persistent });
    probe = new Redis(redis.url, { maxRetriesPerRequest: null });
    await Promise.all(running.map(async (_, i) => (running[i] = await startServer(clusterEnv()))));
  });
  afterAll(async () => {
    await Promise.all(running.map((server) => server?.close()));
    probe?.disconnect();
    await redis?.dispose();
  });
  const cluster: TestCluster = {
    get redis() {
      return redis!;
    },
    get probe() {
      return probe!;
    },
    env: clusterEnv,
    startInstance: () => startServer(clusterEnv()),
    async replace(index) {
      running[index] = await startServer(clusterEnv());
    },
  };
  return { cluster, servers: running.map((_, i) => serverHandle(() => running[i])) };
}
