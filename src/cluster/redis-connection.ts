import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { ProtocolException } from '../common/protocol.exception';
import { ErrorCode } from '../common/error-code';
import { RUSTY_SOCKS_OPTIONS } from '../config/config.constants';
import { ResolvedOptions } from '../config/rusty-socks-options.interface';
import { ReadinessService } from '../health/readiness.service';
import { COMMAND_TIMEOUT_MS, STARTUP_WAIT_MS } from './cluster.constants';

/**
 * The instance's two Redis connections when `RUSTY_SOCKS_REDIS_URL` is set: `commands` for the stores
 * and publishing, `subscriber` for the channels (a subscribed connection can run nothing else). With no
 * URL, `enabled` is false and nothing connects.
 *
 * Commands fail at once while Redis is unreachable (no offline queue), so a client hears
 * `INTERNAL_ERROR` instead of waiting on a message that may never go out; ioredis reconnects by itself,
 * re-subscribes the channels, and readiness follows the connection state.
 */
@Injectable()
export class RedisConnection implements OnModuleInit, OnApplicationShutdown {
  /** This process among the cluster's instances: its presence, counts and heartbeat are filed under it. */
  readonly instanceId = randomBytes(8).toString('hex');
  readonly enabled: boolean;
  readonly commands!: Redis;
  readonly subscriber!: Redis;
  private readonly logger = new Logger('Redis');
  private up = false;
  private pending: (() => Promise<unknown>)[] = [];
  private running = false;
  private wasUp = false;
  private readonly reconnectedListeners: (() => void)[] = [];

  constructor(@Inject(RUSTY_SOCKS_OPTIONS) options: ResolvedOptions, readiness: ReadinessService) {
    this.enabled = options.redisUrl !== undefined;
    if (!this.enabled) return;
    const common = {
      lazyConnect: true,
      retryStrategy: (times: number) => Math.min(100 * times, 2000),
      // After a failover the old primary answers READONLY until the connection moves to the new one.
      reconnectOnError: (err: Error) => err.message.startsWith('READONLY'),
    };
    // A Redis that hangs without closing the connection must not stall the requests waiting on it.
    this.commands = new Redis(options.redisUrl!, { ...common, enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: COMMAND_TIMEOUT_MS, connectionName: `rusty-socks:${this.instanceId}` });
    this.subscriber = new Redis(options.redisUrl!, { ...common, maxRetriesPerRequest: null, connectionName: `rusty-socks:${this.instanceId}:sub` });
    for (const client of [this.commands, this.subscriber]) {
      client.on('ready', () => this.changed());
      client.on('close', () => this.changed());
      client.on('error', () => undefined); // state changes are logged by `changed`; ioredis retries by itself
    }
    readiness.dependOn('redis', () => this.up);
  }

  /**
   * Runs `task` once Redis is reachable again: for clean-ups that failed during an outage (a member's
   * removal, a connection count's release), so that nothing lingers in the shared state. Tasks run in
   * order; one that fails again waits for the next reconnection.
   */
  whenBack(task: () => Promise<unknown>): void {
    this.pending.push(task);
    if (this.up) void this.runPending();
  }

  /** Calls `listener` each time Redis is reachable again after an outage (not at start). */
  onReconnected(listener: () => void): void {
    this.reconnectedListeners.push(listener);
  }

  /** Both connections are ready. */
  get healthy(): boolean {
    return this.up;
  }

  async onModuleInit(): Promise<void> {
    if (!this.enabled) return;
    const connect = Promise.all([this.commands.connect(), this.subscriber.connect()]);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${STARTUP_WAIT_MS / 1000} s; check RUSTY_SOCKS_REDIS_URL`)), STARTUP_WAIT_MS);
    });
    try {
      await Promise.race([connect, timeout]);
    } catch (err) {
      this.commands.disconnect();
      this.subscriber.disconnect();
      throw err;
    } finally {
      clearTimeout(timer);
    }
    this.changed();
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.enabled) return;
    await Promise.allSettled([this.commands.quit(), this.subscriber.quit()]);
    this.commands.disconnect();
    this.subscriber.disconnect();
  }

  private async runPending(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.pending.length > 0 && this.up) {
        const task = this.pending[0];
        try {
          await task();
          this.pending.shift();
        } catch (err) {
          if (!this.up) break; // Redis went away again: the next reconnection resumes here
          this.pending.shift();
          this.logger.error(`A clean-up after the Redis outage failed: ${String(err)}`);
        }
      }
    } finally {
      this.running = false;
    }
  }

  private changed(): void {
    const up = this.commands.status === 'ready' && this.subscriber.status === 'ready';
    if (up === this.up) return;
    this.up = up;
    if (up) {
      this.logger.log('Redis is reachable');
      if (this.wasUp) for (const listener of this.reconnectedListeners) listener();
      this.wasUp = true;
      void this.runPending();
    }
    else this.logger.error('Redis is unreachable: readiness is down and cluster-wide operations fail until it returns');
  }
}

/** What a client is told when an operation needs Redis and Redis cannot be reached. */
export function clusterUnavailable(): ProtocolException {
  return new ProtocolException(ErrorCode.InternalError, 'The service is briefly unavailable (its shared store cannot be reached); nothing was done, try again shortly');
}

/** Runs a Redis operation, turning a connection failure into `clusterUnavailable()`. */
export async function orUnavailable<T>(operation: Promise<T>): Promise<T> {
  try {
    return await operation;
  } catch (err) {
    if (err instanceof ProtocolException) throw err;
    throw clusterUnavailable();
  }
}
