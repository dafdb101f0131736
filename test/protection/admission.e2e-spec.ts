import { CloseCode } from '../../src/common/close-code';
import { expectAlive, getStats, pollUntil, refusedUpgrade, serverPerTest, signToken, statsUntil, userUrl } from '../support';

/**
 * Admission before the upgrade (PROTOCOL.md §2.1): Origin (403) and connections per IP (429),
 * answered with a JSON `{"error"}` body, never becoming a WebSocket, leaving open connections alone,
 * and with the per-IP count released on every way a socket can close.
 */
describe('admission before the upgrade', () => {
  const { clients, start } = serverPerTest();

  describe('Origin (RUSTY_SOCKS_ALLOWED_ORIGINS)', () => {
    it('refuses an Origin that is not listed with 403 before the upgrade; existing connections carry on', async () => {
      const server = await start({ RUSTY_SOCKS_ALLOWED_ORIGINS: 'https://chat.example.com,https://app.example.com' });
      const { client: existing } = await clients.connectWelcomed(userUrl(server.wsUrl, { sub: 'origin-ok' }), { headers: { Origin: 'https://chat.example.com' } });
      const before = await getStats(server.httpUrl);
      for (const origin of ['https://evil.example.com', 'https://chat.example.com.evil.com', 'http://chat.example.com', 'null']) {
        const refusal = await refusedUpgrade(userUrl(server.wsUrl, { sub: 'origin-bad' }), { headers: { Origin: origin } });
        expect({ origin, status: refusal.status, body: refusal.body }).toEqual({ origin, status: 403, body: { error: 'Origin not allowed' } });
      }
      const after = await getStats(server.httpUrl);
      expect(after.connections.total).toBe(before.connections.total);
      expect(after.connections.rejected).toBe(before.connections.rejected + 4);
      await expectAlive(existing);
    });

    it('admits a listed Origin (exact match) and a native client that sends none', async () => {
      const server = await start({ RUSTY_SOCKS_ALLOWED_ORIGINS: 'https://app.example.com' });
      await clients.connectWelcomed(userUrl(server.wsUrl, { sub: 'origin-a' }), { headers: { Origin: 'https://app.example.com' } });
      await clients.connectWelcomed(userUrl(server.wsUrl, { sub: 'origin-native' }));
    });

    it('in production with no list, admits only pages served from the same host', async () => {
      const server = await start({}, { production: true, jwtSecret: 'p'.repeat(40) });
      const url = `${server.wsUrl}?token=${signToken({ sub: 'prod' }, { secret: 'p'.repeat(40) })}`;
      await clients.connectWelcomed(url, { headers: { Origin: `http://127.0.0.1:${server.port}` } });
      const refusal = await refusedUpgrade(url, { headers: { Origin: 'https://elsewhere.example.com' } });
      expect(refusal.status).toBe(403);
    });
  });

  describe('connections per IP (RUSTY_SOCKS_MAX_CONN_PER_IP)', () => {
    it('refuses one connection too many from an IP with 429 and Retry-After, and admits again after one closes', async () => {
      const server = await start({ RUSTY_SOCKS_MAX_CONN_PER_IP: '2' });
      const first = await clients.as('ip-1');
      const second = await clients.as('ip-2');
      const refusal = await refusedUpgrade(userUrl(server.wsUrl, { sub: 'ip-3' }));
      expect(refusal).toMatchObject({ status: 429, body: { error: expect.any(String) } });
      expect(Number(refusal.headers['retry-after'])).toBeGreaterThan(0);
      await expectAlive(first);
      await second.close();
      await pollUntil(() => clients.as('ip-3'), () => true, 'a new connection from the IP after one closed');
    });

    it('releases the count of sockets the server closed itself: a bad token (4401) and one connection too many for a user (4429)', async () => {
      const server = await start({ RUSTY_SOCKS_MAX_CONN_PER_IP: '2', RUSTY_SOCKS_MAX_CONN_PER_USER: '1' });
      for (let round = 0; round < 3; round++) {
        const bad = await clients.connect(`${server.wsUrl}?token=not-a-jwt`);
        expect((await bad.closed).code).toBe(CloseCode.AuthFailed);
        await statsUntil(server.httpUrl, (s) => s.connections.rejected >= round + 1 && s.connections.current === 0, 'the refused socket to be gone');
      }
      const alice = await clients.as('alice');
      for (let round = 0; round < 3; round++) {
        const extra = await clients.connect(userUrl(server.wsUrl, { sub: 'alice' }));
        expect((await extra.closed).code).toBe(CloseCode.PolicyViolation);
      }
      // Three refused sockets of each kind came and went; the IP still has room for one more.
      await pollUntil(() => clients.as('bob'), () => true, 'a second connection from the IP');
      await expectAlive(alice);
    });

    it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
      const server = await start({ RUSTY_SOCKS_MAX_CONN_PER_IP: '1' });
      await clients.connectWelcomed(userUrl(server.wsUrl, { sub: 'xff-1' }), { headers: { 'X-Forwarded-For': '203.0.113.1' } });
      const refusal = await refusedUpgrade(userUrl(server.wsUrl, { sub: 'xff-2' }), { headers: { 'X-Forwarded-For': '203.0.113.2' } });
      expect(refusal.status).toBe(429);
    });

    it('counts each forwarded client IP on its own behind a trusted proxy', async () => {
      const server = await start({ RUSTY_SOCKS_MAX_CONN_PER_IP: '1', RUSTY_SOCKS_TRUSTED_PROXIES: '127.0.0.1' });
      await clients.connectWelcomed(userUrl(server.wsUrl, { sub: 'proxied-1' }), { headers: { 'X-Forwarded-For': '203.0.113.1' } });
      await clients.connectWelcomed(userUrl(server.wsUrl, { sub: 'proxied-2' }), { headers: { 'X-Forwarded-For': '203.0.113.2' } });
      const refusal = await refusedUpgrade(userUrl(server.wsUrl, { sub: 'proxied-3' }), { headers: { 'X-Forwarded-For': 'spoofed, 203.0.113.1' } });
      expect(refusal.status).toBe(429);
    });
  });
});
