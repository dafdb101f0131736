import { DynamicModule, Module } from '@nestjs/common';
import { Clock } from './common/clock';
import { RustySocksModuleOptions } from './rusty-socks.module-definition';
import { RustySocksModule } from './rusty-socks.module';

/** The standalone server: Rusty Socks and nothing else. */
@Module({})
export class AppModule {
  static forRoot(options: RustySocksModuleOptions, clock?: Clock): DynamicModule {
    return { module: AppModule, imports: [RustySocksModule.forRoot(options, clock)] };
  }
}
