import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { Clock } from '../common/clock';
import { every, Stop } from '../common/periodic';

/** A throttler record, plus the wait in milliseconds (the throttler's own fields are in seconds). */
export interface WindowRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
  retryAfterMs: number;
}

interface Window {
  hits: number;
  endsAt: number;
}

/** How often windows that have ended are dropped, so idle keys do not accumulate. */
const SWEEP_MS = 60_000;

/**
 * Throttler storage with one counter per key and fixed windows: O(1) per hit, where the default
 * in-memory storage keeps and rescans every hit's timestamp. Time comes from the injected `Clock`,
 * so tests move it instead of waiting a minute for a window to end.
 */
@Injectable()
export class FixedWindowStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly windows = new Map<string, Window>();
  private readonly stopSweeping: Stop;
  private readonly logger = new Logger(FixedWindowStorage.name);

  constructor(private readonly clock: Clock) {
    this.stopSweeping = every(SWEEP_MS, () => this.sweep(), (err) => this.logger.error(`Sweeping rate-limit windows failed: ${String(err)}`));
  }

  onModuleDestroy(): void {
    this.stopSweeping();
  }

  /** Counts a hit; a key is blocked once it passes `limit` and until its window ends. */
  hit(key: string, ttlMs: number, limit: number): WindowRecord {
    const now = this.clock.now();
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      window = { hits: 0, endsAt: now + ttlMs };
      this.windows.set(key, window);
    }
    window.hits++;
    return windowRecord(window.hits, window.endsAt - now, limit);
  }

  /** The `ThrottlerStorage` contract; the block lasts until the window ends. */
  async increment(key: string, ttl: number, limit: number): Promise<WindowRecord> {
    return this.hit(key, ttl, limit);
  }

  /** Keys currently tracked (for tests and metrics). */
  get size(): number {
    return this.windows.size;
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
  }
}

/** The record of a window with `totalHits` hits that ends in `retryAfterMs`: blocked past `limit` until it ends. */
export function windowRecord(totalHits: number, retryAfterMs: number, limit: number): WindowRecord {
  const isBlocked = totalHits > limit;
  const seconds = Math.ceil(retryAfterMs / 1000);
  return { totalHits, timeToExpire: seconds, isBlocked, timeToBlockExpire: isBlocked ? seconds : 0, retryAfterMs };
}
