import { Logger } from '@nestjs/common';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisConnection } from '../../src/cluster/redis-connection';
import { resolveOptions } from '../../src/config/options.resolver';
import { ReadinessService } from '../../src/health/readiness.service';

/** Whether Debian's `redis-server` is on this machine (`.ci/run` installs it; a bare laptop may lack it). */
export const HAVE_REDIS = (() => {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/**
 * `describe` for specs that need a real Redis: without `redis-server` on the machine they are skipped,
 * and the skip is printed loudly, never silent.
 */
export const describeWithRedis: jest.Describe = HAVE_REDIS
  ? describe
  : (((name: string, fn: () => void) => {
      // eslint-disable-next-line no-console
      console.warn(`\n*** SKIPPED "${name}": redis-server is not installed, so the cluster specs cannot run. Install Debian's redis-server (\`.ci/run\` does) to run them. ***\n`);
      describe.skip(name, fn);
    }) as unknown as jest.Describe);

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A `redis-server` of the test's own, on 127.0.0.1 and a free port, with no persistence. */
export class TestRedis {
  private process: ChildProcess | undefined;
  private readonly dir = mkdtempSync(join(tmpdir(), 'rusty-socks-redis-'));

  private constructor(
    readonly port: number,
    private readonly persistent: boolean,
  ) {}

  /**
   * Starts a new server on a free port and waits until it accepts connections. `persistent`: every
   * write is on disk before it is answered (AOF, fsync always), so a restart after a kill keeps the
   * data, as a production Redis with persistence would; otherwise a restart starts empty.
   */
  static async start({ persistent = false }: { persistent?: boolean } = {}): Promise<TestRedis> {
    const redis = new TestRedis(await freePort(), persistent);
    await redis.restart();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Whether the server process is running. */
  get running(): boolean {
    return this.process !== undefined;
  }

  /** (Re)starts the server on the same port (empty unless persistent) and waits until it is ready. */
  async restart(): Promise<void> {
    if (this.process) return;
    const persistence = this.persistent ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--dir', this.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.process = child;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`redis-server on ${this.port} did not start: ${out}`)), 10_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}: ${out}`));
      });
    });
    child.stdout!.resume();
    child.stderr!.resume();
  }

  /** Stops the server (SIGKILL: as abrupt as a crash) and waits for it to be gone. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child) return;
    this.process = undefined;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await gone;
  }

  /** Stops the server and removes its working folder. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A Redis of the suite's own (started in `beforeAll`, emptied before each test, stopped in `afterAll`),
 * and `connect()` for a `RedisConnection` to it as one server instance would open: a unit spec of a
 * Redis store opens two to play two instances. Nest's logger is silenced for the suite.
 */
export function redisForSuite(): { readonly redis: TestRedis; connect(): Promise<RedisConnection> } {
  let redis: TestRedis | undefined;
  const connections: RedisConnection[] = [];
  beforeAll(async () => {
    Logger.overrideLogger(false);
    redis = await TestRedis.start();
  });
  beforeEach(async () => {
    await connections[0]?.commands.flushall();
  });
  afterAll(async () => {
    await Promise.all(connections.map((c) => c.onApplicationShutdown()));
    await redis?.dispose();
  });
  return {
    get redis(): TestRedis {
      if (!redis) throw new Error('The suite’s Redis has not started yet (use it from a hook or a test)');
      return redis;
    },
    async connect(): Promise<RedisConnection> {
      const connection = new RedisConnection(resolveOptions({ redisUrl: this.redis.url }), new ReadinessService());
      await connection.onModuleInit();
      connections.push(connection);
      return connection;
    },
  };
}
