import { CloseCode } from '../../src/common/close-code';
import { ManualClock } from '../../src/common/clock';
import { Clients, expectAlive, expectError, Frame, startServer, testEnv, TestServer, within } from '../support';

const MINUTE = 60_000;

/**
 * Rate limits (PROTOCOL.md §6 RATE_LIMITED, §8): budgets per kind of operation, counted per
 * connection, per user across connections and per IP, plus a global ceiling. A refused request is
 * not executed; other users are unaffected; the budget comes back when its window ends (the test
 * moves a manual clock); sustained abuse closes with 4429.
 */
describe('rate limits', () => {
  const clients = new Clients(() => server);
  let server: TestServer | undefined;
  let clock: ManualClock;
  const start = async (env: Record<string, string>) => {
    clock = new ManualClock();
    // Idle timeouts far beyond any minute the test moves the clock by.
    server = await startServer(testEnv({ RUSTY_SOCKS_TIMEOUT: '86400', RUSTY_SOCKS_PING: '3600', ...env }), {}, { clock });
    return server;
  };
  afterEach(async () => {
    await clients.closeAll();
    await server?.close();
    server = undefined;
  });

  const say = (client: Awaited<ReturnType<Clients['asReady']>>, content: string) => client.request({ type: 'room_message', room_id: 'general', content });

  it('refuses chat past RATE_LIMIT_MSG_PER_MIN with retry_after_ms, executes nothing, and allows it again a minute later', async () => {
    await start({ RUSTY_SOCKS_RATE_LIMIT_MSG_PER_MIN: '3' });
    const listener = await clients.asReady('listener');
    const alice = await clients.asReady('alice');
    for (let i = 1; i <= 3; i++) expect(await say(alice, `hello ${i}`)).toMatchObject({ type: 'success' });
    const refused = await say(alice, 'hello 4');
    expectError(refused, 'RATE_LIMITED');
    expect(refused.retry_after_ms).toBeGreaterThan(0);
    expect(refused.retry_after_ms).toBeLessThanOrEqual(MINUTE);
    await listener.expectNone((f: Frame) => f.type === 'room_message' && f.content === 'hello 4');

    clock.advance(refused.retry_after_ms);
    expect(await say(alice, 'hello again')).toMatchObject({ type: 'success' });
    await expect(listener.next((f: Frame) => f.type === 'room_message' && f.content === 'hello again')).resolves.toMatchObject({ sender_id: 'alice' });
  });

  it('shares a user’s budget across their connections and leaves other users alone', async () => {
    await start({ RUSTY_SOCKS_RATE_LIMIT_MSG_PER_MIN: '3' });
    const phone = await clients.asReady('alice');
    const laptop = await clients.asReady('alice');
    const bob = await clients.asReady('bob');
    expect(await say(phone, 'one')).toMatchObject({ type: 'success' });
    expect(await say(laptop, 'two')).toMatchObject({ type: 'success' });
    expect(await say(phone, 'three')).toMatchObject({ type: 'success' });
    expectError(await say(laptop, 'four'), 'RATE_LIMITED');
    expect(await say(bob, 'bob is fine')).toMatchObject({ type: 'success' });
  });

  it('keeps separate budgets per kind of operation', async () => {
    await start({ RUSTY_SOCKS_RATE_LIMIT_MSG_PER_MIN: '1', RUSTY_SOCKS_RATE_LIMIT_ROOM_CREATE_PER_MIN: '1', RUSTY_SOCKS_RATE_LIMIT_PRIVATE_PER_MIN: '1' });
    const alice = await clients.asReady('alice');
    await clients.asReady('bob');
    expect(await say(alice, 'first')).toMatchObject({ type: 'success' });
    expectError(await say(alice, 'second'), 'RATE_LIMITED');
    // Chat is spent; private messages, room operations and room creation each have their own budget.
    expect(await alice.request({ type: 'private_message', target_user_id: 'bob', content: 'psst' })).toMatchObject({ type: 'success' });
    expectError(await alice.request({ type: 'private_message', target_user_id: 'bob', content: 'psst again' }), 'RATE_LIMITED');
    expect(await alice.request({ type: 'list_rooms' })).toMatchObject({ type: 'room_list' });
    expect(await alice.request({ type: 'create_room', name: 'Room one' })).toMatchObject({ type: 'success' });
    expectError(await alice.request({ type: 'create_room', name: 'Room two' }), 'RATE_LIMITED');
    await expectAlive(alice);
  });

  it('counts an IP’s guests together, so reconnecting as a new guest does not reset the budget', async () => {
    // Per IP the chat budget is 2 × MAX_CONN_PER_IP = 4 messages a minute.
    await start({ RUSTY_SOCKS_RATE_LIMIT_MSG_PER_MIN: '2', RUSTY_SOCKS_MAX_CONN_PER_IP: '2' });
    for (const round of [1, 2]) {
      const { client: guest } = await clients.guest();
      await expectAlive(guest);
      expect(await say(guest, `round ${round} a`)).toMatchObject({ type: 'success' });
      expect(await say(guest, `round ${round} b`)).toMatchObject({ type: 'success' });
      await guest.close();
    }
    const { client: third } = await clients.guest();
    await expectAlive(third);
    expectError(await say(third, 'a fresh guest, the same address'), 'RATE_LIMITED');
  });

  it('refuses everything past the global ceiling, whoever sends it', async () => {
    await start({ RUSTY_SOCKS_RATE_LIMIT_GLOBAL_PER_SEC: '4' });
    const alice = await clients.as('alice');
    const bob = await clients.as('bob');
    const replies: Frame[] = [];
    for (const client of [alice, bob, alice, bob, alice]) replies.push(await client.request({ type: 'list_rooms' }));
    expect(replies.map((r) => r.type)).toEqual(['room_list', 'room_list', 'room_list', 'room_list', 'error']);
    expect(replies[4]).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('ceiling') });
    clock.advance(1000);
    expect(await bob.request({ type: 'list_rooms' })).toMatchObject({ type: 'room_list' });
  });

  it('closes a connection that keeps hammering past its limit with 4429', async () => {
    await start({ RUSTY_SOCKS_RATE_LIMIT_MSG_PER_MIN: '1' });
    const bystander = await clients.asReady('bystander');
    const abuser = await clients.asReady('abuser');
    for (let i = 0; i < 40; i++) abuser.send({ type: 'room_message', room_id: 'general', content: `spam ${i}` });
    const { code } = await within(abuser.closed, 5000, 'the abuser to be closed');
    expect(code).toBe(CloseCode.PolicyViolation);
    expect(abuser.frames.filter((f) => f.code === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(30);
    await expectAlive(bystander);
  });
});
