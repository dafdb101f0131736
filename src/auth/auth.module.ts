import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { RUSTY_SOCKS_OPTIONS } from '../config/config.constants';
import { ResolvedOptions } from '../config/rusty-socks-options.interface';
import { CLOCK_TOLERANCE_SECONDS } from './auth.constants';
import { AuthService } from './auth.service';

/** Token verification and principals. */
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [RUSTY_SOCKS_OPTIONS],
      useFactory: (options: ResolvedOptions) => ({
        // A KeyObject verifies ~50x faster than a string secret, which jsonwebtoken re-imports per call.
        secret: createSecretKey(Buffer.from(options.jwtSecret, 'utf8')),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: {
          algorithms: ['HS256'],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          ...(options.jwtAudience ? { audience: options.jwtAudience } : {}),
          ...(options.jwtIssuer ? { issuer: options.jwtIssuer } : {}),
        },
      }),
    }),
  ],
  providers: [AuthService],
  exports: [AuthService, JwtModule],
})
export class AuthModule {}
