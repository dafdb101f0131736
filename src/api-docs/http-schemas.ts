/**
 * Response schemas of the HTTP routes, for the `@ApiOkResponse` decorators of their controllers. The
 * `/stats` schema is written against `StatsSnapshot` through `FieldsOf`, so a field added there and not
 * here does not compile; the e2e spec validates real answers against all of them.
 */
import type { SchemaObject } from '@nestjs/swagger';
import type { ModerationCounters } from '../moderation/moderation-audit.service';
import type { StatsSnapshot } from '../stats/stats.service';
import type { WorkerPoolStats } from '../worker-pool/worker-pool.service';
import { FieldsOf, JsonSchema, NON_NEGATIVE_INTEGER, objectSchema } from './json-schema';

const COUNT = NON_NEGATIVE_INTEGER;

function counters<T>(fields: FieldsOf<T>, description: string): JsonSchema {
  return objectSchema<T>(fields, description);
}

const STATS: JsonSchema = objectSchema<StatsSnapshot>({
  active_tasks: { ...COUNT, description: 'Tasks running on the worker pool (from the original server)' },
  worker_threads: { ...COUNT, description: "The pool's thread count (from the original server)" },
  worker_pool: counters<WorkerPoolStats>({ size: COUNT, busy: COUNT, queued: COUNT, max_queued: COUNT, completed: COUNT, rejected: COUNT }, 'The worker pool'),
  connections: counters<StatsSnapshot['connections']>({ current: COUNT, total: COUNT, rejected: COUNT }, 'WebSocket connections: open now, accepted since start, refused since start'),
  rooms: { ...COUNT, description: 'Rooms that exist' },
  messages: counters<StatsSnapshot['messages']>({ received: COUNT, delivered: COUNT, dropped: COUNT }, 'Frames received, and deliveries made or dropped, since start'),
  moderation: counters<ModerationCounters>(
    { kicks: COUNT, bans: COUNT, unbans: COUNT, mutes: COUNT, unmutes: COUNT, role_changes: COUNT, deleted_messages: COUNT },
    'Moderation actions that took effect since start',
  ),
  uptime_seconds: COUNT,
});

/** `GET /stats`. */
export const STATS_SCHEMA = STATS as SchemaObject;

const INDICATOR = { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['up', 'down'] } }, additionalProperties: true };
const INDICATORS = { type: 'object', additionalProperties: INDICATOR };

/** A terminus health check answer; `example` is what this server's check says. */
function healthCheck(status: string[], example: Record<string, unknown>): SchemaObject {
  return {
    type: 'object',
    required: ['status', 'details'],
    properties: { status: { type: 'string', enum: status }, info: INDICATORS, error: INDICATORS, details: INDICATORS },
    example,
  } as SchemaObject;
}

/** `GET /health/live` (200). */
export const LIVE_SCHEMA = healthCheck(['ok'], { status: 'ok', info: { process: { status: 'up' } }, error: {}, details: { process: { status: 'up' } } });
/** `GET /health/ready` (200). */
export const READY_SCHEMA = healthCheck(['ok'], { status: 'ok', info: { server: { status: 'up' } }, error: {}, details: { server: { status: 'up' } } });
/** `GET /health/ready` while not ready (503). */
export const NOT_READY_SCHEMA = healthCheck(['error', 'shutting_down'], {
  status: 'error',
  info: {},
  error: { server: { status: 'down', reason: 'draining' } },
  details: { server: { status: 'down', reason: 'draining' } },
});
