import { SetMetadata } from '@nestjs/common';
import { MESSAGE_TYPE } from './gateway.constants';

/**
 * Handles one inbound message `type`. The method runs behind the enhancers bound to it or its class
 * (guards, pipes, filters — on the gateway: authentication, rate limits, permissions, validation) and
 * receives `@CurrentConnection()` and `@MessageBody()`; what it returns is the reply.
 */
export const OnMessage = (type: string) => SetMetadata(MESSAGE_TYPE, type);
