import { ANON_ID, bearer, expectAuthFailed, GUEST_NAME, serverPerTest, signToken, startServer, TEST_SECRET, userUrl, UUID } from '../support';

/** PROTOCOL.md §2.2 "No token": anonymous guests, and when they are refused. */
describe('auth: anonymous clients', () => {
  const { server, clients, start } = serverPerTest();

  describe('development defaults', () => {
    beforeEach(() => start());

    it('welcomes a client without a token as an unauthenticated Guest', async () => {
      const { client, welcome } = await clients.connectWelcomed(server.wsUrl);
      expect(client.frames[0]).toBe(welcome);
      expect(welcome).toEqual({
        type: 'connected',
        client_id: expect.stringMatching(ANON_ID),
        connection_id: expect.stringMatching(UUID),
        authenticated: false,
        username: expect.stringMatching(GUEST_NAME),
        global_role: 'Guest',
      });
      await expect(client.request({ type: 'ping' })).resolves.toMatchObject({ type: 'pong' });
    });

    it('gives every anonymous client its own id and guest name', async () => {
      const { welcome: a } = await clients.connectWelcomed(server.wsUrl);
      const { welcome: b } = await clients.connectWelcomed(server.wsUrl);
      expect(a.client_id).not.toBe(b.client_id);
      expect(a.username).not.toBe(b.username);
    });

    it('also works without a JWT secret configured (built-in development secret)', async () => {
      const dev = await startServer({});
      try {
        const { welcome } = await clients.connectWelcomed(dev.wsUrl);
        expect(welcome).toMatchObject({ client_id: expect.stringMatching(ANON_ID), authenticated: false, global_role: 'Guest' });
      } finally {
        await clients.closeAll();
        await dev.close();
      }
    });
  });

  describe('RUSTY_SOCKS_ALLOW_ANONYMOUS=false', () => {
    beforeEach(() => start({ RUSTY_SOCKS_ALLOW_ANONYMOUS: 'false' }));

    it('refuses a client without a token with AUTH_FAILED + 4401', async () => {
      await expectAuthFailed(await clients.connect(server.wsUrl));
    });

    it('still welcomes a client with a valid token', async () => {
      const { welcome } = await clients.connectWelcomed(userUrl(server.wsUrl, { sub: 'alice' }));
      expect(welcome).toMatchObject({ type: 'connected', client_id: 'alice', authenticated: true, global_role: 'Member' });
    });
  });

  describe('production mode', () => {
    it('refuses anonymous clients by default with AUTH_FAILED + 4401, and welcomes valid tokens', async () => {
      await start({}, { production: true, jwtSecret: TEST_SECRET });
      await expectAuthFailed(await clients.connect(server.wsUrl));
      const { welcome } = await clients.connectWelcomed(server.wsUrl, bearer(signToken({ sub: 'prod-user', role: 'owner' })));
      expect(welcome).toMatchObject({ type: 'connected', client_id: 'prod-user', authenticated: true, global_role: 'Owner' });
    });

    it('admits anonymous clients when RUSTY_SOCKS_ALLOW_ANONYMOUS=true says so explicitly', async () => {
      await start({ RUSTY_SOCKS_ALLOW_ANONYMOUS: 'true' }, { production: true, jwtSecret: TEST_SECRET });
      const { welcome } = await clients.connectWelcomed(server.wsUrl);
      expect(welcome).toMatchObject({ client_id: expect.stringMatching(ANON_ID), authenticated: false, global_role: 'Guest' });
    });
  });
});
