import 'reflect-metadata';
import { createApp } from './create-app';
import { gameConfig } from './config';

async function bootstrap(): Promise<void> {
  const app = await createApp();
  app.enableShutdownHooks();
  await app.listen(gameConfig(process.env).port);
}

void bootstrap();
