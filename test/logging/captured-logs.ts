import type { DestinationStream } from 'pino';
import { pollUntil } from '../support';

/** One log record as pino wrote it. */
export type LogLine = Record<string, any> & { level: string; time: string };

/**
 * A pino destination that keeps every line in memory: `raw` as written (to search for text that must
 * never be logged), `lines` parsed.
 */
export class CapturedLogs implements DestinationStream {
  readonly raw: string[] = [];
  readonly lines: LogLine[] = [];

  write(chunk: string): void {
    for (const text of chunk.split('\n')) {
      if (text.length === 0) continue;
      this.raw.push(text);
      this.lines.push(JSON.parse(text) as LogLine);
    }
  }

  /** The lines of one event (`event` field), in order. */
  events(name: string): LogLine[] {
    return this.lines.filter((l) => l.event === name);
  }

  /** Waits for a line that `accept` holds for (lines are written synchronously, but after the socket event a test sees). */
  waitFor(accept: (line: LogLine) => boolean, what: string): Promise<LogLine> {
    return pollUntil(async () => this.lines.find(accept), (l) => l !== undefined, what) as Promise<LogLine>;
  }

  /** Lines whose text contains `text` anywhere. */
  containing(text: string): string[] {
    return this.raw.filter((l) => l.includes(text));
  }
}
