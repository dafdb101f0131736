import { Inject, Injectable, Logger } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { Clock } from '../common/clock';
import { RUSTY_SOCKS_OPTIONS } from '../config/config.constants';
import { ResolvedOptions } from '../config/rusty-socks-options.interface';
import { ConnectionRegistry, RefusalReason } from '../connections/connection-registry.service';
import { ReadinessService } from '../health/readiness.service';
import { LogSampler } from '../logging/log-sampler';
import { WorkerPoolService } from '../worker-pool/worker-pool.service';
import { clientIp, normalizeIp } from './client-ip';

/** An HTTP answer that refuses an upgrade before it becomes a WebSocket. */
export interface Refusal {
  status: number;
  error: string;
  headers?: Record<string, string>;
  /** Which check refused (the label counted in `/metrics` and logged). */
  reason: RefusalReason;
}

/** Seconds a refused client is told to wait before retrying. */
const RETRY_AFTER_SECONDS = '1';
/** Refusals log one warning per client IP per window; the rest go to `debug`, so a flood cannot flood the logs. */
const REFUSAL_LOG_WINDOW_MS = 60_000;

/**
 * Decides, before the upgrade, whether a new connection may be opened (PROTOCOL.md §2.1). A refusal
 * is a plain HTTP response: it never becomes a WebSocket and costs the server a few comparisons.
 */
@Injectable()
export class ConnectionAdmissionService {
  private readonly trustedProxies: ReadonlySet<string>;
  private readonly allowedOrigins: ReadonlySet<string>;
  private readonly logger = new Logger(ConnectionAdmissionService.name);
  private readonly refusalLogs: LogSampler;

  constructor(
    @Inject(RUSTY_SOCKS_OPTIONS) private readonly options: ResolvedOptions,
    private readonly registry: ConnectionRegistry,
    private readonly pool: WorkerPoolService,
    private readonly readiness: ReadinessService,
    clock: Clock,
  ) {
    this.refusalLogs = new LogSampler(clock, REFUSAL_LOG_WINDOW_MS);
    this.trustedProxies = new Set(options.trustedProxies.map(normalizeIp));
    this.allowedOrigins = new Set(options.allowedOrigins);
  }

  /** Null to admit, or the refusal to answer with (and log). */
  check(req: IncomingMessage): Refusal | null {
    const refusal = this.decide(req);
    if (refusal) {
      const ip = this.clientIp(req);
      const line = { event: 'connection.refused', status: refusal.status, reason: refusal.reason, ip };
      if (this.refusalLogs.first(ip)) this.logger.warn(line);
      else this.logger.debug(line);
    }
    return refusal;
  }

  private decide(req: IncomingMessage): Refusal | null {
    if (!this.readiness.ready) {
      const draining = this.readiness.reasons().includes('draining');
      const message = draining ? 'Server is shutting down; connect to another instance' : 'Server is briefly unavailable (its shared store cannot be reached); try again shortly';
      return this.refuse(draining ? 'draining' : 'not_ready', 503, message, { 'Retry-After': RETRY_AFTER_SECONDS });
    }
    if (!this.originAllowed(req)) return this.refuse('origin', 403, 'Origin not allowed');
    if (this.registry.connectionsFrom(this.clientIp(req)) >= this.options.maxConnectionsPerIp) {
      return this.refuse('per_ip', 429, 'Too many connections from your address', { 'Retry-After': RETRY_AFTER_SECONDS });
    }
    if (this.registry.size >= this.options.maxConnections) {
      return this.refuse('max_conn', 503, 'Server is at its connection limit; retry later', { 'Retry-After': RETRY_AFTER_SECONDS });
    }
    // The original server queued connection work on its pool and refused it when the queue was
    // full; a full pool still means the server is overloaded, so new clients are turned away.
    if (this.pool.saturated) return this.refuse('pool', 503, 'Server is busy; retry later', { 'Retry-After': RETRY_AFTER_SECONDS });
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

  private refuse(reason: RefusalReason, status: number, error: string, headers?: Record<string, string>): Refusal {
    this.registry.counters.refused[reason]++;
    return { status, error, headers, reason };
  }
}
