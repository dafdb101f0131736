import { TestClient } from '../support/client';
import { startServer, TestServer } from '../support/server';
import { TEST_SECRET } from '../support/tokens';
import { connectUser } from '../protocol/helpers';

/**
 * Shutting down (PROTOCOL.md §2.1 last row, §6): open connections are told to reconnect elsewhere
 * with close code 1001, not cut off.
 */
describe('server shutdown', () => {
  let server: TestServer;
  const clients: TestClient[] = [];

  beforeEach(async () => (server = await startServer({ RUSTY_SOCKS_JWT_SECRET: TEST_SECRET, RUSTY_SOCKS_MAX_CONN_PER_IP: '1000' })));
  afterEach(async () => {
    // A socket the server did not close properly is cut here, so nothing is left open.
    for (const c of clients.splice(0)) c.socket.terminate();
  });

  it('closes every open connection with 1001 (going away)', async () => {
    const alice = await connectUser(server.wsUrl, { sub: 'bye-alice' }, clients);
    const bob = await connectUser(server.wsUrl, { sub: 'bye-bob' }, clients);
    const closing = server.close();
    const [a, b] = await Promise.all([alice.closed, bob.closed]);
    await closing;
    expect(a.code).toBe(1001);
    expect(b.code).toBe(1001);
  });
});
