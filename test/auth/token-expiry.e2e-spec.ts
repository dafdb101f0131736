import { serverForSuite, signToken, stillOpenAfter, TestClient, within } from '../support';

const TOLERANCE_MS = 60_000;

/**
 * A token whose `exp` lies `agoMs` in the past: still accepted thanks to the 60 s tolerance, and the
 * server must close the connection at `deadline` = exp + 60 s, i.e. 60 s - agoMs from now.
 */
function nearlyExpired(sub: string, agoMs: number): { token: string; deadline: number } {
  const exp = Math.round((Date.now() - agoMs) / 1000);
  return { token: signToken({ sub, exp }), deadline: exp * 1000 + TOLERANCE_MS };
}

/** Waits (with a timeout, no sleep) for the TOKEN_EXPIRED frame and the 4403 close. */
async function expectExpiredAround(client: TestClient, deadline: number): Promise<void> {
  const frame = await client.next((f) => f.type === 'error' && f.code === 'TOKEN_EXPIRED', 'the TOKEN_EXPIRED error', Math.max(0, deadline - Date.now()) + 3000);
  const at = Date.now();
  expect(frame).toEqual({ type: 'error', code: 'TOKEN_EXPIRED', message: expect.any(String) });
  const { code } = await within(client.closed, 3000, 'the 4403 close after TOKEN_EXPIRED');
  expect(code).toBe(4403);
  // Not before exp + tolerance (a little slack for the two clocks' rounding).
  expect(at).toBeGreaterThanOrEqual(deadline - 100);
}

/** PROTOCOL.md §2.2 "Token expiry during a connection" and §5.1 `refresh_token`. */
describe('auth: token expiry during a connection', () => {
  const { server, clients } = serverForSuite();

  const connectWith = (token: string) => clients.connectWelcomed(`${server.wsUrl}?token=${token}`);

  it('sends TOKEN_EXPIRED and closes with 4403 once exp + 60 s has passed', async () => {
    const { token, deadline } = nearlyExpired('erin', 58_500);
    const { client, welcome } = await connectWith(token);
    expect(welcome).toMatchObject({ client_id: 'erin', authenticated: true });
    await expectExpiredAround(client, deadline);
  });

  it('keeps the connection open past the old deadline after a successful refresh_token', async () => {
    const { token, deadline } = nearlyExpired('frank', 58_500);
    const { client } = await connectWith(token);

    client.send({ type: 'refresh_token', token: signToken({ sub: 'frank' }), request_id: 'refresh-1' });
    const reply = await client.next((f) => f.request_id === 'refresh-1', 'the refresh_token reply');
    expect(reply).toMatchObject({ type: 'success', message: expect.any(String), request_id: 'refresh-1' });
    expect(reply.data === null || typeof reply.data === 'object').toBe(true);
    expect(Date.now()).toBeLessThan(deadline); // the refresh really was before the old deadline

    // Proving an absence: a bounded wait well past the old deadline.
    await expect(stillOpenAfter(client, deadline + 1500 - Date.now())).resolves.toBe('open');
    expect(client.pending((f) => f.code === 'TOKEN_EXPIRED')).toEqual([]);
    await expect(client.request({ type: 'ping' })).resolves.toMatchObject({ type: 'pong', timestamp: expect.any(String) });
  });

  it('after refresh_token, the new token\'s exp + 60 s is the deadline that applies', async () => {
    const { token, deadline: oldDeadline } = nearlyExpired('ivy', 58_500);
    const { client } = await connectWith(token);
    // The new token's deadline is ~2 s after the old one.
    const { token: newer, deadline: newDeadline } = nearlyExpired('ivy', 58_500 - 2000);
    expect(newDeadline).toBeGreaterThanOrEqual(oldDeadline + 2000);

    await expect(client.request({ type: 'refresh_token', token: newer })).resolves.toMatchObject({ type: 'success' });
    await expectExpiredAround(client, newDeadline);
  });

  it('refuses refresh_token on an anonymous connection (a guest cannot become a user) and keeps it open', async () => {
    const { client, welcome } = await clients.connectWelcomed(server.wsUrl);
    expect(welcome).toMatchObject({ authenticated: false });
    await expect(client.request({ type: 'refresh_token', token: signToken({ sub: 'alice', role: 'owner' }) })).resolves.toMatchObject({
      type: 'error',
      code: 'AUTH_FAILED',
      request_id: expect.any(String),
    });
    await expect(client.request({ type: 'ping' })).resolves.toMatchObject({ type: 'pong' });
    expect(client.closeCode).toBeUndefined();
  });

  describe('a refused refresh_token answers AUTH_FAILED, leaves the connection open and the old expiry in force', () => {
    it.each<[string, () => string]>([
      ['a token signed with another secret', () => signToken({ sub: 'gina' }, { secret: 'another-secret-that-is-also-long-enough!!' })],
      ['a token for another sub', () => signToken({ sub: 'someone-else' })],
      ['a token that is not a JWT', () => 'not-a-jwt'],
      ['an expired token', () => signToken({ sub: 'gina', exp: Math.floor(Date.now() / 1000) - 3600 })],
      ['an alg "none" token', () => signToken({ sub: 'gina' }, { alg: 'none' })],
    ])('%s', async (_what, makeToken) => {
      const { token, deadline } = nearlyExpired('gina', 57_500);
      const { client } = await connectWith(token);

      client.send({ type: 'refresh_token', token: makeToken(), request_id: 'refresh-bad' });
      const reply = await client.next((f) => f.request_id === 'refresh-bad', 'the refresh_token reply');
      expect(reply).toEqual({ type: 'error', code: 'AUTH_FAILED', message: expect.any(String), request_id: 'refresh-bad' });

      await expect(client.request({ type: 'ping' })).resolves.toMatchObject({ type: 'pong' });
      expect(client.closeCode).toBeUndefined();

      await expectExpiredAround(client, deadline);
    });
  });

  it('does not close a connection whose token is valid for an hour', async () => {
    const { client } = await connectWith(signToken({ sub: 'hank' }));
    // Round trips after the welcome: the expiry is tracked (exp is in seconds, not ms) and has not struck.
    await expect(client.request({ type: 'ping' })).resolves.toMatchObject({ type: 'pong' });
    await client.expectNone((f) => f.type === 'error');
    expect(client.closeCode).toBeUndefined();
  });
});
