import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError } from './config/config.error';
import { parseEnv } from './config/env.parser';
import { resolveOptions } from './config/options.resolver';
import { createServer } from './server';

async function bootstrap(): Promise<void> {
  let options;
  try {
    options = parseEnv();
    resolveOptions(options);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`rusty-socks: configuration error: ${err.message}`);
    process.exit(1);
  }
  const app = await createServer(options);
  app.enableShutdownHooks();
  const { host, port, enableTls } = resolveOptions(options);
  await app.listen(port, host);
  const address = app.getHttpServer().address() as { port: number };
  const scheme = enableTls ? 'wss' : 'ws';
  new Logger('RustySocks').log(`Listening on ${scheme}://${host}:${address.port}/ws (health: /health, stats: /stats, metrics: /metrics)`);
}

void bootstrap();
