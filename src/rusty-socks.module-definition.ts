import { ConfigurableModuleBuilder } from '@nestjs/common';
import { RustySocksOptions } from './config/rusty-socks-options.interface';

/** The options a host passes to `RustySocksModule.forRoot`; every field is optional. */
export type RustySocksModuleOptions = Partial<RustySocksOptions>;

export const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN, OPTIONS_TYPE, ASYNC_OPTIONS_TYPE } =
  new ConfigurableModuleBuilder<RustySocksModuleOptions>().setClassMethodName('forRoot').build();
