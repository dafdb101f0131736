import { DynamicModule, Module, Type } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ResolvedOptions } from '../config/rusty-socks-options.interface';
import { DemoAssetsService } from './demo-assets.service';
import { DemoController } from './demo.controller';
import { DevTokenController } from './dev-token.controller';
import { DevTokenService } from './dev-token.service';

/**
 * The browser demo of the standalone server. Which routes exist is decided here, once, from the
 * options: the page with `demo`; the token route with `demo` outside production only — a route that
 * is never registered cannot be reached by any request (404), whatever a guard or flag might miss.
 */
@Module({})
export class DemoModule {
  static forRoot(options: Pick<ResolvedOptions, 'demo' | 'production'>): DynamicModule {
    const controllers: Type[] = [];
    if (options.demo) controllers.push(DemoController);
    const devTokens = options.demo && !options.production;
    if (devTokens) controllers.push(DevTokenController);
    return {
      module: DemoModule,
      imports: devTokens ? [AuthModule] : [],
      controllers,
      providers: [DemoAssetsService, ...(devTokens ? [DevTokenService] : [])],
    };
  }
}
