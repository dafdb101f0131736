import { connectWelcomed, refusedUpgrade, TestClient } from '../support/client';
import { startServer, TestServer } from '../support/server';
import { TEST_SECRET } from '../support/tokens';
import { getStats, pollUntil } from '../http/poll';
import { expectAlive, userUrl } from '../protocol/helpers';

/**
 * The other admission checks of PROTOCOL.md §2.1 besides the connection limit and the pool: Origin
 * (403) and connections per IP (429), answered before the upgrade with a JSON `{"error"}` body.
 */
describe('admission before the upgrade', () => {
  let server: TestServer | undefined;
  const clients: TestClient[] = [];

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server?.close();
    server = undefined;
  });

  async function admitted(url: string, headers: Record<string, string> = {}): Promise<TestClient> {
    const { client } = await connectWelcomed(url, { headers });
    clients.push(client);
    return client;
  }

  describe('Origin (RUSTY_SOCKS_ALLOWED_ORIGINS)', () => {
    beforeEach(
      async () =>
        (server = await startServer({
          RUSTY_SOCKS_JWT_SECRET: TEST_SECRET,
          RUSTY_SOCKS_ALLOWED_ORIGINS: 'https://chat.example.com,https://app.example.com',
          RUSTY_SOCKS_MAX_CONN_PER_IP: '1000',
        })),
    );

    it('refuses an Origin that is not listed with 403 and a JSON error, before the upgrade', async () => {
      const existing = await admitted(userUrl(server!.wsUrl, { sub: 'origin-ok' }), { Origin: 'https://chat.example.com' });
      const before = await getStats(server!.httpUrl);
      for (const origin of ['https://evil.example.com', 'https://chat.example.com.evil.com', 'http://chat.example.com', 'null']) {
        const refusal = await refusedUpgrade(userUrl(server!.wsUrl, { sub: 'origin-bad' }), { headers: { Origin: origin } });
        expect({ origin, status: refusal.status }).toEqual({ origin, status: 403 });
        expect(refusal.body).toEqual({ error: expect.any(String) });
      }
      const after = await getStats(server!.httpUrl);
      expect(after.connections.total).toBe(before.connections.total);
      await expectAlive(existing);
    });

    it('admits a listed Origin (exact match) and a request without Origin', async () => {
      await admitted(userUrl(server!.wsUrl, { sub: 'origin-a' }), { Origin: 'https://app.example.com' });
      await admitted(userUrl(server!.wsUrl, { sub: 'origin-native' }));
    });
  });

  describe('connections per IP (RUSTY_SOCKS_MAX_CONN_PER_IP)', () => {
    it('refuses the third connection from one IP with 429 when the limit is 2, and admits again after one closes', async () => {
      server = await startServer({ RUSTY_SOCKS_JWT_SECRET: TEST_SECRET, RUSTY_SOCKS_MAX_CONN_PER_IP: '2' });
      const first = await admitted(userUrl(server.wsUrl, { sub: 'ip-1' }));
      const second = await admitted(userUrl(server.wsUrl, { sub: 'ip-2' }));
      const refusal = await refusedUpgrade(userUrl(server.wsUrl, { sub: 'ip-3' }));
      expect(refusal.status).toBe(429);
      expect(refusal.body).toEqual({ error: expect.any(String) });
      await expectAlive(first);
      await second.close();
      const url = userUrl(server.wsUrl, { sub: 'ip-3' });
      await pollUntil(() => admitted(url), () => true, 'a new connection from the IP after one closed');
    });

    it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
      server = await startServer({ RUSTY_SOCKS_JWT_SECRET: TEST_SECRET, RUSTY_SOCKS_MAX_CONN_PER_IP: '1' });
      await admitted(userUrl(server.wsUrl, { sub: 'xff-1' }), { 'X-Forwarded-For': '203.0.113.1' });
      const refusal = await refusedUpgrade(userUrl(server.wsUrl, { sub: 'xff-2' }), { headers: { 'X-Forwarded-For': '203.0.113.2' } });
      expect(refusal.status).toBe(429);
    });

    it('counts per forwarded IP behind a trusted proxy', async () => {
      server = await startServer({ RUSTY_SOCKS_JWT_SECRET: TEST_SECRET, RUSTY_SOCKS_MAX_CONN_PER_IP: '1', RUSTY_SOCKS_TRUSTED_PROXIES: '127.0.0.1' });
      await admitted(userUrl(server.wsUrl, { sub: 'proxied-1' }), { 'X-Forwarded-For': '203.0.113.1' });
      await admitted(userUrl(server.wsUrl, { sub: 'proxied-2' }), { 'X-Forwarded-For': '203.0.113.2' });
      const refusal = await refusedUpgrade(userUrl(server.wsUrl, { sub: 'proxied-3' }), { headers: { 'X-Forwarded-For': '203.0.113.1' } });
      expect(refusal.status).toBe(429);
    });
  });
});
