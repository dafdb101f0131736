import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { MODERATION_COUNTER_OF, ModerationAction } from '../moderation/moderation-audit.service';
import { StatsService, StatsSnapshot } from './stats.service';

type Read = (s: StatsSnapshot) => number;

/**
 * Prometheus exposition of the stats snapshot, read at scrape time so the message path pays nothing
 * for metrics. Uses its own registry, so a host app's default registry is left alone.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private latest?: StatsSnapshot;

  constructor(private readonly stats: StatsService) {
    collectDefaultMetrics({ register: this.registry, prefix: 'rusty_socks_process_' });
    this.gauge('rusty_socks_connections', 'Open WebSocket connections', (s) => s.connections.current);
    this.counter('rusty_socks_connections_opened_total', 'Connections accepted', (s) => s.connections.total);
    this.counter('rusty_socks_connections_rejected_total', 'Connections refused (admission, authentication, per-user limit)', (s) => s.connections.rejected);
    this.counter('rusty_socks_messages_received_total', 'Frames received from clients', (s) => s.messages.received);
    this.counter('rusty_socks_messages_delivered_total', 'Frames written to clients', (s) => s.messages.delivered);
    this.counter('rusty_socks_messages_dropped_total', 'Frames that could not be written', (s) => s.messages.dropped);
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
    // Every metric reads the same snapshot, taken once per scrape.
    this.latest = await this.stats.snapshot();
    return this.registry.metrics();
  }

  private gauge(name: string, help: string, read: Read): void {
    const self = this;
    new Gauge({ name, help, registers: [this.registry], collect() { this.set(read(self.latest!)); } });
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

  private counter(name: string, help: string, read: Read): void {
    const self = this;
    new Counter({ name, help, registers: [this.registry], collect() { this.reset(); this.inc(read(self.latest!)); } });
  }
}
