import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ErrorCode } from '../common/error-code';
import { ProtocolException } from '../common/protocol.exception';
import { connectionOf } from '../connections/client-connection';

/**
 * Lets a message through only from an accepted, open connection. Authentication itself happens when
 * the connection is accepted (Nest runs no guards on connect); this guard keeps frames that race a
 * refusal or a close from reaching any handler.
 */
@Injectable()
export class WsAuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const connection = connectionOf(context.switchToWs().getClient());
    if (!connection || connection.closed) throw new ProtocolException(ErrorCode.AuthFailed, 'Authentication failed');
    return true;
  }
}
