import { applyDecorators, UseFilters, UseGuards, UsePipes } from '@nestjs/common';
import { WsAuthGuard } from '../auth/ws-auth.guard';
import { Permission, PermissionScope } from '../moderation/permission';
import { PermissionOptions, RequirePermission } from '../moderation/require-permission.decorator';
import { RateLimit, RateLimitKind } from '../protection/rate-limit.decorator';
import { WsThrottlerGuard } from '../protection/ws-throttler.guard';
import { OnMessage } from './on-message.decorator';
import { PermissionGuard } from './permission.guard';
import { WsProtocolExceptionFilter } from './ws-protocol-exception.filter';
import { WsValidationPipe } from './ws-validation.pipe';

/** What a message type needs beyond an authenticated connection. */
export interface RustySocksMessageOptions {
  /**
   * The permission the sender needs, checked by `PermissionGuard` like the gateway's
   * (`@RequirePermission`): alone (checked in the message's `room_id`, which must name a room the
   * sender can see) or with its options (`[Permission.KickUsers, { target: 'user_id' }]`,
   * `[Permission.CreateRooms, 'global']`). @default none
   */
  permission?: Permission | [Permission, PermissionScope | PermissionOptions];
  /** The rate-limit budget each message draws from (`@RateLimit`). @default none (only the global ceiling) */
  rateLimit?: RateLimitKind;
}

/**
 * Handles one inbound message `type` on any provider of the app (a host module's included) with the
 * gateway's whole pipeline: `WsAuthGuard` → `WsThrottlerGuard` → `PermissionGuard` → `WsValidationPipe`
 * (the `@MessageBody()` DTO must extend `InboundMessageDto`) → the method, with anything thrown written
 * as an `error` frame by `WsProtocolExceptionFilter`. The reply is what the method returns (the
 * transport adds the `request_id`); frames of one connection run in order. Example:
 *
 * ```ts
 * @RustySocksMessage('game_move', { permission: Permission.SendMessages, rateLimit: 'chat' })
 * move(@CurrentConnection() connection: ClientConnection, @MessageBody() dto: GameMoveDto) { … }
 * ```
 */
export function RustySocksMessage(type: string, options: RustySocksMessageOptions = {}): MethodDecorator {
  const decorators: MethodDecorator[] = [
    OnMessage(type),
    UseGuards(WsAuthGuard, WsThrottlerGuard, PermissionGuard),
    UsePipes(WsValidationPipe),
    UseFilters(WsProtocolExceptionFilter),
  ];
  if (options.rateLimit !== undefined) decorators.push(RateLimit(options.rateLimit));
  if (options.permission !== undefined) {
    const [permission, scope] = Array.isArray(options.permission) ? options.permission : [options.permission, undefined];
    decorators.push(RequirePermission(permission, scope));
  }
  return applyDecorators(...decorators);
}
