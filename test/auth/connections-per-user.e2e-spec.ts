import { bearer, serverPerTest, signToken, TestClient, UUID, within } from '../support';

/** PROTOCOL.md §2.3: several connections per user, up to RUSTY_SOCKS_MAX_CONN_PER_USER (the next: 4429). */
describe('auth: several connections per user', () => {
  const { server, clients, start } = serverPerTest();

  const as = (sub: string) => bearer(signToken({ sub }));

  /** Bob sends alice a private message (acked), and every given connection of alice receives it. */
  async function privateMessageReachesAll(sender: TestClient, recipients: TestClient[], content: string): Promise<void> {
    const ack = await sender.request({ type: 'private_message', target_user_id: 'alice', content });
    expect(ack).toMatchObject({ type: 'success' });
    for (const r of recipients) {
      await expect(r.next('private_message', `the private message on each of alice's connections`)).resolves.toEqual({
        type: 'private_message',
        id: expect.any(String),
        sender_id: 'bob',
        sender_username: 'bob',
        target_user_id: 'alice',
        content,
        timestamp: expect.any(String),
      });
    }
  }

  /** The refused extra connection: closed with 4429 and never welcomed. */
  async function expectTooMany(client: TestClient): Promise<void> {
    const { code } = await within(client.closed, 3000, 'the 4429 close of the extra connection');
    expect(code).toBe(4429);
    expect(client.frames.filter((f) => f.type === 'connected')).toEqual([]);
  }

  it('welcomes two connections of the same user and delivers a private message to both', async () => {
    await start();
    const { client: phone, welcome: w1 } = await clients.connectWelcomed(server.wsUrl, as('alice'));
    const { client: laptop, welcome: w2 } = await clients.connectWelcomed(server.wsUrl, as('alice'));
    const { client: bob } = await clients.connectWelcomed(server.wsUrl, as('bob'));
    expect(w1).toMatchObject({ type: 'connected', client_id: 'alice', authenticated: true, connection_id: expect.stringMatching(UUID) });
    expect(w2).toMatchObject({ type: 'connected', client_id: 'alice', authenticated: true, connection_id: expect.stringMatching(UUID) });
    expect(w1.connection_id).not.toBe(w2.connection_id);

    await privateMessageReachesAll(bob, [phone, laptop], 'hello on every device');
  });

  it('with RUSTY_SOCKS_MAX_CONN_PER_USER=2, closes the third connection with 4429 and keeps the first two working', async () => {
    await start({ RUSTY_SOCKS_MAX_CONN_PER_USER: '2' });
    const { client: first } = await clients.connectWelcomed(server.wsUrl, as('alice'));
    const { client: second } = await clients.connectWelcomed(server.wsUrl, as('alice'));
    const third = await clients.connect(server.wsUrl, as('alice'));
    await expectTooMany(third);

    expect(first.closeCode).toBeUndefined();
    expect(second.closeCode).toBeUndefined();
    await expect(first.request({ type: 'ping' })).resolves.toMatchObject({ type: 'pong' });
    await expect(second.request({ type: 'ping' })).resolves.toMatchObject({ type: 'pong' });

    // The limit is per user: another user still gets in, and alice's two connections still receive.
    const { client: bob, welcome } = await clients.connectWelcomed(server.wsUrl, as('bob'));
    expect(welcome).toMatchObject({ client_id: 'bob' });
    await privateMessageReachesAll(bob, [first, second], 'still here?');
  });

  it('by default allows 10 connections per user and closes the 11th with 4429', async () => {
    await start({ RUSTY_SOCKS_MAX_CONN_PER_IP: '100' });
    const ten: TestClient[] = [];
    for (let i = 0; i < 10; i++) ten.push((await clients.connectWelcomed(server.wsUrl, as('alice'))).client);
    await expectTooMany(await clients.connect(server.wsUrl, as('alice')));
    await expect(ten[0].request({ type: 'ping' })).resolves.toMatchObject({ type: 'pong' });
    expect(ten.every((c) => c.closeCode === undefined)).toBe(true);
  });
});
