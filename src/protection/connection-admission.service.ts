import { Inject, Injectable } from '@nestjs/common';
import { RUSTY_SOCKS_OPTIONS } from '../config/config.constants';
import { ResolvedOptions } from '../config/rusty-socks-options.interface';
import { ConnectionRegistry } from '../connections/connection-registry.service';
import { WorkerPoolService } from '../worker-pool/worker-pool.service';

/** An HTTP answer that refuses an upgrade before it becomes a WebSocket. */
export interface Refusal {
  status: number;
  error: string;
  headers?: Record<string, string>;
}

/** Seconds a refused client is told to wait before retrying. */
const RETRY_AFTER_SECONDS = '1';

/**
 * Decides, before the upgrade, whether a new connection may be opened (PROTOCOL.md §2.1). A refusal
 * is a plain HTTP response: it never becomes a WebSocket and costs the server almost nothing.
 */
@Injectable()
export class ConnectionAdmissionService {
  constructor(
    @Inject(RUSTY_SOCKS_OPTIONS) private readonly options: ResolvedOptions,
    private readonly registry: ConnectionRegistry,
    private readonly pool: WorkerPoolService,
  ) {}

  /** Null to admit, or the refusal to answer with. */
  check(): Refusal | null {
    if (this.registry.size >= this.options.maxConnections) {
      return this.refuse(503, 'Server is at its connection limit; retry later', { 'Retry-After': RETRY_AFTER_SECONDS });
    }
    // The original server queued connection work on its pool and refused it when the queue was
    // full; a full pool still means the server is overloaded, so new clients are turned away.
    if (this.pool.saturated) {
      return this.refuse(503, 'Server is busy; retry later', { 'Retry-After': RETRY_AFTER_SECONDS });
    }
    return null;
  }

  private refuse(status: number, error: string, headers?: Record<string, string>): Refusal {
    this.registry.counters.rejected++;
    return { status, error, headers };
  }
}
