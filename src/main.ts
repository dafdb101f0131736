import 'reflect-metadata';
import { INestApplication, Logger } from '@nestjs/common';
import { ConfigError } from './config/config.error';
import { parseEnv } from './config/env.parser';
import { resolveOptions } from './config/options.resolver';
import { RustySocksModuleOptions } from './rusty-socks.module-definition';
import { flushLogs } from './logging/pino-params';
import { createServer } from './server';

const logger = new Logger('RustySocks');

/** Beyond the drain grace, how long closing may take before the process gives up waiting. */
const SHUTDOWN_MARGIN_MS = 5000;

async function bootstrap(): Promise<void> {
  let options: RustySocksModuleOptions;
  try {
    options = parseEnv();
    resolveOptions(options);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`rusty-socks: configuration error: ${err.message}`);
    process.exit(1);
  }
  const { host, port, enableTls, shutdownGraceSeconds } = resolveOptions(options);
  const app = await createServer(options);
  await app.listen(port, host);
  const address = app.getHttpServer().address() as { port: number };
  logger.log(`Listening on ${enableTls ? 'wss' : 'ws'}://${host}:${address.port}/ws (health: /health, stats: /stats, metrics: /metrics)`);
  // Out at once: supervisors and test harnesses wait for this line.
  flushLogs();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void shutdown(app, signal, shutdownGraceSeconds * 1000 + SHUTDOWN_MARGIN_MS));
  }
}

/**
 * Graceful stop: Nest's shutdown hooks drain (readiness 503, upgrades refused, clients closed with
 * 1001, worker pool drained), then the process exits 0. A hard deadline makes the stop bounded even
 * if something hangs.
 */
async function shutdown(app: INestApplication, signal: string, deadlineMs: number): Promise<void> {
  logger.log(`${signal} received: draining`);
  setTimeout(() => {
    logger.error(`Shutdown did not finish within ${deadlineMs} ms; exiting`);
    process.exit(1);
  }, deadlineMs).unref();
  await app.close();
  logger.log('Stopped');
  process.exit(0);
}

bootstrap().catch((err: unknown) => {
  // One fatal log line (JSON under pino) rather than Node's unhandled-rejection dump; e.g. the port is taken.
  logger.fatal(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
