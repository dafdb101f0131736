import { startServer, TestServer } from '../support/server';
import { signToken, TEST_SECRET } from '../support/tokens';
import { Clients, expectAuthFailed, UUID } from './auth-helpers';

const ANON_ID = new RegExp(`^anon-${UUID.source.slice(1, -1)}$`);

/** PROTOCOL.md §2.2 "No token": anonymous guests, and when they are refused. */
describe('auth: anonymous clients', () => {
  const clients = new Clients();
  let server: TestServer | undefined;
  afterEach(async () => {
    await clients.closeAll();
    await server?.close();
    server = undefined;
  });

  describe('development defaults', () => {
    beforeEach(async () => (server = await startServer({ RUSTY_SOCKS_JWT_SECRET: TEST_SECRET })));

    it('welcomes a client without a token as an unauthenticated Guest', async () => {
      const { client, welcome } = await clients.connectWelcomed(server!.wsUrl);
      expect(client.frames[0]).toBe(welcome);
      expect(welcome).toEqual({
        type: 'connected',
        client_id: expect.stringMatching(ANON_ID),
        connection_id: expect.stringMatching(UUID),
        authenticated: false,
        username: expect.stringMatching(/^guest-[0-9a-f]{8}$/),
        global_role: 'Guest',
      });
      await expect(client.request({ type: 'ping' })).resolves.toMatchObject({ type: 'pong' });
    });

    it('gives every anonymous client its own id and guest name', async () => {
      const { welcome: a } = await clients.connectWelcomed(server!.wsUrl);
      const { welcome: b } = await clients.connectWelcomed(server!.wsUrl);
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
    beforeEach(async () => (server = await startServer({ RUSTY_SOCKS_JWT_SECRET: TEST_SECRET, RUSTY_SOCKS_ALLOW_ANONYMOUS: 'false' })));

    it('refuses a client without a token with AUTH_FAILED + 4401', async () => {
      await expectAuthFailed(await clients.connect(server!.wsUrl));
    });

    it('still welcomes a client with a valid token', async () => {
      const { welcome } = await clients.connectWelcomed(`${server!.wsUrl}?token=${signToken({ sub: 'alice' })}`);
      expect(welcome).toMatchObject({ type: 'connected', client_id: 'alice', authenticated: true, global_role: 'Member' });
    });
  });

  describe('production mode', () => {
    it('refuses anonymous clients by default with AUTH_FAILED + 4401, and welcomes valid tokens', async () => {
      server = await startServer({}, { production: true, jwtSecret: TEST_SECRET });
      await expectAuthFailed(await clients.connect(server.wsUrl));
      const { welcome } = await clients.connectWelcomed(server.wsUrl, { headers: { Authorization: `Bearer ${signToken({ sub: 'prod-user', role: 'owner' })}` } });
      expect(welcome).toMatchObject({ type: 'connected', client_id: 'prod-user', authenticated: true, global_role: 'Owner' });
    });

    it('admits anonymous clients when RUSTY_SOCKS_ALLOW_ANONYMOUS=true says so explicitly', async () => {
      server = await startServer({ RUSTY_SOCKS_ALLOW_ANONYMOUS: 'true' }, { production: true, jwtSecret: TEST_SECRET });
      const { welcome } = await clients.connectWelcomed(server.wsUrl);
      expect(welcome).toMatchObject({ client_id: expect.stringMatching(ANON_ID), authenticated: false, global_role: 'Guest' });
    });
  });
});
