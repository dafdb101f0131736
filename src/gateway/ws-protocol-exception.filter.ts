import { ArgumentsHost, Catch, ExceptionFilter, Inject, Logger } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';
import { ErrorCode } from '../common/error-code';
import { OutboundFrame } from '../common/outbound-frames';
import { ProtocolException } from '../common/protocol.exception';
import { connectionOf } from '../connections/client-connection';
import { OUTBOUND_SENDER } from '../connections/connections.constants';
import { OutboundSender } from '../connections/outbound-sender';
import { requestIdOf } from './frame-decoder';

/**
 * Turns whatever a handler, guard or pipe threw into the protocol's `error` frame, with the
 * message's `request_id`. Anything that is not a protocol refusal is a bug: logged, and reported to
 * the client as `INTERNAL_ERROR` without internals.
 */
@Catch()
export class WsProtocolExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(WsProtocolExceptionFilter.name);

  constructor(@Inject(OUTBOUND_SENDER) private readonly sender: OutboundSender) {}

  /** Returns null: handled (Nest rethrows when a filter returns undefined). */
  catch(exception: unknown, host: ArgumentsHost): null {
    const ws = host.switchToWs();
    const connection = connectionOf(ws.getClient());
    if (!connection) return null;
    const frame = this.toFrame(exception);
    const requestId = requestIdOf(ws.getData());
    if (requestId !== undefined) frame.request_id = requestId;
    this.sender.toConnection(connection, frame);
    return null;
  }

  private toFrame(exception: unknown): Extract<OutboundFrame, { type: 'error' }> {
    // A host handler's call to `RustySocksService` refused in HTTP terms: the protocol refusal is its cause.
    if (exception instanceof Error && exception.cause instanceof ProtocolException) exception = exception.cause;
    if (exception instanceof ProtocolException) {
      return { type: 'error', code: exception.code, message: exception.message, ...exception.extras };
    }
    if (exception instanceof WsException) {
      // Nest's own refusal when a guard returns false.
      return { type: 'error', code: ErrorCode.Forbidden, message: 'You are not allowed to do that' };
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return { type: 'error', code: ErrorCode.InternalError, message: 'Internal error; the request was not completed' };
  }
}
