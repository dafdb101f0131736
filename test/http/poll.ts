/**
 * Waiting helpers for the HTTP side: the server's numbers change a moment after the socket event
 * that causes them, so tests poll with a deadline instead of sleeping.
 */

/** The body of `GET /stats` (PROTOCOL.md §7). */
export interface Stats {
  active_tasks: number;
  worker_threads: number;
  worker_pool: { size: number; busy: number; queued: number; max_queued: number; completed: number; rejected: number };
  connections: { current: number; total: number; rejected: number };
  rooms: number;
  messages: { received: number; delivered: number; dropped: number };
  uptime_seconds: number;
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
