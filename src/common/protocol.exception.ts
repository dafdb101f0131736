import { ErrorCode } from './error-code';

/** One offending field of an `INVALID_PAYLOAD` error. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** Extra members of an `error` frame besides `code` and `message`. */
export interface ProtocolErrorExtras {
  details?: FieldProblem[];
  retry_after_ms?: number;
  room_id?: string;
  until?: string | null;
}

/**
 * A refusal the client is told about with an `error` frame. Services throw it; the gateway's
 * exception filter turns it into the frame, so a message never has to know about sockets.
 */
export class ProtocolException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extras: ProtocolErrorExtras = {},
  ) {
    super(message);
    this.name = 'ProtocolException';
  }
}
