import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { ClusterModule } from './cluster/cluster.module';
import { Clock, SystemClock } from './common/clock';
import { RUSTY_SOCKS_OPTIONS } from './config/config.constants';
import { resolveOptions } from './config/options.resolver';
import { ConnectionsModule } from './connections/connections.module';
import { GatewayModule } from './gateway/gateway.module';
import { HealthModule } from './health/health.module';
import { RustySocksEvents } from './host/rusty-socks-events';
import { RustySocksService } from './host/rusty-socks.service';
import { MessagingModule } from './messaging/messaging.module';
import { ModerationModule } from './moderation/moderation.module';
import { ProtectionModule } from './protection/protection.module';
import { RoomsModule } from './rooms/rooms.module';
import {
  ASYNC_OPTIONS_TYPE,
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN,
  OPTIONS_TYPE,
  RustySocksModuleOptions,
} from './rusty-socks.module-definition';
import { StatsModule } from './stats/stats.module';
import { WorkerPoolModule } from './worker-pool/worker-pool.module';

const FEATURE_MODULES = [
  ClusterModule,
  AuthModule,
  ConnectionsModule,
  ModerationModule,
  RoomsModule,
  ProtectionModule,
  WorkerPoolModule,
  MessagingModule,
  GatewayModule,
  StatsModule,
  HealthModule,
];

/**
 * What the host app's modules see, besides the options and the clock: the host-facing services, and the
 * feature modules whose providers the message pipeline's enhancers inject. Nest builds a guard, pipe or
 * filter referenced by class in the injector of the module whose provider uses it, so a host provider
 * with `@RustySocksMessage` needs, visible from its own module: `ConnectionRegistry` and
 * `OUTBOUND_SENDER` (Connections: throttler guard, exception filter), `FixedWindowStorage` and `SHARED_RATE_LIMIT_WINDOWS` (Protection:
 * throttler guard), `RoomsService` and `RoomModerationService` (Rooms) and `ModerationService`
 * (Moderation: permission guard). Nest can only re-export an imported provider by re-exporting its
 * module, so these four modules are exported whole; hosts should treat only `RustySocksService`,
 * `RustySocksEvents` and the options as their API.
 */
const HOST_EXPORTS = [RustySocksService, RustySocksEvents, ConnectionsModule, ProtectionModule, RoomsModule, ModerationModule];

/**
 * Rusty Socks as a Nest module: the `/ws` gateway, its services and the health and stats routes.
 * Registers no global guards, pipes or filters; everything is bound on the gateway (and on host
 * handlers by `@RustySocksMessage`). The resolved options, the clock and the event bus are provided
 * globally so every feature module can inject them; see `HOST_EXPORTS` for what else hosts see.
 */
@Module({})
export class RustySocksModule extends ConfigurableModuleClass {
  /** `clock` replaces the wall clock (tests move a manual one instead of sleeping). */
  static override forRoot(options: typeof OPTIONS_TYPE = {}, clock?: Clock): DynamicModule {
    return withFeatures(super.forRoot(options), clock);
  }

  static override forRootAsync(options: typeof ASYNC_OPTIONS_TYPE, clock?: Clock): DynamicModule {
    return withFeatures(super.forRootAsync(options), clock);
  }
}

function withFeatures(base: DynamicModule, clock: Clock = new SystemClock()): DynamicModule {
  return {
    ...base,
    global: true,
    imports: [...(base.imports ?? []), ...FEATURE_MODULES],
    providers: [
      ...(base.providers ?? []),
      { provide: RUSTY_SOCKS_OPTIONS, inject: [MODULE_OPTIONS_TOKEN], useFactory: (options: RustySocksModuleOptions) => resolveOptions(options) },
      { provide: Clock, useValue: clock },
      RustySocksEvents,
      RustySocksService,
    ],
    exports: [RUSTY_SOCKS_OPTIONS, Clock, ...HOST_EXPORTS],
  };
}
