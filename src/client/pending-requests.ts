import { ServerFrame } from './protocol';
import { ClientErrorCode, RustySocksError } from './rusty-socks-error';

interface Pending {
  resolve(frame: ServerFrame): void;
  reject(error: RustySocksError): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The requests awaiting their reply, by `request_id`: each settles once, by its reply (an `error`
 * reply rejects), by its timeout, or by `rejectAll` when the connection goes.
 */
export class PendingRequests {
  private readonly pending = new Map<string, Pending>();
  private nextRequestId = 0;
  private readonly idPrefix = Math.random().toString(36).slice(2, 8);

  constructor(private readonly timeoutMs: number) {}

  /**
   * Registers a request of type `type` under a fresh id, hands the id to `write` (which sends it), and
   * resolves with the reply. `onReply` sees the reply first.
   */
  add(type: string, write: (requestId: string) => void, onReply?: (frame: ServerFrame) => void): Promise<ServerFrame> {
    const requestId = `${this.idPrefix}-${++this.nextRequestId}`;
    return new Promise<ServerFrame>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new RustySocksError(ClientErrorCode.Timeout, `No reply to ${type} within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(requestId, {
        // Runs inside frame handling, before later frames: the replay after a join must find the room tracked.
        resolve: (frame) => {
          onReply?.(frame);
          resolve(frame);
        },
        reject,
        timer,
      });
      write(requestId);
    });
  }

  /** Settles the request that `frame` answers, if it answers one still waiting. */
  settle(frame: ServerFrame): void {
    const requestId = 'request_id' in frame ? frame.request_id : undefined;
    const pending = requestId !== undefined ? this.pending.get(requestId) : undefined;
    if (pending && requestId !== undefined) {
      this.pending.delete(requestId);
      clearTimeout(pending.timer);
      if (frame.type === 'error') pending.reject(RustySocksError.fromFrame(frame));
      else pending.resolve(frame);
    }
  }

  /** Rejects every request still waiting with a `RustySocksError` of `code`. */
  rejectAll(code: string, message: string): void {
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      clearTimeout(pending.timer);
      pending.reject(new RustySocksError(code, message));
    }
  }
}
