import { ErrorFrame } from './protocol';

/** Codes the client itself raises, next to the server's (PROTOCOL.md §6). */
export const ClientErrorCode = {
  /** No reply came within `requestTimeoutMs`. */
  Timeout: 'TIMEOUT',
  /** The connection dropped before the reply came; the request may or may not have been applied. */
  Disconnected: 'DISCONNECTED',
  /** `request` was called while no connection was open. */
  NotConnected: 'NOT_CONNECTED',
  /** `close()` was called. */
  Closed: 'CLOSED',
  /** The connection closed before the server's welcome. */
  ConnectionFailed: 'CONNECTION_FAILED',
} as const;

/** A failed request or connection: a server `error` reply, or one of `ClientErrorCode`. */
export class RustySocksError extends Error {
  override readonly name = 'RustySocksError';

  constructor(
    readonly code: string,
    message: string,
    readonly details?: { field: string; message: string }[],
    readonly retry_after_ms?: number,
    /** The server's `error` frame, when the error came from the server. */
    readonly frame?: ErrorFrame,
  ) {
    super(message);
  }

  /** The error an `error` reply stands for. */
  static fromFrame(frame: ErrorFrame): RustySocksError {
    return new RustySocksError(frame.code, frame.message, frame.details, frame.retry_after_ms, frame);
  }
}
