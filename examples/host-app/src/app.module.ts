import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { RustySocksModule } from 'rusty-socks';
import { gameConfig } from './config';
import { GamesModule } from './games/games.module';
import { HttpThrottlerGuard } from './http-throttler.guard';

/** The game server: its own config, HTTP rate limit and feature module, with Rusty Socks on `/ws`. */
@Module({})
export class AppModule {
  /** `env`: where the settings come from (`process.env` in `main.ts`; the e2e test passes its own). */
  static forRoot(env: Record<string, string | undefined> = process.env): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, skipProcessEnv: true, load: [() => gameConfig(env)] }),
        // The host's own HTTP rate limit, global (the APP_GUARD below).
        ThrottlerModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService) => [{ ttl: 60_000, limit: config.getOrThrow<number>('httpRequestsPerMinute') }],
        }),
        RustySocksModule.forRootAsync({
          imports: [ConfigModule],
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({
            jwtSecret: config.getOrThrow<string>('jwtSecret'),
            rateLimitMessagesPerMinute: config.getOrThrow<number>('movesPerMinute'),
            allowAnonymous: false,
            defaultRooms: ['lobby'],
          }),
        }),
        GamesModule,
      ],
      providers: [{ provide: APP_GUARD, useClass: HttpThrottlerGuard }],
    };
  }
}
