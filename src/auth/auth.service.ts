import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { createSecretKey, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { escapeHtml } from '../common/html-escape';
import { findDangerousUnicode } from '../common/unicode';
import { RUSTY_SOCKS_OPTIONS } from '../config/config.constants';
import { ResolvedOptions } from '../config/rusty-socks-options.interface';
import { parseRole, Role } from '../moderation/role';
import { CLOCK_TOLERANCE_SECONDS, MAX_SUBJECT_LENGTH, MAX_USERNAME_LENGTH } from './auth.constants';
import { Hs256Verifier, TokenRejected } from './hs256-verifier';
import { Principal } from './principal';
import { extractToken } from './token-extractor';

/** The outcome of authenticating an upgrade request; a failure's `reason` is logged, so it never quotes the token. */
export type AuthResult = { ok: true; principal: Principal } | { ok: false; reason: string };

/**
 * Turns an upgrade request into a principal: verifies the client's JWT (HS256 only, `exp` required,
 * 60 s tolerance, `aud`/`iss` when configured) or admits an anonymous guest when that is allowed.
 * A token that is present but bad never falls back to anonymous.
 */
@Injectable()
export class AuthService implements OnModuleInit {
  private readonly logger = new Logger(AuthService.name);
  /** Verifies on every handshake; tokens are signed with `JwtService` (the `JwtModule` this module exports). */
  private readonly verifier: Hs256Verifier;

  constructor(@Inject(RUSTY_SOCKS_OPTIONS) private readonly options: ResolvedOptions) {
    this.verifier = new Hs256Verifier(createSecretKey(Buffer.from(options.jwtSecret, 'utf8')), {
      clockToleranceSeconds: CLOCK_TOLERANCE_SECONDS,
      audience: options.jwtAudience || undefined,
      issuer: options.jwtIssuer || undefined,
    });
  }

  onModuleInit(): void {
    if (this.options.usingDevelopmentSecret) {
      this.logger.warn(
        'RUSTY_SOCKS_JWT_SECRET is not set: using the built-in DEVELOPMENT secret. Anyone can forge tokens for it. ' +
          'Set a random secret of 32+ characters before exposing this server (production refuses to start without one).',
      );
    }
  }

  authenticate(req: Pick<IncomingMessage, 'headers' | 'url'>): AuthResult {
    const found = extractToken(req);
    if (!found) {
      return this.options.allowAnonymous ? { ok: true, principal: anonymousPrincipal() } : { ok: false, reason: 'no token' };
    }
    return this.verify(found.token);
  }

  /** Verifies a token and reads its claims. */
  verify(token: string): AuthResult {
    let claims: Record<string, unknown>;
    try {
      claims = this.verifier.verify(token);
    } catch (err) {
      // The verifier's refusals are worded without the token; anything else might quote it, and the reason is logged.
      return { ok: false, reason: err instanceof TokenRejected ? err.message : 'jwt malformed' };
    }
    const { sub, username, role, exp } = claims;
    if (typeof exp !== 'number') return { ok: false, reason: 'exp claim missing' };
    if (typeof sub !== 'string' || sub.length === 0 || sub.length > MAX_SUBJECT_LENGTH || findDangerousUnicode(sub)) {
      return { ok: false, reason: 'sub claim missing or invalid' };
    }
    if (username !== undefined && (typeof username !== 'string' || username.length === 0 || username.length > MAX_USERNAME_LENGTH || findDangerousUnicode(username))) {
      return { ok: false, reason: 'username claim invalid' };
    }
    const globalRole = role === undefined ? Role.Member : parseRole(role);
    if (globalRole === undefined) return { ok: false, reason: 'role claim invalid' };
    return {
      ok: true,
      principal: {
        userId: sub,
        username: escapeHtml((username as string | undefined) ?? sub),
        globalRole,
        authenticated: true,
        expiresAt: exp * 1000,
      },
    };
  }

  /** When a connection with this principal must be closed for an expired token (ms), or undefined. */
  expiryDeadline(principal: Principal): number | undefined {
    return principal.expiresAt === undefined ? undefined : principal.expiresAt + CLOCK_TOLERANCE_SECONDS * 1000;
  }
}

function anonymousPrincipal(): Principal {
  return {
    userId: `anon-${randomUUID()}`,
    username: `guest-${randomBytes(4).toString('hex')}`,
    globalRole: Role.Guest,
    authenticated: false,
  };
}
