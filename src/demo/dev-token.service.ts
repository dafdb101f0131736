import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { RUSTY_SOCKS_OPTIONS } from '../config/config.constants';
import { ResolvedOptions } from '../config/rusty-socks-options.interface';
import { DEV_TOKEN_TTL_SECONDS, DevTokenRole } from './demo.constants';

/** What `POST /dev/token` answers. */
export interface DevToken {
  token: string;
  user_id: string;
  expires_in: number;
}

/** Signs client tokens exactly as `npm run token` does, with the server's own secret, audience and issuer. */
@Injectable()
export class DevTokenService implements OnModuleInit {
  private readonly logger = new Logger(DevTokenService.name);

  constructor(
    private readonly jwt: JwtService,
    @Inject(RUSTY_SOCKS_OPTIONS) private readonly options: ResolvedOptions,
  ) {}

  onModuleInit(): void {
    // With the development secret anyone can forge tokens anyway; with a real one, this route is a way in.
    if (!this.options.usingDevelopmentSecret) {
      this.logger.warn(
        'POST /dev/token signs tokens for any name and role with RUSTY_SOCKS_JWT_SECRET. Run deployments with ' +
          'NODE_ENV=production (or RUSTY_SOCKS_DEMO=false), which removes the route.',
      );
    }
  }

  /** A token for user `name` (id and display name) with global role `role`. */
  issue(name: string, role: DevTokenRole): DevToken {
    const token = this.jwt.sign(
      { sub: name, username: name, role },
      {
        algorithm: 'HS256',
        expiresIn: DEV_TOKEN_TTL_SECONDS,
        ...(this.options.jwtAudience ? { audience: this.options.jwtAudience } : {}),
        ...(this.options.jwtIssuer ? { issuer: this.options.jwtIssuer } : {}),
      },
    );
    return { token, user_id: name, expires_in: DEV_TOKEN_TTL_SECONDS };
  }
}
