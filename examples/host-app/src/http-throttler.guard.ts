import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/**
 * The host's global HTTP rate limit. Nest runs an `APP_GUARD` on every handler of the app, Rusty Socks'
 * WebSocket messages included; the stock `ThrottlerGuard` would count those under one shared key (a
 * socket has no `req.ip`) and throw after `limit` messages a minute, server-wide. Rusty Socks limits
 * its messages itself, so this guard keeps to HTTP.
 */
@Injectable()
export class HttpThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return context.getType() !== 'http';
  }
}
