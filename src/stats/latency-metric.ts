import type { Metric, Registry } from 'prom-client';
import { LATENCY_BUCKETS, LatencyHistogram } from '../common/latency-histogram';

interface Sample {
  metricName: string;
  labels: Record<string, string | number>;
  value: number;
}

/**
 * Registers a Prometheus histogram whose buckets are read, at scrape time, from a `LatencyHistogram`
 * kept on the message path (prom-client's own `Histogram` can only be fed one `observe` at a time).
 * `read` returning undefined exposes an empty one with the usual buckets, so queries and dashboards work either way.
 */
export function registerLatencyHistogram(registry: Registry, name: string, help: string, read: () => LatencyHistogram | undefined): void {
  const metric = {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    get: async () => ({ name, help, type: 'histogram', aggregator: 'sum', values: samples(name, read()) }),
    reset: () => undefined,
  };
  registry.registerMetric(metric as unknown as Metric);
}

function samples(name: string, histogram: LatencyHistogram | undefined): Sample[] {
  const bucket = `${name}_bucket`;
  const out: Sample[] = [];
  let cumulative = 0;
  const bounds = histogram?.bounds ?? LATENCY_BUCKETS;
  for (let i = 0; i < bounds.length; i++) {
    cumulative += histogram?.counts[i] ?? 0;
    out.push({ metricName: bucket, labels: { le: bounds[i] }, value: cumulative });
  }
  const count = histogram?.count ?? 0;
  out.push({ metricName: bucket, labels: { le: '+Inf' }, value: count });
  out.push({ metricName: `${name}_sum`, labels: {}, value: histogram?.sum ?? 0 });
  out.push({ metricName: `${name}_count`, labels: {}, value: count });
  return out;
}
