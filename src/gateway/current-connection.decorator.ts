import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { connectionOf } from '../connections/client-connection';

/** The `ClientConnection` a message arrived on (the auth guard has made sure there is one). */
export const CurrentConnection = createParamDecorator((_: unknown, context: ExecutionContext) => connectionOf(context.switchToWs().getClient()));
