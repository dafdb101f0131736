import { INestApplicationContext } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { InboundMessageDto } from '../gateway/dto/inbound-message.dto';
import { MESSAGE_TYPE } from '../gateway/gateway.constants';

/** `@MessageBody()` records its parameter under this type (`WsParamtype.PAYLOAD` of `@nestjs/websockets`). */
const PAYLOAD = 3;

/** One inbound message type as the app handles it. */
export interface InboundMessageInfo {
  type: string;
  /** The `@MessageBody()` DTO the validation pipe checks, when the handler takes the whole message as one. */
  dto?: new () => InboundMessageDto;
  /** `Class.method`, for the docs. */
  handler: string;
}

/**
 * Every `@OnMessage` method of the app and the DTO of its `@MessageBody()`, found the way
 * `MessageHandlers` finds them (static providers, the same metadata) but independently, so the
 * e2e spec comparing the two means something. Host handlers are included.
 */
export function discoverInboundMessages(app: INestApplicationContext): InboundMessageInfo[] {
  const discovery = app.get(DiscoveryService, { strict: false });
  const scanner = new MetadataScanner();
  const found: InboundMessageInfo[] = [];
  for (const wrapper of discovery.getProviders()) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
    const prototype = Object.getPrototypeOf(instance) as object;
    for (const method of scanner.getAllMethodNames(prototype)) {
      const type = Reflect.getMetadata(MESSAGE_TYPE, instance[method] as object) as string | undefined;
      if (type === undefined) continue;
      found.push({ type, dto: bodyDto(prototype, method), handler: `${prototype.constructor.name}.${method}` });
    }
  }
  return found;
}

function bodyDto(prototype: object, method: string): (new () => InboundMessageDto) | undefined {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, prototype.constructor, method) ?? {}) as Record<string, { index: number; data?: unknown }>;
  const paramTypes = (Reflect.getMetadata('design:paramtypes', prototype, method) ?? []) as unknown[];
  for (const [key, arg] of Object.entries(args)) {
    if (key.split(':')[0] !== String(PAYLOAD) || arg.data !== undefined) continue;
    const type = paramTypes[arg.index] as { prototype?: unknown } | undefined;
    if (typeof type === 'function' && type.prototype instanceof InboundMessageDto) return type as unknown as new () => InboundMessageDto;
  }
  return undefined;
}
