import { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import helmet from 'helmet';
import { readFileSync } from 'node:fs';
import { AppModule } from './app.module';
import { Clock } from './common/clock';
import { resolveOptions } from './config/options.resolver';
import { RustySocksModuleOptions } from './rusty-socks.module-definition';
import { RustySocksWsAdapter } from './gateway/rusty-socks-ws.adapter';

/** How to build the standalone server. */
export interface CreateServerOptions {
  /** Nest log levels, a logger to write to, or false for none. @default all but verbose and debug */
  logger?: LogLevel[] | LoggerService | false;
  /** The time source of every service; tests pass a manual clock to move time instead of sleeping. @default the wall clock */
  clock?: Clock;
}

/**
 * Builds the standalone app (HTTP routes plus `/ws`) without listening; the caller picks the address.
 * Throws `ConfigError` for unusable options before anything starts.
 */
export async function createServer(options: RustySocksModuleOptions, { logger = ['log', 'warn', 'error', 'fatal'], clock }: CreateServerOptions = {}): Promise<INestApplication> {
  const resolved = resolveOptions(options);
  const httpsOptions = resolved.enableTls ? { cert: readFileSync(resolved.tlsCertPath!), key: readFileSync(resolved.tlsKeyPath!) } : undefined;
  const app = await NestFactory.create(AppModule.forRoot(options, clock), { logger, httpsOptions, abortOnError: false });
  app.useWebSocketAdapter(new RustySocksWsAdapter(app));
  // Security headers on every HTTP answer of the standalone server (a host app brings its own).
  app.use(helmet());
  return app;
}
