/** How the client spaces its reconnect attempts. */
export interface BackoffOptions {
  /** Delay before the first attempt. @default 500 */
  initialDelayMs: number;
  /** No delay grows past this. @default 30000 */
  maxDelayMs: number;
  /** Growth per attempt. @default 2 */
  factor: number;
  /**
   * Share of the delay that is random (0..1): the delay is drawn from `[base·(1−jitter), base]`, so a
   * server restart is not met by every client at the same instant. @default 0.5
   */
  jitter: number;
}

/** The defaults of `BackoffOptions`. */
export const DEFAULT_BACKOFF: BackoffOptions = Object.freeze({ initialDelayMs: 500, maxDelayMs: 30_000, factor: 2, jitter: 0.5 });

/**
 * The delay before reconnect attempt `attempt` (1 for the first): exponential from `initialDelayMs`,
 * capped at `maxDelayMs`, minus a random share of at most `jitter`. `random` returns [0, 1).
 */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const { initialDelayMs, maxDelayMs, factor } = options;
  const jitter = Math.min(1, Math.max(0, options.jitter));
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  // Computed in a way that cannot overflow to Infinity·0 = NaN on a long outage.
  const base = Math.min(maxDelayMs, initialDelayMs * Math.pow(Math.max(1, factor), Math.min(exponent, 1024)));
  const delay = base * (1 - jitter * random());
  return Math.max(0, Math.round(Math.min(delay, maxDelayMs)));
}
