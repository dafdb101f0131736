import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Piscina from 'piscina';
import { RUSTY_SOCKS_OPTIONS } from '../config/config.constants';
import { ResolvedOptions } from '../config/rusty-socks-options.interface';
import { PoolSaturatedError } from './pool-saturated.error';
import { POOL_TASKS_FILE } from './worker-pool.constants';

/** The pool's numbers, as `/stats` reports them under `worker_pool`. */
export interface WorkerPoolStats {
  size: number;
  busy: number;
  queued: number;
  max_queued: number;
  completed: number;
  rejected: number;
}

/**
 * A bounded pool of worker threads for CPU-heavy work, so it never blocks the event loop that
 * serves every socket. At most `threadPoolSize` tasks run and `maxQueuedTasks` wait; anything
 * beyond is refused at once with `PoolSaturatedError` instead of queuing without bound. piscina
 * carries the threads; the bound and the numbers are kept here, where they are exact.
 */
@Injectable()
export class WorkerPoolService implements OnApplicationShutdown {
  private readonly logger = new Logger(WorkerPoolService.name);
  private readonly pool: Piscina;
  private readonly size: number;
  private readonly maxQueued: number;
  private inFlight = 0;
  private completed = 0;
  private rejected = 0;
  private closing?: Promise<void>;

  constructor(@Inject(RUSTY_SOCKS_OPTIONS) options: ResolvedOptions) {
    this.size = options.threadPoolSize;
    this.maxQueued = options.maxQueuedTasks;
    this.pool = new Piscina({
      filename: POOL_TASKS_FILE,
      minThreads: this.size,
      maxThreads: this.size,
      // Our own bound is checked first; piscina's is the same number, as a backstop.
      maxQueue: Math.max(this.maxQueued, 1),
      idleTimeout: Infinity,
    });
  }

  /** True when a new task would be refused: every worker busy and the queue full. */
  get saturated(): boolean {
    return this.closing !== undefined || this.inFlight >= this.size + this.maxQueued;
  }

  /** Runs the named task of `pool-tasks.worker.js`; rejects at once with `PoolSaturatedError` when full. */
  async run<T>(task: string, payload: unknown): Promise<T> {
    if (this.saturated) {
      this.rejected++;
      throw new PoolSaturatedError();
    }
    this.inFlight++;
    try {
      return (await this.pool.run(payload, { name: task })) as T;
    } finally {
      this.inFlight--;
      this.completed++;
    }
  }

  stats(): WorkerPoolStats {
    return {
      size: this.size,
      busy: Math.min(this.inFlight, this.size),
      queued: Math.max(0, this.inFlight - this.size),
      max_queued: this.maxQueued,
      completed: this.completed,
      rejected: this.rejected,
    };
  }

  /** Lets queued and running tasks finish, then stops the threads; refuses new work meanwhile. */
  onApplicationShutdown(): Promise<void> {
    this.closing ??= this.pool.close().catch((err: unknown) => this.logger.error(`Worker pool did not close cleanly: ${String(err)}`));
    return this.closing;
  }
}
