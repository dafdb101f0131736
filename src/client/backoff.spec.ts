import { backoffDelay, DEFAULT_BACKOFF } from './backoff';

describe('backoffDelay', () => {
  const noJitter = { ...DEFAULT_BACKOFF, jitter: 0 };

  it('doubles from 500 ms by default and stops growing at 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n, noJitter))).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it('stays finite and capped after a very long outage', () => {
    expect(backoffDelay(10_000, noJitter)).toBe(30_000);
    expect(backoffDelay(10_000)).toBeLessThanOrEqual(30_000);
  });

  it('takes a random share of at most `jitter` off the delay, so clients do not all return at once', () => {
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0)).toBe(2000);
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0.5)).toBe(1500);
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0.999999)).toBe(1000);
    const draws = Array.from({ length: 200 }, () => backoffDelay(3));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...draws)).toBeLessThanOrEqual(2000);
    expect(new Set(draws).size).toBeGreaterThan(1);
  });

  it('honours custom settings and clamps a jitter outside 0..1', () => {
    const options = { initialDelayMs: 10, maxDelayMs: 100, factor: 3, jitter: 5 };
    expect(backoffDelay(1, options, () => 0)).toBe(10);
    expect(backoffDelay(3, options, () => 0)).toBe(90);
    expect(backoffDelay(4, options, () => 0)).toBe(100);
    expect(backoffDelay(4, options, () => 0.5)).toBe(50);
  });
});
