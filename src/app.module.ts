import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule, Params as LoggingParams } from 'nestjs-pino';
import { Clock } from './common/clock';
import { resolveOptions } from './config/options.resolver';
import { DemoModule } from './demo/demo.module';
import { RustySocksModuleOptions } from './rusty-socks.module-definition';
import { RustySocksModule } from './rusty-socks.module';

/** The standalone server: Rusty Socks, and the browser demo when `demo` is on (a host app gets no demo). */
@Module({})
export class AppModule {
  /** `logging`: nestjs-pino params (see `pinoParams`); without them the app logs through Nest's own logger. */
  static forRoot(options: RustySocksModuleOptions, clock?: Clock, logging?: LoggingParams): DynamicModule {
    const imports = [RustySocksModule.forRoot(options, clock), DemoModule.forRoot(resolveOptions(options))];
    return { module: AppModule, imports: logging ? [LoggerModule.forRoot(logging), ...imports] : imports };
  }
}
