import { INestApplication, LoggerService } from '@nestjs/common';
import { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import { Clock } from '../../src/common/clock';
import { parseEnv } from '../../src/config/env.parser';
import { RustySocksModuleOptions } from '../../src/rusty-socks.module-definition';
import { createServer } from '../../src/server';

/** A real Rusty Socks server listening on 127.0.0.1 and a free port. */
export interface TestServer {
  app: INestApplication;
  port: number;
  /** `ws://127.0.0.1:<port>/ws` */
  wsUrl: string;
  /** `http://127.0.0.1:<port>` */
  httpUrl: string;
  close(): Promise<void>;
}

/**
 * Boots the standalone app exactly as `npm start` does, from `RUSTY_SOCKS_*` variables (so the
 * environment parsing is exercised too), on port 0. Logs are off unless `RUSTY_SOCKS_TEST_LOGS=1`.
 * `harness.clock` replaces the wall clock of every service, so a test can move time instead of sleeping;
 * `harness.logger` receives the server's logs through Nest's logger; `harness.logDestination` receives
 * them as pino writes them in production (JSON lines, at `RUSTY_SOCKS_LOG_LEVEL`).
 */
export async function startServer(
  env: Record<string, string> = {},
  overrides: RustySocksModuleOptions = {},
  harness: { clock?: Clock; logger?: LoggerService; logDestination?: DestinationStream } = {},
): Promise<TestServer> {
  const options = { ...parseEnv({ RUSTY_SOCKS_PORT: '0', RUSTY_SOCKS_HOST: '127.0.0.1', ...env }), ...overrides };
  const { clock, logDestination } = harness;
  const logger = logDestination ? undefined : (harness.logger ?? testLogger());
  const app = await createServer(options, { logger, logDestination, clock });
  return listenForTests(app);
}

/** Nest's logger setting for test apps: silent unless `RUSTY_SOCKS_TEST_LOGS=1` (then pino for the standalone server, as `npm start`). */
export function testLogger(): false | undefined {
  return process.env.RUSTY_SOCKS_TEST_LOGS === '1' ? undefined : false;
}

/** Makes any Nest app with `/ws` (the standalone server or a host app) listen on 127.0.0.1 and a free port. */
export async function listenForTests(app: INestApplication): Promise<TestServer> {
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    port,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    httpUrl: `http://127.0.0.1:${port}`,
    close: () => app.close(),
  };
}
