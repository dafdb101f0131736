import { TestClient } from '../support/client';
import { startServer, TestServer } from '../support/server';
import { TEST_SECRET } from '../support/tokens';
import { connectUser, expectAlive } from './helpers';

/** RUSTY_SOCKS_RATE_LIMIT_MSG_PER_MIN takes effect (PROTOCOL.md §6 RATE_LIMITED, §8). */
describe('chat rate limit (RUSTY_SOCKS_RATE_LIMIT_MSG_PER_MIN=5)', () => {
  let server: TestServer;
  const clients: TestClient[] = [];

  beforeAll(
    async () =>
      (server = await startServer({ RUSTY_SOCKS_JWT_SECRET: TEST_SECRET, RUSTY_SOCKS_MAX_CONN_PER_IP: '1000', RUSTY_SOCKS_RATE_LIMIT_MSG_PER_MIN: '5' })),
  );
  afterEach(async () => void (await Promise.all(clients.splice(0).map((c) => c.close()))));
  afterAll(() => server.close());

  it('refuses the 6th message within a minute with RATE_LIMITED and retry_after_ms; it reaches nobody', async () => {
    const receiver = await connectUser(server.wsUrl, { sub: 'rl-receiver' }, clients);
    const sender = await connectUser(server.wsUrl, { sub: 'rl-sender' }, clients);
    for (let i = 1; i <= 5; i++) {
      const ack = await sender.request({ type: 'room_message', room_id: 'general', content: `message number ${i}` });
      expect(ack).toMatchObject({ type: 'success' });
    }
    const refused = await sender.request({ type: 'room_message', room_id: 'general', content: 'message number 6' });
    expect(refused).toEqual({ type: 'error', code: 'RATE_LIMITED', message: expect.any(String), retry_after_ms: expect.any(Number), request_id: expect.any(String) });
    expect(refused.retry_after_ms).toBeGreaterThan(0);
    await receiver.expectNone((f) => f.type === 'room_message' && f.content === 'message number 6');
    await expectAlive(sender);
  });
});
