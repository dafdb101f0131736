import { createHmac } from 'node:crypto';
import { DEVELOPMENT_JWT_SECRET } from '../../src/config/options.defaults';

/** The secret test servers are started with unless a test says otherwise. */
export const TEST_SECRET = 'test-secret-of-at-least-thirty-two-characters!';

function b64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/**
 * Signs a JWT by hand (not through the server's code, so a bug there cannot hide here). Claims
 * default to a member `sub` valid for an hour; pass `exp: undefined` to leave it out.
 */
export function signToken(claims: Record<string, unknown>, { secret = TEST_SECRET, alg = 'HS256' }: { secret?: string; alg?: string } = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = { iat: now, exp: now + 3600, ...claims };
  for (const key of Object.keys(payload)) if (payload[key] === undefined) delete payload[key];
  const head = b64url(JSON.stringify({ alg, typ: 'JWT' }));
  const body = b64url(JSON.stringify(payload));
  if (alg === 'none') return `${head}.${body}.`;
  const signature = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

/** Signs a JWT by hand with a real HMAC of the given algorithm (unlike `signToken`, which always uses SHA-256). */
export function signHmac(alg: 'HS256' | 'HS384' | 'HS512', claims: Record<string, unknown>, secret = TEST_SECRET): string {
  const now = Math.floor(Date.now() / 1000);
  const head = b64url(JSON.stringify({ alg, typ: 'JWT' }));
  const body = b64url(JSON.stringify({ iat: now, exp: now + 3600, ...claims }));
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg];
  return `${head}.${body}.${createHmac(hash, secret).update(`${head}.${body}`).digest('base64url')}`;
}

/** The `?token=` URL of a user with the given claims (signed as `signToken` does). */
export function userUrl(wsUrl: string, claims: Record<string, unknown>, options?: Parameters<typeof signToken>[1]): string {
  return `${wsUrl}?token=${signToken(claims, options)}`;
}

/** Client options that carry `token` in an `Authorization: Bearer` header. */
export function bearer(token: string): { headers: { Authorization: string } } {
  return { headers: { Authorization: `Bearer ${token}` } };
}

export { DEVELOPMENT_JWT_SECRET };
