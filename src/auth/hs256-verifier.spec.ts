import { JwtService } from '@nestjs/jwt';
import fc from 'fast-check';
import { createHmac, createSecretKey } from 'node:crypto';
import { Hs256Verifier, TokenRejected } from './hs256-verifier';

const SECRET = 'a-test-secret-of-at-least-thirty-two-characters';
const key = createSecretKey(Buffer.from(SECRET, 'utf8'));
const NOW_MS = Date.UTC(2026, 10, 29, 12, 0, 0);
const NOW = NOW_MS / 1000;
const TOLERANCE = 60;

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const sign = (input: string, secret = SECRET) => createHmac('sha256', secret).update(input).digest('base64url');
/** A token from raw parts: any header, any payload (JSON or not), signed with `secret` unless a signature is given. */
function token(header: unknown, payload: unknown, { secret = SECRET, signature }: { secret?: string; signature?: string } = {}): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${signature ?? sign(input, secret)}`;
}
const HS256 = { alg: 'HS256', typ: 'JWT' };
const claims = (extra: Record<string, unknown> = {}) => ({ sub: 'alice', iat: NOW - 10, exp: NOW + 3600, ...extra });

type Settings = { audience?: string; issuer?: string };
const ours = (settings: Settings = {}) => new Hs256Verifier(key, { clockToleranceSeconds: TOLERANCE, now: () => NOW_MS, ...settings });
/** `jsonwebtoken` (through `JwtService`) as the server used it before, at the same instant. */
const reference = (settings: Settings = {}) =>
  new JwtService({ secret: key, verifyOptions: { algorithms: ['HS256'], clockTolerance: TOLERANCE, clockTimestamp: NOW, ...settings } });

/** What each verifier says of a token: the claims, or that it was refused (with the reason when it is ours). */
function verdicts(jwt: string, settings: Settings = {}) {
  let mine: { claims: unknown } | { refused: string };
  try {
    mine = { claims: ours(settings).verify(jwt) };
  } catch (err) {
    if (!(err instanceof TokenRejected)) throw err;
    mine = { refused: err.message };
  }
  let theirs: { claims: unknown } | { refused: true };
  try {
    const payload: unknown = reference(settings).verify(jwt);
    // jsonwebtoken returns a payload that is not a JSON object as it is; the server has never accepted one (no `exp`).
    theirs = payload !== null && typeof payload === 'object' && !Array.isArray(payload) ? { claims: payload } : { refused: true };
  } catch {
    theirs = { refused: true };
  }
  return { mine, theirs };
}

function expectSameVerdict(jwt: string, settings: Settings = {}): { claims: unknown } | { refused: string } {
  const { mine, theirs } = verdicts(jwt, settings);
  if ('claims' in theirs) expect(mine).toEqual({ claims: theirs.claims });
  else expect(mine).toEqual({ refused: expect.any(String) });
  return mine;
}

describe('Hs256Verifier', () => {
  it('accepts what jsonwebtoken accepts and returns the same claims', () => {
    const jwt = token(HS256, claims({ username: 'Alice', role: 'admin' }));
    expect(expectSameVerdict(jwt)).toEqual({ claims: claims({ username: 'Alice', role: 'admin' }) });
  });

  // Each row: a token, the settings, and the reason ours gives (jsonwebtoken's wording, which the logs keep).
  const cases: [string, () => string, Settings, string | null][] = [
    ['valid, no typ', () => token({ alg: 'HS256' }, claims()), {}, null],
    ['another secret', () => token(HS256, claims(), { secret: `${SECRET}!` }), {}, 'invalid signature'],
    ['alg none, no signature', () => `${b64({ alg: 'none' })}.${b64(claims())}.`, {}, 'jwt signature is required'],
    ['alg none, signed anyway', () => token({ alg: 'none' }, claims()), {}, 'invalid algorithm'],
    ['alg HS384', () => token({ alg: 'HS384' }, claims()), {}, 'invalid algorithm'],
    ['alg RS256 over the HMAC secret', () => token({ alg: 'RS256' }, claims()), {}, 'invalid algorithm'],
    ['alg in another case', () => token({ alg: 'hs256' }, claims()), {}, 'invalid algorithm'],
    ['no alg', () => token({ typ: 'JWT' }, claims()), {}, 'invalid algorithm'],
    ['header not JSON', () => token('{alg:HS256', claims()), {}, 'invalid token'],
    ['header a JSON string', () => token('"HS256"', claims()), {}, 'invalid token'],
    ['payload not JSON', () => token(HS256, 'not json'), {}, 'invalid token'],
    ['payload an array', () => token(HS256, [1, 2]), {}, 'invalid token'],
    ['payload null', () => token(HS256, 'null'), {}, 'invalid token'],
    ['payload a number', () => token(HS256, '42'), {}, 'invalid token'],
    ['payload changed after signing', () => {
      const [h, , s] = token(HS256, claims()).split('.');
      return `${h}.${b64(claims({ role: 'admin' }))}.${s}`;
    }, {}, 'invalid signature'],
    ['signature padded', () => `${token(HS256, claims())}=`, {}, 'jwt malformed'],
    ['signature in standard base64', () => {
      const input = `${b64(HS256)}.${b64(claims())}`;
      return `${input}.${createHmac('sha256', SECRET).update(input).digest('base64')}`;
    }, {}, 'jwt malformed'],
    ['signature cut short', () => token(HS256, claims()).slice(0, -2), {}, 'invalid signature'],
    ['signature one character longer', () => `${token(HS256, claims())}A`, {}, 'invalid signature'],
    ['two segments', () => `${b64(HS256)}.${b64(claims())}`, {}, 'jwt malformed'],
    ['four segments', () => `${token(HS256, claims())}.${sign('x')}`, {}, 'jwt malformed'],
    ['empty header segment', () => `.${b64(claims())}.${sign(`.${b64(claims())}`)}`, {}, 'jwt malformed'],
    ['whitespace inside', () => token(HS256, claims()).replace('.', ' .'), {}, 'jwt malformed'],
    ['empty string', () => '', {}, 'jwt malformed'],
    ['expired beyond the tolerance', () => token(HS256, claims({ exp: NOW - TOLERANCE })), {}, 'jwt expired'],
    ['expired within the tolerance', () => token(HS256, claims({ exp: NOW - TOLERANCE + 1 })), {}, null],
    ['exp not a number', () => token(HS256, claims({ exp: String(NOW + 3600) })), {}, 'invalid exp value'],
    ['exp null', () => token(HS256, claims({ exp: null })), {}, 'invalid exp value'],
    ['no exp (the service requires it, the verifier does not)', () => token(HS256, { sub: 'alice' }), {}, null],
    ['nbf beyond the tolerance', () => token(HS256, claims({ nbf: NOW + TOLERANCE + 1 })), {}, 'jwt not active'],
    ['nbf within the tolerance', () => token(HS256, claims({ nbf: NOW + TOLERANCE })), {}, null],
    ['nbf not a number', () => token(HS256, claims({ nbf: 'soon' })), {}, 'invalid nbf value'],
    ['aud as configured', () => token(HS256, claims({ aud: 'chat' })), { audience: 'chat' }, null],
    ['aud array naming it', () => token(HS256, claims({ aud: ['other', 'chat'] })), { audience: 'chat' }, null],
    ['aud another', () => token(HS256, claims({ aud: 'other' })), { audience: 'chat' }, 'jwt audience invalid. expected: chat'],
    ['aud array without it', () => token(HS256, claims({ aud: ['other'] })), { audience: 'chat' }, 'jwt audience invalid. expected: chat'],
    ['aud missing', () => token(HS256, claims()), { audience: 'chat' }, 'jwt audience invalid. expected: chat'],
    ['aud ignored when none is configured', () => token(HS256, claims({ aud: 'anything' })), {}, null],
    ['iss as configured', () => token(HS256, claims({ iss: 'auth.example' })), { issuer: 'auth.example' }, null],
    ['iss another', () => token(HS256, claims({ iss: 'evil.example' })), { issuer: 'auth.example' }, 'jwt issuer invalid. expected: auth.example'],
    ['iss missing', () => token(HS256, claims()), { issuer: 'auth.example' }, 'jwt issuer invalid. expected: auth.example'],
  ];

  it.each(cases)('%s: the same verdict as jsonwebtoken', (_name, make, settings, reason) => {
    const verdict = expectSameVerdict(make(), settings);
    expect(verdict).toEqual(reason === null ? { claims: expect.any(Object) } : { refused: reason });
  });

  it('agrees with jsonwebtoken on every token one character away from a valid one', () => {
    const valid = token(HS256, claims({ aud: 'chat', iss: 'auth.example' }));
    const alphabet = 'AZaz09-_.=+/ %';
    fc.assert(
      fc.property(fc.nat(valid.length - 1), fc.constantFrom(...alphabet), fc.constantFrom<'replace' | 'insert' | 'delete'>('replace', 'insert', 'delete'), (at, char, edit) => {
        const mutated = edit === 'replace' ? valid.slice(0, at) + char + valid.slice(at + 1) : edit === 'insert' ? valid.slice(0, at) + char + valid.slice(at) : valid.slice(0, at) + valid.slice(at + 1);
        expectSameVerdict(mutated, { audience: 'chat', issuer: 'auth.example' });
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with jsonwebtoken on signed tokens with arbitrary claims', () => {
    const claim = fc.oneof(fc.integer({ min: NOW - 2 * TOLERANCE, max: NOW + 2 * TOLERANCE }), fc.string(), fc.constant(null), fc.boolean(), fc.array(fc.constantFrom('chat', 'other')));
    fc.assert(
      fc.property(fc.record({ exp: claim, nbf: claim, aud: claim, iss: fc.oneof(claim, fc.constant('auth.example')) }, { requiredKeys: [] }), (extra) => {
        expectSameVerdict(token(HS256, { sub: 'bob', ...extra }), { audience: 'chat', issuer: 'auth.example' });
        expectSameVerdict(token(HS256, { sub: 'bob', ...extra }));
      }),
      { numRuns: 1000 },
    );
  });
});
