import { connectWelcomed, TestClient } from '../support/client';
import { startServer, TestServer } from '../support/server';
import { signToken, TEST_SECRET } from '../support/tokens';

describe('welcome and default room', () => {
  let server: TestServer;
  const clients: TestClient[] = [];
  beforeAll(async () => (server = await startServer({ RUSTY_SOCKS_JWT_SECRET: TEST_SECRET })));
  afterEach(async () => void (await Promise.all(clients.splice(0).map((c) => c.close()))));
  afterAll(() => server.close());

  it('greets an authenticated user with the connected frame first', async () => {
    const { client, welcome } = await connectWelcomed(`${server.wsUrl}?token=${signToken({ sub: 'alice', username: 'Alice', role: 'ADMIN' })}`);
    clients.push(client);
    expect(client.frames[0]).toBe(welcome);
    expect(welcome).toEqual({
      type: 'connected',
      client_id: 'alice',
      connection_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      authenticated: true,
      username: 'Alice',
      global_role: 'Admin',
    });
  });

  it('joins every connection to the default room, where the others see it arrive', async () => {
    const { client: alice } = await connectWelcomed(`${server.wsUrl}?token=${signToken({ sub: 'alice' })}`);
    const { client: bob } = await connectWelcomed(`${server.wsUrl}?token=${signToken({ sub: 'bob' })}`);
    clients.push(alice, bob);
    await expect(alice.next('user_joined')).resolves.toEqual({ type: 'user_joined', room_id: 'general', user_id: 'bob', username: 'bob' });
    bob.send({ type: 'room_message', room_id: 'general', content: 'hi' });
    await expect(alice.next('room_message')).resolves.toMatchObject({ room_id: 'general', sender_id: 'bob', content: 'hi' });
  });
});
