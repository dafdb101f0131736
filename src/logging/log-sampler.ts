import { Clock } from '../common/clock';

/** Keys remembered per window at most; past it every key counts as a repeat, so memory stays bounded. */
const MAX_KEYS = 10_000;

/**
 * Decides which occurrences of an event that a client can provoke at will (a refused upgrade, a bad
 * token) are worth a line at their own level: the first per key (e.g. per client IP) in each window.
 * The caller logs the others at `debug`, so an attack cannot flood the logs at the default level,
 * while `RUSTY_SOCKS_LOG_LEVEL=debug` still shows every one.
 */
export class LogSampler {
  private seen = new Set<string>();
  private windowEndsAt = 0;

  constructor(
    private readonly clock: Clock,
    private readonly windowMs: number,
  ) {}

  /** True for the first occurrence of `key` in the current window. */
  first(key: string): boolean {
    const now = this.clock.now();
    if (now >= this.windowEndsAt) {
      this.seen.clear();
      this.windowEndsAt = now + this.windowMs;
    }
    if (this.seen.has(key) || this.seen.size >= MAX_KEYS) return false;
    this.seen.add(key);
    return true;
  }
}
