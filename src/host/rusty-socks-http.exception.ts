import { HttpException, HttpStatus } from '@nestjs/common';
import { ErrorCode } from '../common/error-code';
import { ProtocolErrorExtras, ProtocolException } from '../common/protocol.exception';

/**
 * The HTTP status of each protocol code, for refusals that reach a host's HTTP context. A `Record` over
 * the enum, so a new code does not compile until it has a status.
 */
const HTTP_STATUS: Record<ErrorCode, HttpStatus> = {
  [ErrorCode.AuthFailed]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.TokenExpired]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.InvalidJson]: HttpStatus.BAD_REQUEST,
  [ErrorCode.UnknownType]: HttpStatus.BAD_REQUEST,
  [ErrorCode.InvalidPayload]: HttpStatus.BAD_REQUEST,
  [ErrorCode.UnsupportedFrame]: HttpStatus.BAD_REQUEST,
  [ErrorCode.InvalidMessage]: HttpStatus.BAD_REQUEST,
  [ErrorCode.InvalidRoomId]: HttpStatus.BAD_REQUEST,
  [ErrorCode.InvalidName]: HttpStatus.BAD_REQUEST,
  [ErrorCode.InvalidRole]: HttpStatus.BAD_REQUEST,
  [ErrorCode.RoomNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.UserNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.RoomFull]: HttpStatus.CONFLICT,
  [ErrorCode.NotAMember]: HttpStatus.CONFLICT,
  [ErrorCode.WrongPassword]: HttpStatus.FORBIDDEN,
  [ErrorCode.Forbidden]: HttpStatus.FORBIDDEN,
  [ErrorCode.Banned]: HttpStatus.FORBIDDEN,
  [ErrorCode.Kicked]: HttpStatus.FORBIDDEN,
  [ErrorCode.Muted]: HttpStatus.FORBIDDEN,
  [ErrorCode.RateLimited]: HttpStatus.TOO_MANY_REQUESTS,
  [ErrorCode.InternalError]: HttpStatus.INTERNAL_SERVER_ERROR,
};

/** The body a host's HTTP client gets: Nest's usual `statusCode` and `message`, plus the protocol `code`. */
export interface RustySocksHttpErrorBody extends ProtocolErrorExtras {
  statusCode: number;
  code: ErrorCode;
  message: string;
}

/**
 * A refusal of `RustySocksService`, as an `HttpException`: in a host controller Nest answers it with
 * its status (`ROOM_NOT_FOUND`/`USER_NOT_FOUND` 404, `FORBIDDEN` 403, `INVALID_*` 400, ...) and a body
 * carrying the protocol `code`, with no filter to install. Elsewhere (queues, cron) read `code`.
 */
export class RustySocksHttpException extends HttpException {
  readonly code: ErrorCode;

  constructor(cause: ProtocolException) {
    const status = HTTP_STATUS[cause.code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
    const body: RustySocksHttpErrorBody = { statusCode: status, code: cause.code, message: cause.message, ...cause.extras };
    super(body, status, { cause });
    this.code = cause.code;
    this.name = 'RustySocksHttpException';
  }

  /** The status a protocol code maps to. */
  static statusOf(code: ErrorCode): HttpStatus {
    return HTTP_STATUS[code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
  }
}

/** Rethrows a `ProtocolException` as a `RustySocksHttpException`; anything else unchanged. */
export function asHostError(err: unknown): never {
  throw err instanceof ProtocolException ? new RustySocksHttpException(err) : err;
}
