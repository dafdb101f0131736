import { backoffDelay, BackoffOptions, DEFAULT_BACKOFF } from './backoff';
import { CloseCode } from './protocol';
import { RustySocksError } from './rusty-socks-error';

// 4401/4403 need a new token: retrying with the same one would only be refused again.
const NO_RECONNECT = new Set<number>([CloseCode.AuthFailed, CloseCode.TokenExpired]);

/** What the reconnect loop needs from the client. */
export interface ReconnectHooks {
  /** An attempt is scheduled in `delayMs`. */
  reconnecting(attempt: number, delayMs: number): void;
  /** Opens a new connection. */
  reopen(): Promise<unknown>;
  /** Whether a socket exists (then its close, not the loop, decides about the next attempt). */
  hasSocket(): boolean;
}

/**
 * The reconnect loop: whether a close is followed by another attempt, and the backoff-spaced timer of
 * the attempts. Only a connection that was once welcomed reconnects, and never after `stop()`.
 */
export class Reconnector {
  private readonly backoff: BackoffOptions | false;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private everWelcomed = false;

  constructor(
    options: Partial<BackoffOptions> | false | undefined,
    private readonly hooks: ReconnectHooks,
  ) {
    this.backoff = options === false ? false : { ...DEFAULT_BACKOFF, ...options };
  }

  /** The user connects: closes may be followed by attempts again. */
  resume(): void {
    this.stopped = false;
  }

  /** The user closes: the scheduled attempt is cancelled and no other follows. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** A connection was welcomed: later closes may reconnect, starting again from the first delay. */
  welcomed(): void {
    this.everWelcomed = true;
    this.attempt = 0;
  }

  /** Whether a close with `code` is followed by an attempt. */
  willReconnect(code: number): boolean {
    return !this.stopped && this.backoff !== false && this.everWelcomed && !NO_RECONNECT.has(code);
  }

  /** Schedules the next attempt after the backoff delay of its number. */
  schedule(): void {
    if (this.backoff === false) return;
    const attempt = ++this.attempt;
    const delayMs = backoffDelay(attempt, this.backoff);
    this.hooks.reconnecting(attempt, delayMs);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.stopped) return;
      // A socket that fails closes, and its close decides about the next attempt; only a failure before
      // any socket existed (a token function or the constructor threw) is retried from here.
      this.hooks.reopen().catch((err: unknown) => {
        if (!(err instanceof RustySocksError) && !this.hooks.hasSocket() && !this.timer && !this.stopped) this.schedule();
      });
    }, delayMs);
  }
}
