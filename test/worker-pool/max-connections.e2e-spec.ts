import { expectAlive, getStats, pollUntil, refusedUpgrade, serverForSuite, userUrl } from '../support';

/** RUSTY_SOCKS_MAX_CONN (PROTOCOL.md §2.1): one connection over the limit is refused with 503. */
describe('connection limit (RUSTY_SOCKS_MAX_CONN=2)', () => {
  const { server, clients } = serverForSuite({ RUSTY_SOCKS_MAX_CONN_PER_IP: '1000', RUSTY_SOCKS_MAX_CONN: '2' });

  it('refuses the third upgrade with 503 and Retry-After, and admits again once one closes', async () => {
    const first = await clients.asReady('cap-1');
    const second = await clients.asReady('cap-2');
    const before = await getStats(server.httpUrl);

    const refusal = await refusedUpgrade(userUrl(server.wsUrl, { sub: 'cap-3' }));
    expect(refusal.status).toBe(503);
    expect(refusal.headers['retry-after']).toMatch(/^\d+$/);
    expect(refusal.body).toEqual({ error: expect.any(String) });
    // Another user, another token: the limit is on the server, not on a user.
    const anonymous = await refusedUpgrade(server.wsUrl);
    expect(anonymous.status).toBe(503);

    // The two open connections are unaffected.
    await expectAlive(first);
    await expectAlive(second);
    const during = await getStats(server.httpUrl);
    expect(during.connections.current).toBe(2);
    expect(during.connections.total).toBe(before.connections.total);
    expect(during.connections.rejected).toBe(before.connections.rejected + 2);

    await second.close();
    const third = await pollUntil(
      async () => (await clients.connectWelcomed(userUrl(server.wsUrl, { sub: 'cap-3' }))).client,
      () => true,
      'the third client to be admitted after one closed',
    );
    expect(third.frames[0]).toMatchObject({ type: 'connected', client_id: 'cap-3' });
    await expectAlive(third);
    await expectAlive(first);

    // Full again.
    expect((await refusedUpgrade(userUrl(server.wsUrl, { sub: 'cap-4' }))).status).toBe(503);
  });
});
