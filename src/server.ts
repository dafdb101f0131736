import { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import helmet from 'helmet';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { readFileSync } from 'node:fs';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { Clock } from './common/clock';
import { resolveOptions } from './config/options.resolver';
import { forgetPreviousPinoRoot, nestLogLevels, pinoParams, prettyDestination, stdoutDestination } from './logging/pino-params';
import { RustySocksModuleOptions } from './rusty-socks.module-definition';
import { RustySocksWsAdapter } from './gateway/rusty-socks-ws.adapter';
import { setupRustySocksDocs } from './api-docs/setup-api-docs';

/** How to build the standalone server. */
export interface CreateServerOptions {
  /**
   * Nest's own logger instead of pino: log levels, a logger to write to, or false for none (the e2e
   * specs). Unset: pino at `RUSTY_SOCKS_LOG_LEVEL`, see `logDestination`.
   */
  logger?: LogLevel[] | LoggerService | false;
  /**
   * Where pino writes when `logger` is unset; tests capture the lines in memory.
   * @default stdout: JSON lines, or pretty ones outside production when stdout is a terminal
   */
  logDestination?: DestinationStream;
  /** The time source of every service; tests pass a manual clock to move time instead of sleeping. @default the wall clock */
  clock?: Clock;
}

/**
 * Builds the standalone app (HTTP routes plus `/ws`) without listening; the caller picks the address.
 * Throws `ConfigError` for unusable options before anything starts.
 */
export async function createServer(options: RustySocksModuleOptions, { logger, logDestination, clock }: CreateServerOptions = {}): Promise<INestApplication> {
  const resolved = resolveOptions(options);
  const httpsOptions = resolved.enableTls ? { cert: readFileSync(resolved.tlsCertPath!), key: readFileSync(resolved.tlsKeyPath!) } : undefined;
  let app: INestApplication;
  if (logger !== undefined) {
    app = await NestFactory.create(AppModule.forRoot(options, clock), { logger, httpsOptions, abortOnError: false });
  } else {
    forgetPreviousPinoRoot();
    const destination = logDestination ?? (!resolved.production && process.stdout.isTTY ? prettyDestination() : stdoutDestination());
    // Buffered until pino is in place, so that what Nest logs while building the app is JSON too.
    app = await NestFactory.create(AppModule.forRoot(options, clock, pinoParams(resolved, destination)), { bufferLogs: true, httpsOptions, abortOnError: false });
    // Every `new Logger(context)` of the services writes through pino from here on.
    app.useLogger(app.get(PinoNestLogger));
    // Nest's levels told the same as pino's, so `Logger.isLevelEnabled` can spare the per-connection
    // lines' work when they would not be written.
    app.useLogger(nestLogLevels(resolved.logLevel));
  }
  app.useWebSocketAdapter(new RustySocksWsAdapter(app));
  // Security headers on every HTTP answer of the standalone server (a host app brings its own).
  app.use(helmet());
  // After helmet: the docs page replaces its Content-Security-Policy with one the Swagger UI works under.
  if (resolved.apiDocs) setupRustySocksDocs(app);
  return app;
}
