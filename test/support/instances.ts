/**
 * The real server (`src/main.ts`, as `npm start` runs it) in a child process of its own, for the
 * multi-instance specs: a spec can SIGKILL one instance, stop another with SIGTERM, and watch the rest.
 * The child compiles our TypeScript on the fly (`swc-register.js`), so no `npm run build` is needed.
 * Every child a test file starts is killed when the file ends (and when the test process exits; and, by
 * its IPC channel, when the test process dies without running any hook).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { TEST_SECRET } from './tokens';

const ROOT = resolve(__dirname, '..', '..');
const REGISTER = resolve(__dirname, 'swc-register.js');

/** `main.ts`'s line once it listens, in whatever format the logs take (pino JSON, pretty, Nest's console). */
export const LISTENING = /Listening on wss?:\/\/[^\s"]*:(\d+)\/ws/;
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
/** How much of a child's output is kept for failure messages. */
const OUTPUT_KEPT = 1024 * 1024;

/** How an instance's process ended. */
export interface InstanceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** `main.ts` in its own process, listening on 127.0.0.1 and a free port. */
export type Instance = ServerProcess & {
  readonly port: number;
  /** `ws://127.0.0.1:<port>/ws` */
  readonly wsUrl: string;
  /** `http://127.0.0.1:<port>` */
  readonly httpUrl: string;
  /** Milliseconds from spawning the process to its listening line. */
  readonly bootMs: number;
};

const children = new Set<ChildProcess>();

/** SIGKILLs every child still running and waits for them to be gone. */
export async function killAllInstances(): Promise<void> {
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGKILL');
        }),
    ),
  );
}

process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
// At the top level of whichever test file imports this module, so each file cleans up after itself.
if (typeof afterAll === 'function') afterAll(killAllInstances);

/** The output `ServerProcess.waitFor` found: every match so far of the pattern it was given. */
export type Matches = RegExpExecArray[];

/**
 * A Node process running one of our TypeScript entry points (compiled on the fly), with its output
 * kept and searchable. `startInstance` runs `main.ts` in one; the launcher's spec runs `cli/cluster.ts`.
 */
export class ServerProcess {
  readonly pid: number;
  /** Settles when the process has exited, however that happened. */
  readonly exited: Promise<InstanceExit>;
  private text = '';
  private exit: InstanceExit | undefined;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly child: ChildProcess) {
    this.pid = child.pid!;
    // 'close', not 'exit': the last lines of a dying process may be read after its exit.
    this.exited = new Promise<InstanceExit>((done) =>
      child.once('close', (code, signal) => {
        children.delete(child);
        this.exit = { code, signal };
        done(this.exit);
        this.wake();
      }),
    );
    const echo = process.env.RUSTY_SOCKS_TEST_LOGS === '1';
    const read = (chunk: Buffer): void => {
      const text = chunk.toString('utf8').replace(ANSI, '');
      if (echo) process.stderr.write(text);
      this.text = (this.text + text).slice(-OUTPUT_KEPT);
      this.wake();
    };
    // Always read both pipes: a child whose pipe fills up would block on its next log line.
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
  }

  /** What the process wrote on stdout and stderr (the last `OUTPUT_KEPT` characters). */
  output(): string {
    return this.text;
  }

  /** Whether the process has exited. */
  get gone(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /**
   * Resolves with the matches of `pattern` in the output once there are at least `count`; rejects
   * with the output when the process exits or `timeoutMs` passes first.
   */
  waitFor(pattern: RegExp, what: string, { count = 1, timeoutMs = 30_000 }: { count?: number; timeoutMs?: number } = {}): Promise<Matches> {
    const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g');
    return new Promise((resolveMatches, reject) => {
      const finish = (error?: string): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        if (error) reject(new Error(`Process ${this.pid}: ${error} while waiting for ${what}. Its output:\n${this.text.slice(-4000)}`));
      };
      const check = (): void => {
        const matches = [...this.text.matchAll(global)];
        if (matches.length >= count) {
          finish();
          resolveMatches(matches);
        } else if (this.exit) finish(`exited (${this.exit.signal ?? `code ${this.exit.code}`})`);
      };
      const timer = setTimeout(() => finish(`nothing after ${timeoutMs} ms`), timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** Sends `signal` (SIGKILL by default: a crash, no drain) and waits for the process to be gone. */
  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<InstanceExit> {
    if (!this.gone) this.child.kill(signal);
    return this.exited;
  }

  /** SIGTERM (the graceful drain) and waits for the exit; SIGKILLs and throws past `timeoutMs`. */
  async stop(timeoutMs = 20_000): Promise<InstanceExit> {
    if (!this.gone) this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((done) => (timer = setTimeout(() => done('late'), timeoutMs)));
    const result = await Promise.race([this.exited, late]).finally(() => clearTimeout(timer));
    if (result !== 'late') return result;
    this.child.kill('SIGKILL');
    await this.exited;
    throw new Error(`Process ${this.pid} did not stop within ${timeoutMs} ms of SIGTERM; killed it. Its output:\n${this.text.slice(-4000)}`);
  }

  private wake(): void {
    for (const check of [...this.waiters]) check();
  }
}

/**
 * Runs `entry` (a path under the project, e.g. `src/cli/cluster.ts`) with `args` in a new Node process,
 * with `RUSTY_SOCKS_*` variables `env` over `127.0.0.1`, port 0 and `TEST_SECRET` (none are inherited
 * from the test process). `RUSTY_SOCKS_TEST_LOGS=1` copies its output to the test's stderr.
 */
export function spawnServerProcess(entry: string, args: string[] = [], env: Record<string, string> = {}): ServerProcess {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('RUSTY_SOCKS_') && k !== 'NODE_ENV'));
  const child = spawn(process.execPath, ['--enable-source-maps', '-r', REGISTER, resolve(ROOT, entry), ...args], {
    cwd: ROOT,
    env: {
      ...inherited,
      NO_COLOR: '1',
      TEST_EXIT_WITH_PARENT: '1',
      RUSTY_SOCKS_HOST: '127.0.0.1',
      RUSTY_SOCKS_PORT: '0',
      RUSTY_SOCKS_JWT_SECRET: TEST_SECRET,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  children.add(child);
  // The channel exists only so the child notices this process dying; it must not keep jest alive.
  child.channel?.unref();
  return new ServerProcess(child);
}

/**
 * Starts `src/main.ts` (as `npm start` runs it) in its own process with `RUSTY_SOCKS_*` variables
 * `env` (see `spawnServerProcess`) and resolves once it listens. Rejects with the child's output if it
 * exits or does not listen within `timeoutMs`, and kills it.
 */
export async function startInstance(env: Record<string, string> = {}, { timeoutMs = 30_000 }: { timeoutMs?: number } = {}): Promise<Instance> {
  const started = Date.now();
  const server = spawnServerProcess('src/main.ts', [], env);
  let port: number;
  try {
    port = Number((await server.waitFor(LISTENING, 'its "Listening on" line', { timeoutMs }))[0][1]);
  } catch (err) {
    await server.kill();
    throw err;
  }
  return Object.assign(server, {
    port,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    httpUrl: `http://127.0.0.1:${port}`,
    bootMs: Date.now() - started,
  });
}
