import { Inject, Injectable, Optional } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { ConnectionRegistry, RefusalReason } from '../connections/connection-registry.service';
import { OUTBOUND_SENDER } from '../connections/connections.constants';
import { OutboundSender } from '../connections/outbound-sender';
import { WsTransportService } from '../gateway/ws-transport.service';
import { MODERATION_COUNTER_OF, ModerationAction } from '../moderation/moderation-audit.service';
import { RateLimitBudget, RateLimitCounters } from '../protection/rate-limit.counters';
import { registerLatencyHistogram } from './latency-metric';
import { BUS_METRICS, BusMetrics } from './stats.constants';
import { StatsService, StatsSnapshot } from './stats.service';

type Read = (s: StatsSnapshot) => number;

/**
 * Prometheus exposition of the server's numbers, read at scrape time from the counters kept where
 * things happen, so the message path pays a few integer increments for metrics and nothing more.
 * Uses its own registry, so a host app's default registry is left alone. Labelled series list every
 * label value from the start (0 until it happens), so `rate()` and alerts work before the first event.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private latest?: StatsSnapshot;

  constructor(
    private readonly stats: StatsService,
    private readonly connections: ConnectionRegistry,
    @Inject(OUTBOUND_SENDER) private readonly sender: OutboundSender,
    private readonly transport: WsTransportService,
    private readonly rateLimits: RateLimitCounters,
    @Optional() @Inject(BUS_METRICS) private readonly bus?: BusMetrics,
  ) {
    // Includes the event-loop lag (`…_nodejs_eventloop_lag_seconds` and its p50/p90/p99 from monitorEventLoopDelay).
    collectDefaultMetrics({ register: this.registry, prefix: 'rusty_socks_process_' });
    this.gauge('rusty_socks_connections', 'Open WebSocket connections', (s) => s.connections.current);
    this.counter('rusty_socks_connections_opened_total', 'Connections accepted', (s) => s.connections.total);
    this.labelled('rusty_socks_connections_rejected_total', 'Connections refused, by reason: at admission (draining, not_ready, origin, per_ip, max_conn, pool) or after the upgrade (auth_failed, per_user)', 'reason', () =>
      Object.entries(this.connections.counters.refused) as [RefusalReason, number][],
    );
    this.labelled('rusty_socks_messages_received_total', 'Frames received from clients and handled, by type (`invalid`: not decodable; `unknown`: no handler for the type)', 'type', () => this.transport.receivedByType());
    this.counter('rusty_socks_messages_delivered_total', 'Frames written to clients', (s) => s.messages.delivered);
    this.labelled('rusty_socks_messages_dropped_total', 'Frames that could not be written, by reason (`slow_consumer`: the client fell too far behind and was evicted with 4409; `closed`: its socket was closing)', 'reason', () => {
      const { dropped, droppedTooSlow } = this.sender.counters;
      return [
        ['slow_consumer', droppedTooSlow],
        ['closed', dropped - droppedTooSlow],
      ];
    });
    registerLatencyHistogram(
      this.registry,
      'rusty_socks_delivery_latency_seconds',
      'Room messages: from the start of the publish to the frame handed to the last local recipient socket (once per message, not per recipient)',
      () => this.sender.counters.deliveryLatency,
    );
    this.labelled('rusty_socks_rate_limited_total', 'Requests refused by the rate limits, by budget (the @RateLimit kinds and the global ceiling)', 'kind', () =>
      Object.entries(this.rateLimits.refused) as [RateLimitBudget, number][],
    );
    registerLatencyHistogram(
      this.registry,
      'rusty_socks_bus_latency_seconds',
      'Clustered: from a message published on one instance to its arrival from the Redis bus on this one (empty on a single node)',
      () => this.bus?.busLatency,
    );
    this.gauge('rusty_socks_rooms', 'Rooms that exist', (s) => s.rooms);
    this.gauge('rusty_socks_worker_pool_size', 'Worker threads', (s) => s.worker_pool.size);
    this.gauge('rusty_socks_worker_pool_busy', 'Worker threads running a task', (s) => s.worker_pool.busy);
    this.gauge('rusty_socks_worker_pool_queued', 'Tasks waiting for a worker', (s) => s.worker_pool.queued);
    this.gauge('rusty_socks_worker_pool_queue_limit', 'Tasks allowed to wait', (s) => s.worker_pool.max_queued);
    this.counter('rusty_socks_worker_pool_completed_total', 'Tasks finished', (s) => s.worker_pool.completed);
    this.counter('rusty_socks_worker_pool_rejected_total', 'Tasks refused because the queue was full', (s) => s.worker_pool.rejected);
    this.moderationCounter();
  }

  async render(): Promise<string> {
    // Every metric from the stats snapshot reads the same one, taken once per scrape.
    this.latest = await this.stats.snapshot();
    return this.registry.metrics();
  }

  private gauge(name: string, help: string, read: Read): void {
    const self = this;
    new Gauge({ name, help, registers: [this.registry], collect() { this.set(read(self.latest!)); } });
  }

  private counter(name: string, help: string, read: Read): void {
    const self = this;
    new Counter({ name, help, registers: [this.registry], collect() { this.reset(); this.inc(read(self.latest!)); } });
  }

  /** A counter with one label, every value of which `read` lists at each scrape. */
  private labelled(name: string, help: string, label: string, read: () => Iterable<[string, number]>): void {
    new Counter({
      name,
      help,
      labelNames: [label],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [value, n] of read()) this.inc({ [label]: value }, n);
      },
    });
  }

  /** One series per action, every action present (0 until it happens) so rates work from the start. */
  private moderationCounter(): void {
    const self = this;
    const actions = Object.entries(MODERATION_COUNTER_OF) as [ModerationAction, keyof StatsSnapshot['moderation']][];
    new Counter({
      name: 'rusty_socks_moderation_actions_total',
      help: 'Moderation actions that took effect, by action',
      labelNames: ['action'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [action, key] of actions) this.inc({ action }, self.latest!.moderation[key]);
      },
    });
  }
}
