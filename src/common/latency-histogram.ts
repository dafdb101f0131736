/** Upper bounds, in seconds, of the latency buckets: from 100 µs (one fan-out on one node) to 2.5 s (something is wrong). */
export const LATENCY_BUCKETS: readonly number[] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * A cumulative-on-read latency histogram kept as plain numbers, for code on the message path:
 * `observe` is a short scan and two additions, with nothing allocated, and `/metrics` turns the
 * counts into a Prometheus histogram at scrape time. One instance per place that measures.
 */
export class LatencyHistogram {
  /** Observations per bucket (not cumulative); the last slot holds those above every bound. */
  readonly counts: number[];
  /** Sum of every observation, in seconds. */
  sum = 0;
  /** Number of observations. */
  count = 0;

  constructor(readonly bounds: readonly number[] = LATENCY_BUCKETS) {
    this.counts = new Array<number>(bounds.length + 1).fill(0);
  }

  /** Records one latency, in seconds. */
  observe(seconds: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && seconds > bounds[i]) i++;
    this.counts[i]++;
    this.sum += seconds;
    this.count++;
  }

  /** Records one latency given as a `performance.now()` start, in milliseconds. */
  observeSince(startMs: number): void {
    this.observe((performance.now() - startMs) / 1000);
  }
}
