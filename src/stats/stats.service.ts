import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { ConnectionRegistry, RefusalReason } from '../connections/connection-registry.service';
import { OUTBOUND_SENDER } from '../connections/connections.constants';
import { OutboundSender } from '../connections/outbound-sender';
import { ModerationAuditService, ModerationCounters } from '../moderation/moderation-audit.service';
import { RoomsService } from '../rooms/rooms.service';
import { WorkerPoolService, WorkerPoolStats } from '../worker-pool/worker-pool.service';

/** The body of `GET /stats` (PROTOCOL.md §7). */
export interface StatsSnapshot {
  /** From the original server: tasks running on the worker pool. */
  active_tasks: number;
  /** From the original server: the pool's thread count. */
  worker_threads: number;
  worker_pool: WorkerPoolStats;
  connections: { current: number; total: number; rejected: number };
  rooms: number;
  messages: { received: number; delivered: number; dropped: number };
  /** Moderation actions that took effect since start, per action. */
  moderation: ModerationCounters;
  uptime_seconds: number;
}

/**
 * Reads the server's numbers where they are kept (registry, sender, rooms, pool, moderation audit) instead of
 * keeping copies: one snapshot for `/stats` and `/metrics`.
 */
@Injectable()
export class StatsService {
  private readonly startedAt: number;

  constructor(
    @Inject(OUTBOUND_SENDER) private readonly sender: OutboundSender,
    private readonly registry: ConnectionRegistry,
    private readonly rooms: RoomsService,
    private readonly pool: WorkerPoolService,
    private readonly clock: Clock,
    private readonly audit: ModerationAuditService,
  ) {
    this.startedAt = clock.now();
  }

  async snapshot(): Promise<StatsSnapshot> {
    const pool = this.pool.stats();
    const { total, refused, received } = this.registry.counters;
    let rejected = 0;
    for (const reason in refused) rejected += refused[reason as RefusalReason];
    const { delivered, dropped } = this.sender.counters;
    return {
      active_tasks: pool.busy,
      worker_threads: pool.size,
      worker_pool: pool,
      connections: { current: this.registry.size, total, rejected },
      rooms: await this.rooms.count(),
      messages: { received, delivered, dropped },
      moderation: { ...this.audit.counters },
      uptime_seconds: Math.floor((this.clock.now() - this.startedAt) / 1000),
    };
  }
}
