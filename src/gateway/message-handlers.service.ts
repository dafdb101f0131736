import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, ExternalContextCreator, MetadataScanner, Reflector } from '@nestjs/core';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { MESSAGE_TYPE } from './gateway.constants';
import { WsParamsFactory } from './ws-params.factory';

/** A message handler with its Nest pipeline around it: `(client, message) => reply`. */
export type MessageHandler = (client: unknown, message: Record<string, unknown>) => Promise<unknown>;

/**
 * Every `@OnMessage(type)` method of the application, wrapped once at start in its enhancers by Nest's
 * `ExternalContextCreator` and shared by all connections. Nest's own `@SubscribeMessage` binds a copy
 * of every handler to every connection (twenty bound functions and objects per socket, built on each
 * handshake and kept for its life); this table costs nothing per connection.
 */
@Injectable()
export class MessageHandlers implements OnModuleInit {
  private readonly byType = new Map<string, MessageHandler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly contextCreator: ExternalContextCreator,
  ) {}

  onModuleInit(): void {
    const params = new WsParamsFactory();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      for (const method of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
        const callback = instance[method] as (...args: unknown[]) => unknown;
        const type = this.reflector.get<string | undefined>(MESSAGE_TYPE, callback);
        if (type === undefined) continue;
        if (this.byType.has(type)) throw new Error(`Two handlers for message type "${type}" (the second is ${wrapper.name}.${method})`);
        const handler = this.contextCreator.create(instance, callback, method, ROUTE_ARGS_METADATA, params, undefined, undefined, { guards: true, interceptors: true, filters: true }, 'ws');
        this.byType.set(type, handler as MessageHandler);
      }
    }
  }

  get(type: string): MessageHandler | undefined {
    return this.byType.get(type);
  }

  /** Every handled type (for `UNKNOWN_TYPE` messages and docs). */
  types(): string[] {
    return [...this.byType.keys()];
  }
}
