import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, testEnv } from '../support';
import { scrape } from './prometheus-text';

const DASHBOARD = join(__dirname, '..', '..', 'deploy', 'grafana', 'rusty-socks-dashboard.json');

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  targets?: { refId: string; expr: string; datasource?: { uid: string } }[];
}

/** The series an operator alerts on (the operations issue): each must have a panel. */
const REQUIRED = [
  'rusty_socks_connections',
  'rusty_socks_connections_opened_total',
  'rusty_socks_connections_rejected_total',
  'rusty_socks_messages_received_total',
  'rusty_socks_messages_delivered_total',
  'rusty_socks_messages_dropped_total',
  'rusty_socks_delivery_latency_seconds_bucket',
  'rusty_socks_rate_limited_total',
  'rusty_socks_worker_pool_queued',
  'rusty_socks_worker_pool_busy',
  'rusty_socks_worker_pool_rejected_total',
  'rusty_socks_bus_latency_seconds_bucket',
  'rusty_socks_process_nodejs_eventloop_lag_p99_seconds',
];

/**
 * The Grafana dashboard in deploy/ cannot drift from `/metrics`: every metric its PromQL names is one
 * the server really exposes (checked against a scrape of a real server), and every operator series
 * has a panel.
 */
describe('deploy/grafana/rusty-socks-dashboard.json', () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
    uid: string;
    title: string;
    schemaVersion: number;
    panels: Panel[];
    templating: { list: { name: string; type: string; query: unknown; definition?: string }[] };
  };
  const queries = dashboard.panels.filter((p) => p.type !== 'row').flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p, ...t })));
  let exposed: Set<string>;

  beforeAll(async () => {
    const server = await startServer(testEnv());
    try {
      exposed = new Set((await scrape(server.httpUrl)).samples.map((s) => s.name));
    } finally {
      await server.close();
    }
  });

  it('is a dashboard Grafana can import: a uid, unique panel ids, a Prometheus datasource variable every query uses', () => {
    expect(dashboard).toMatchObject({ uid: 'rusty-socks', title: 'Rusty Socks', schemaVersion: expect.any(Number) });
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(dashboard.templating.list).toContainEqual(expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }));
    expect(queries.length).toBeGreaterThan(10);
    for (const q of queries) {
      expect({ panel: q.panel.title, uid: q.panel.datasource?.uid, target: q.datasource?.uid }).toEqual({ panel: q.panel.title, uid: '${datasource}', target: '${datasource}' });
    }
  });

  it('names in its PromQL only metrics that /metrics exposes', () => {
    const variables = dashboard.templating.list.filter((v) => v.type === 'query').map((v) => ({ title: `$${v.name}`, expr: v.definition ?? '' }));
    const named = [...queries.map((q) => ({ title: q.panel.title, expr: q.expr })), ...variables].map(({ title, expr }) => ({ panel: title, metrics: expr.match(/\brusty_socks_[a-zA-Z0-9_]+/g) ?? [] }));
    // Every query reads at least one of our metrics, so no query escapes the check below.
    for (const { panel, metrics } of named) expect({ panel, some: metrics.length > 0 }).toEqual({ panel, some: true });
    const missing = named.flatMap(({ panel, metrics }) => metrics.filter((m) => !exposed.has(m)).map((m) => `${panel}: ${m}`));
    expect(missing).toEqual([]);
  });

  it('has a panel for every series an operator alerts on', () => {
    const used = new Set(queries.flatMap((q) => q.expr.match(/\brusty_socks_[a-zA-Z0-9_]+/g) ?? []));
    expect(REQUIRED.filter((m) => !used.has(m))).toEqual([]);
  });
});
