import { bearer, DEVELOPMENT_JWT_SECRET, expectAuthFailed, serverForSuite, signHmac, signToken, userUrl } from '../support';

const now = (): number => Math.floor(Date.now() / 1000);

/**
 * PROTOCOL.md §2.2: HS256 only, `exp` required with 60 s tolerance, `sub`/`username`/`role` claims,
 * `aud`/`iss` when configured. Every refusal is exactly one AUTH_FAILED frame and close 4401, and the
 * servers here allow anonymous users (development default), so a bad token is never downgraded.
 */
describe('auth: token verification', () => {
  describe('with RUSTY_SOCKS_JWT_SECRET set and anonymous users allowed', () => {
    const { server, clients } = serverForSuite({ RUSTY_SOCKS_MAX_CONN_PER_IP: '1000' });

    const welcomeFor = async (token: string) => (await clients.connectWelcomed(`${server.wsUrl}?token=${encodeURIComponent(token)}`)).welcome;
    const refusal = async (token: string) => expectAuthFailed(await clients.connect(server.wsUrl, bearer(token)));

    it('the server does allow anonymous users (so the refusals below are not downgraded)', async () => {
      await expect(clients.connectWelcomed(server.wsUrl)).resolves.toMatchObject({ welcome: { authenticated: false, global_role: 'Guest' } });
    });

    describe('refuses with AUTH_FAILED + 4401', () => {
      it.each<[string, () => string]>([
        ['alg "none" (unsigned)', () => signToken({ sub: 'mallory' }, { alg: 'none' })],
        ['alg "none" with a signature', () => signToken({ sub: 'mallory' }, { alg: 'none' }) + 'c2ln'],
        ['HS512, even with the right secret', () => signHmac('HS512', { sub: 'mallory' })],
        ['HS384, even with the right secret', () => signHmac('HS384', { sub: 'mallory' })],
        ['HS256 with another secret', () => signToken({ sub: 'mallory' }, { secret: 'another-secret-that-is-also-long-enough!!' })],
        ['HS256 with the built-in development secret', () => signToken({ sub: 'mallory' }, { secret: DEVELOPMENT_JWT_SECRET })],
        ['a tampered payload', () => {
          const [head, , sig] = signToken({ sub: 'alice', role: 'member' }).split('.');
          return [head, Buffer.from(JSON.stringify({ sub: 'alice', role: 'owner', exp: now() + 3600 })).toString('base64url'), sig].join('.');
        }],
        ['something that is not a JWT', () => 'not-a-jwt'],
        ['no exp claim', () => signToken({ sub: 'mallory', exp: undefined })],
        ['an exp that is not a number', () => signToken({ sub: 'mallory', exp: String(now() + 3600) })],
        ['exp 62 s ago (just past the 60 s tolerance)', () => signToken({ sub: 'mallory', exp: now() - 62 })],
        ['exp an hour ago', () => signToken({ sub: 'mallory', exp: now() - 3600 })],
        ['no sub claim', () => signToken({ username: 'mallory' })],
        ['an empty sub', () => signToken({ sub: '' })],
        ['a sub that is not a string', () => signToken({ sub: 42 })],
        ['a sub of 129 characters', () => signToken({ sub: 'a'.repeat(129) })],
        ['an unknown role', () => signToken({ sub: 'mallory', role: 'superuser' })],
        ['a role that is not a string', () => signToken({ sub: 'mallory', role: 4 })],
      ])('a token with %s', async (_what, make) => {
        await refusal(make());
      });
    });

    it('accepts a token that expired less than 60 s ago (clock tolerance)', async () => {
      await expect(welcomeFor(signToken({ sub: 'late-lucy', exp: now() - 30 }))).resolves.toMatchObject({ type: 'connected', client_id: 'late-lucy', authenticated: true });
    });

    it('accepts a sub of exactly 128 characters', async () => {
      const sub = 'b'.repeat(128);
      await expect(welcomeFor(signToken({ sub }))).resolves.toMatchObject({ client_id: sub, authenticated: true });
    });

    it.each([
      ['MODERATOR', 'Moderator'],
      ['admin', 'Admin'],
      ['Owner', 'Owner'],
      ['mEmBeR', 'Member'],
      ['guest', 'Guest'],
    ])('accepts role %j in any case and reports it as global_role %j', async (role, wire) => {
      await expect(welcomeFor(signToken({ sub: `role-${role}`, role }))).resolves.toMatchObject({ client_id: `role-${role}`, authenticated: true, global_role: wire });
    });

    it('defaults the global role to Member when there is no role claim', async () => {
      await expect(welcomeFor(signToken({ sub: 'plain' }))).resolves.toMatchObject({ global_role: 'Member', authenticated: true });
    });

    it('uses sub as the username when there is no username claim', async () => {
      await expect(welcomeFor(signToken({ sub: 'nameless-nick' }))).resolves.toEqual(
        expect.objectContaining({ client_id: 'nameless-nick', username: 'nameless-nick' }),
      );
    });

    it('uses the username claim as the display name when present', async () => {
      await expect(welcomeFor(signToken({ sub: 'u-123', username: 'Nora' }))).resolves.toMatchObject({ client_id: 'u-123', username: 'Nora' });
    });
  });

  describe('with RUSTY_SOCKS_JWT_AUDIENCE and RUSTY_SOCKS_JWT_ISSUER set', () => {
    const { server, clients } = serverForSuite({
      RUSTY_SOCKS_JWT_AUDIENCE: 'rusty-socks-clients',
      RUSTY_SOCKS_JWT_ISSUER: 'https://auth.example.test',
      RUSTY_SOCKS_MAX_CONN_PER_IP: '1000',
    });
    const good = { aud: 'rusty-socks-clients', iss: 'https://auth.example.test' };

    it('accepts a token with the right aud and iss', async () => {
      const { welcome } = await clients.connectWelcomed(userUrl(server.wsUrl, { sub: 'audrey', ...good }));
      expect(welcome).toMatchObject({ type: 'connected', client_id: 'audrey', authenticated: true });
    });

    it('accepts an aud array that contains the configured audience', async () => {
      const { welcome } = await clients.connectWelcomed(userUrl(server.wsUrl, { sub: 'audrey', ...good, aud: ['other-api', 'rusty-socks-clients'] }));
      expect(welcome).toMatchObject({ client_id: 'audrey', authenticated: true });
    });

    it.each<[string, Record<string, unknown>]>([
      ['a wrong aud', { ...good, aud: 'some-other-api' }],
      ['no aud', { ...good, aud: undefined }],
      ['a wrong iss', { ...good, iss: 'https://evil.example.test' }],
      ['no iss', { ...good, iss: undefined }],
      ['neither aud nor iss', {}],
    ])('refuses a token with %s with AUTH_FAILED + 4401', async (_what, claims) => {
      await expectAuthFailed(await clients.connect(userUrl(server.wsUrl, { sub: 'audrey', ...claims })));
    });
  });

  describe('with RUSTY_SOCKS_JWT_AUDIENCE and RUSTY_SOCKS_JWT_ISSUER unset', () => {
    const { server, clients } = serverForSuite();

    it('accepts tokens whatever their aud and iss', async () => {
      const { welcome } = await clients.connectWelcomed(userUrl(server.wsUrl, { sub: 'ivan', aud: 'anything', iss: 'anyone' }));
      expect(welcome).toMatchObject({ client_id: 'ivan', authenticated: true });
    });
  });
});
