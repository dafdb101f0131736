/**
 * Waiting with a deadline instead of sleeping: the server's numbers change a moment after the
 * socket event that causes them, and an absence can only be proved over a bounded window.
 */
import { TestClient } from './client';

/** Rejects when `promise` has not settled within `ms`. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Proves an absence over a bounded window: resolves with 'open' when the client is still open after
 * `ms`, or with its close event if it closed first.
 */
export async function stillOpenAfter(client: TestClient, ms: number): Promise<'open' | { code: number; reason: string }> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<'open'>((resolve) => (timer = setTimeout(() => resolve('open'), Math.max(0, ms))));
  return Promise.race([client.closed, elapsed]).finally(() => clearTimeout(timer));
}

/**
 * Calls `read` until `accept` holds for its result, and resolves with that result; rejects with the
 * last value seen when the deadline passes. Between attempts it yields briefly so the server runs.
 */
export async function pollUntil<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      if (accept(last)) return last;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const seen = lastError !== undefined && last === undefined ? `error ${String(lastError)}` : JSON.stringify(last);
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

/** The body of `GET /stats` (PROTOCOL.md §7). */
export interface Stats {
  active_tasks: number;
  worker_threads: number;
  worker_pool: { size: number; busy: number; queued: number; max_queued: number; completed: number; rejected: number };
  connections: { current: number; total: number; rejected: number };
  rooms: number;
  messages: { received: number; delivered: number; dropped: number };
  moderation: { kicks: number; bans: number; unbans: number; mutes: number; unmutes: number; role_changes: number; deleted_messages: number };
  uptime_seconds: number;
}

/** `GET /stats`, checked to be a 200 JSON answer. */
export async function getStats(httpUrl: string): Promise<Stats> {
  const res = await fetch(`${httpUrl}/stats`);
  if (res.status !== 200) throw new Error(`GET /stats answered ${res.status}`);
  return (await res.json()) as Stats;
}

/** Polls `/stats` until `accept` holds. */
export function statsUntil(httpUrl: string, accept: (s: Stats) => boolean, what: string, timeoutMs = 5000): Promise<Stats> {
  return pollUntil(() => getStats(httpUrl), accept, what, timeoutMs);
}

/** Polls `/stats` until the server counts no open connection (for an `afterEach` after `clients.closeAll()`). */
export function noConnectionsLeft(httpUrl: string): Promise<Stats> {
  return statsUntil(httpUrl, (s) => s.connections.current === 0, 'every connection of the test to be gone');
}
