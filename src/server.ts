import { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import { AppModule } from './app.module';
import { resolveOptions } from './config/options.resolver';
import { RustySocksModuleOptions } from './rusty-socks.module-definition';
import { RustySocksWsAdapter } from './gateway/rusty-socks-ws.adapter';

/** How to build the standalone server. */
export interface CreateServerOptions {
  /** Nest log levels, or false for none. @default all but verbose and debug */
  logger?: LogLevel[] | false;
}

/**
 * Builds the standalone app (HTTP routes plus `/ws`) without listening; the caller picks the address.
 * Throws `ConfigError` for unusable options before anything starts.
 */
export async function createServer(options: RustySocksModuleOptions, { logger = ['log', 'warn', 'error', 'fatal'] }: CreateServerOptions = {}): Promise<INestApplication> {
  const resolved = resolveOptions(options);
  const httpsOptions = resolved.enableTls ? { cert: readFileSync(resolved.tlsCertPath!), key: readFileSync(resolved.tlsKeyPath!) } : undefined;
  const app = await NestFactory.create(AppModule.forRoot(options), { logger, httpsOptions, abortOnError: false });
  app.useWebSocketAdapter(new RustySocksWsAdapter(app));
  return app;
}
