import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../common/clock';
import { every, Stop } from '../common/periodic';
import { ErrorCode } from '../common/error-code';
import { escapeHtml } from '../common/html-escape';
import { ProtocolException } from '../common/protocol.exception';
import { codePointLength, findDangerousUnicode } from '../common/unicode';
import { RUSTY_SOCKS_OPTIONS } from '../config/config.constants';
import { ResolvedOptions } from '../config/rusty-socks-options.interface';
import { MAX_CHARACTER_RUN, MAX_REPEATS, REMEMBERED_CONTENTS, REPEAT_WINDOW_MS } from './protection.constants';

interface RecentContent {
  content: string;
  /** When each of the recent sends happened (at most MAX_REPEATS + 1 kept). */
  at: number[];
}

/**
 * The `INVALID_MESSAGE` rules for chat content (PROTOCOL.md §6): not empty, not too long, no
 * dangerous Unicode, no runs of one character, no blocked words, and not the same content more than
 * three times in 30 seconds from one user. Returns the content escaped for relaying.
 */
@Injectable()
export class ContentPolicyService implements OnModuleDestroy {
  private readonly blocked: RegExp | null;
  private readonly run = new RegExp(`(.)\\1{${MAX_CHARACTER_RUN - 1},}`, 'su');
  /** Recent contents per user; bounded per user and swept of users quiet for a whole window. */
  private readonly recent = new Map<string, RecentContent[]>();
  private readonly stopSweeping: Stop;
  private readonly logger = new Logger(ContentPolicyService.name);

  constructor(
    @Inject(RUSTY_SOCKS_OPTIONS) private readonly options: ResolvedOptions,
    private readonly clock: Clock,
  ) {
    const words = options.blockedWords.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    this.blocked = words.length ? new RegExp(`(?<![\\p{L}\\p{N}_])(?:${words.join('|')})(?![\\p{L}\\p{N}_])`, 'iu') : null;
    this.stopSweeping = every(REPEAT_WINDOW_MS, () => this.sweep(), (err) => this.logger.error(`Sweeping repeat counters failed: ${String(err)}`));
  }

  onModuleDestroy(): void {
    this.stopSweeping();
  }

  /** Checks content from a user; throws `INVALID_MESSAGE` or returns the HTML-escaped content. */
  check(userId: string, content: string): string {
    const problem = this.problemWith(content);
    if (problem) throw new ProtocolException(ErrorCode.InvalidMessage, problem);
    this.noteRepeat(userId, content);
    return escapeHtml(content);
  }

  private problemWith(content: string): string | null {
    if (content.trim().length === 0) return 'Message content is empty';
    const length = codePointLength(content);
    if (length > this.options.maxContentLength) return `Message is ${length} characters long; the limit is ${this.options.maxContentLength}`;
    const unicode = findDangerousUnicode(content);
    if (unicode) return `Message ${unicode}`;
    if (this.run.test(content)) return `Message repeats one character ${MAX_CHARACTER_RUN} or more times in a row`;
    if (this.blocked?.test(content)) return 'Message contains a blocked word';
    return null;
  }

  private noteRepeat(userId: string, content: string): void {
    const now = this.clock.now();
    let entries = this.recent.get(userId);
    if (!entries) this.recent.set(userId, (entries = []));
    let entry = entries.find((e) => e.content === content);
    if (entry) {
      entry.at = entry.at.filter((t) => now - t < REPEAT_WINDOW_MS);
      if (entry.at.length >= MAX_REPEATS) {
        throw new ProtocolException(ErrorCode.InvalidMessage, `The same message was sent ${MAX_REPEATS} times in the last ${REPEAT_WINDOW_MS / 1000} seconds`);
      }
    } else {
      entry = { content, at: [] };
      entries.push(entry);
      if (entries.length > REMEMBERED_CONTENTS) entries.shift();
    }
    entry.at.push(now);
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [userId, entries] of this.recent) {
      if (entries.every((e) => now - e.at[e.at.length - 1] >= REPEAT_WINDOW_MS)) this.recent.delete(userId);
    }
  }
}
