import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RustySocksWsAdapter } from 'rusty-socks';
import { AppModule } from './app.module';

/** Builds the game server without listening (`main.ts` listens; the e2e test picks a free port). */
export async function createApp(env: Record<string, string | undefined> = process.env, logger: false | undefined = undefined): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(env), { logger, abortOnError: false });
  app.useWebSocketAdapter(new RustySocksWsAdapter(app));
  return app;
}
