import { LatencyHistogram } from '../common/latency-histogram';

/**
 * Injection token of the message bus's numbers (the Redis cluster work provides it; absent on one
 * node). `/metrics` exposes its histogram as `rusty_socks_bus_latency_seconds`, empty when absent.
 */
export const BUS_METRICS = 'RUSTY_SOCKS:BUS_METRICS';

/** What the message bus measures, read at scrape time. */
export interface BusMetrics {
  /**
   * Seconds from a message's publish on one instance to its arrival from the bus on this one
   * (`observe` once per message received from the bus, not per recipient).
   */
  readonly busLatency: LatencyHistogram;
}
