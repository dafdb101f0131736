import { Inject, Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { RUSTY_SOCKS_OPTIONS } from '../config/config.constants';
import { ResolvedOptions } from '../config/rusty-socks-options.interface';
import { ConnectionRegistry } from '../connections/connection-registry.service';
import { ReadinessService } from '../health/readiness.service';
import { WorkerPoolService } from '../worker-pool/worker-pool.service';
import { clientIp, normalizeIp } from './client-ip';

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
 * is a plain HTTP response: it never becomes a WebSocket and costs the server a few comparisons.
 */
@Injectable()
export class ConnectionAdmissionService {
  private readonly trustedProxies: ReadonlySet<string>;
  private readonly allowedOrigins: ReadonlySet<string>;

  constructor(
    @Inject(RUSTY_SOCKS_OPTIONS) private readonly options: ResolvedOptions,
    private readonly registry: ConnectionRegistry,
    private readonly pool: WorkerPoolService,
    private readonly readiness: ReadinessService,
  ) {
    this.trustedProxies = new Set(options.trustedProxies.map(normalizeIp));
    this.allowedOrigins = new Set(options.allowedOrigins);
  }

  /** Null to admit, or the refusal to answer with. */
  check(req: IncomingMessage): Refusal | null {
    if (!this.readiness.ready) return this.refuse(503, 'Server is shutting down; connect to another instance', { 'Retry-After': RETRY_AFTER_SECONDS });
    if (!this.originAllowed(req)) return this.refuse(403, 'Origin not allowed');
    if (this.registry.connectionsFrom(this.clientIp(req)) >= this.options.maxConnectionsPerIp) {
      return this.refuse(429, 'Too many connections from your address', { 'Retry-After': RETRY_AFTER_SECONDS });
    }
    if (this.registry.size >= this.options.maxConnections) {
      return this.refuse(503, 'Server is at its connection limit; retry later', { 'Retry-After': RETRY_AFTER_SECONDS });
    }
    // The original server queued connection work on its pool and refused it when the queue was
    // full; a full pool still means the server is overloaded, so new clients are turned away.
    if (this.pool.saturated) return this.refuse(503, 'Server is busy; retry later', { 'Retry-After': RETRY_AFTER_SECONDS });
    return null;
  }

  /** The client's address, believing `X-Forwarded-For` only from trusted proxies. */
  clientIp(req: IncomingMessage): string {
    return clientIp(req, this.trustedProxies);
  }

  /**
   * Native clients send no Origin and are not refused for it. Browsers are held to the list; with
   * no list, development allows every origin and production only pages served from this host.
   */
  private originAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    if (this.allowedOrigins.size > 0) return this.allowedOrigins.has(origin);
    if (!this.options.production) return true;
    try {
      return new URL(origin).host === req.headers.host;
    } catch {
      return false;
    }
  }

  private refuse(status: number, error: string, headers?: Record<string, string>): Refusal {
    this.registry.counters.rejected++;
    return { status, error, headers };
  }
}
