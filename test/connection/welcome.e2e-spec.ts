import { serverForSuite, userUrl, UUID } from '../support';

describe('welcome and default room', () => {
  const { server, clients } = serverForSuite();

  it('greets an authenticated user with the connected frame first', async () => {
    const { client, welcome } = await clients.connectWelcomed(userUrl(server.wsUrl, { sub: 'alice', username: 'Alice', role: 'ADMIN' }));
    expect(client.frames[0]).toBe(welcome);
    expect(welcome).toEqual({
      type: 'connected',
      client_id: 'alice',
      connection_id: expect.stringMatching(UUID),
      authenticated: true,
      username: 'Alice',
      global_role: 'Admin',
    });
  });

  it('joins every connection to the default room, where the others see it arrive', async () => {
    const { client: alice } = await clients.connectWelcomed(userUrl(server.wsUrl, { sub: 'alice' }));
    const { client: bob } = await clients.connectWelcomed(userUrl(server.wsUrl, { sub: 'bob' }));
    await expect(alice.next('user_joined')).resolves.toEqual({ type: 'user_joined', room_id: 'general', user_id: 'bob', username: 'bob' });
    bob.send({ type: 'room_message', room_id: 'general', content: 'hi' });
    await expect(alice.next('room_message')).resolves.toMatchObject({ room_id: 'general', sender_id: 'bob', content: 'hi' });
  });
});
