import type { ParamData } from '@nestjs/common';
import type { ParamsFactory } from '@nestjs/core/helpers/external-context-creator';

/** `WsParamtype` of `@nestjs/websockets`: what `@ConnectedSocket()` and `@MessageBody()` record. */
const SOCKET = 0;
const PAYLOAD = 3;

/** Resolves `@ConnectedSocket()` and `@MessageBody(key?)` for a handler called with `(client, message)`. */
export class WsParamsFactory implements ParamsFactory {
  exchangeKeyForValue(type: number, data: ParamData, args: unknown[]): unknown {
    if (type === SOCKET) return args[0];
    if (type === PAYLOAD) return typeof data === 'string' && data ? (args[1] as Record<string, unknown> | undefined)?.[data] : args[1];
    return undefined;
  }
}
