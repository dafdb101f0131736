import cluster, { Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import pino, { Logger } from 'pino';
import { ConfigError } from '../config/config.error';
import { parseEnv } from '../config/env.parser';
import { resolveOptions } from '../config/options.resolver';
import { ResolvedOptions } from '../config/rusty-socks-options.interface';
import { prettyDestination } from '../logging/pino-params';

const USAGE = 'usage: npm run start:cluster [-- --instances <n>]   (or RUSTY_SOCKS_INSTANCES=<n>; default: one per CPU)';

/** More instances than this on one machine is a typo, not a plan. */
const MAX_INSTANCES = 256;

/** The first restart of a crashed instance waits this long; each crash soon after the last doubles it. */
const FIRST_RESTART_DELAY_MS = 1000;
/** The longest wait between restarts, so an instance that cannot start (Redis down) is retried but never spins. */
const MAX_RESTART_DELAY_MS = 30_000;
/** An instance that ran this long before dying starts its backoff afresh. */
const STABLE_AFTER_MS = 30_000;

/** One instance's place in the cluster: the worker running it now (if any) and its crash history. */
interface Slot {
  index: number;
  worker?: Worker;
  startedAt: number;
  crashes: number;
  restart?: NodeJS.Timeout;
}

/** The wait before restarting an instance after its `crashes`-th crash in a row (1-based). */
function restartDelayMs(crashes: number): number {
  return Math.min(MAX_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** Math.min(crashes - 1, 16));
}

/**
 * `npm run start:cluster`: runs N copies of the server (`main.ts`) on one machine, sharing one port
 * through Node's `cluster` module (the primary accepts and hands each connection to a worker in turn).
 * The instances share rooms, presence and messages through Redis, so N > 1 requires
 * `RUSTY_SOCKS_REDIS_URL`. A worker that dies is restarted with a growing delay; SIGTERM or SIGINT
 * drains every worker (as `npm start` does) and the launcher exits when the last one is gone.
 */
function main(): void {
  const { values } = parseArgs({ options: { instances: { type: 'string', short: 'n' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  // A launcher setting, not a server option: no process of the server could act on it, so it stays
  // out of the option table (and out of the library's options).
  const instances = parseInstances(values.instances ?? process.env.RUSTY_SOCKS_INSTANCES);

  // Checked once here, so a bad variable is one clear message instead of N workers failing in a loop.
  let options: ResolvedOptions;
  try {
    options = resolveOptions(parseEnv());
  } catch (err) {
    if (err instanceof ConfigError) fail(`configuration error: ${err.message}`);
    throw err;
  }
  if (instances > 1 && options.redisUrl === undefined) {
    fail(
      `${instances} instances need RUSTY_SOCKS_REDIS_URL (e.g. redis://127.0.0.1:6379): without Redis each instance ` +
        `would keep its own rooms and users, and clients on different instances would not see each other. ` +
        `Set it, or run one instance (RUSTY_SOCKS_INSTANCES=1, or plain \`npm start\`).`,
    );
  }

  const log = launcherLogger(options);
  // Whatever runs this file (dist/cli/cluster.js, or src/cli/cluster.ts under a TypeScript hook) runs its sibling main.
  cluster.setupPrimary({ exec: require.resolve('../main'), args: [] });
  new ClusterSupervisor(instances, log).start();
}

/** Starts, restarts and stops the workers. */
class ClusterSupervisor {
  private readonly slots: Slot[];
  private stopping = false;
  private failedExits = 0;

  constructor(
    private readonly instances: number,
    private readonly log: Logger,
  ) {
    this.slots = Array.from({ length: instances }, (_, index) => ({ index, startedAt: 0, crashes: 0 }));
  }

  start(): void {
    this.log.info({ instances: this.instances }, `Starting ${this.instances} instance(s) sharing one port`);
    cluster.on('exit', (worker, code, signal) => this.exited(worker, code, signal));
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => this.stop(signal));
    for (const slot of this.slots) this.fork(slot);
  }

  private fork(slot: Slot): void {
    slot.restart = undefined;
    slot.startedAt = Date.now();
    slot.worker = cluster.fork();
    this.log.info({ instance: slot.index, worker_pid: slot.worker.process.pid }, `Instance ${slot.index} started (pid ${slot.worker.process.pid})`);
  }

  private exited(worker: Worker, code: number | null, signal: string | null): void {
    const slot = this.slots.find((s) => s.worker === worker);
    if (!slot) return;
    slot.worker = undefined;
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (this.stopping) {
      if (code !== 0) this.failedExits++;
      this.log.info({ instance: slot.index, worker_pid: worker.process.pid, code, signal }, `Instance ${slot.index} stopped (${how})`);
      if (this.slots.every((s) => s.worker === undefined)) this.finish();
      return;
    }
    slot.crashes = Date.now() - slot.startedAt >= STABLE_AFTER_MS ? 1 : slot.crashes + 1;
    const delay = restartDelayMs(slot.crashes);
    this.log.error(
      { instance: slot.index, worker_pid: worker.process.pid, code, signal, restart_in_ms: delay },
      `Instance ${slot.index} (pid ${worker.process.pid}) exited with ${how}; restarting it in ${delay / 1000} s`,
    );
    slot.restart = setTimeout(() => this.fork(slot), delay);
  }

  /**
   * Workers always get SIGTERM, whatever the launcher got: Ctrl-C in a terminal already sends SIGINT to
   * every process of the group, and `main.ts` treats a second SIGINT as a hard stop. A second signal to
   * the launcher gives up on draining.
   */
  private stop(signal: NodeJS.Signals): void {
    if (this.stopping) {
      this.log.warn(`${signal} again: killing the instances without waiting for their drain`);
      for (const slot of this.slots) slot.worker?.process.kill('SIGKILL');
      process.exit(1);
    }
    this.stopping = true;
    this.log.info(`${signal} received: draining every instance`);
    for (const slot of this.slots) {
      clearTimeout(slot.restart);
      slot.restart = undefined;
      slot.worker?.process.kill('SIGTERM');
    }
    if (this.slots.every((s) => s.worker === undefined)) this.finish();
  }

  private finish(): void {
    this.log.info('Every instance has stopped');
    process.exit(this.failedExits === 0 ? 0 : 1);
  }
}

function parseInstances(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return availableParallelism();
  const n = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || n < 1 || n > MAX_INSTANCES) fail(`instances must be an integer between 1 and ${MAX_INSTANCES}, got ${JSON.stringify(raw)}\n${USAGE}`);
  return n;
}

/** The launcher's own lines, in the server's format (JSON, or pretty in a developer's terminal). */
function launcherLogger(options: ResolvedOptions): Logger {
  const destination = !options.production && process.stdout.isTTY ? prettyDestination() : pino.destination({ sync: true });
  return pino({ level: options.logLevel, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } }, destination).child({ context: 'Cluster' });
}

function fail(message: string): never {
  console.error(`rusty-socks cluster: ${message}`);
  process.exit(2);
}

main();
