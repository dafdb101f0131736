import { Logger } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { ManualClock } from '../../src/common/clock';
import { bearer, Clients, createRoom, expectAuthFailed, expectError, joinRoom, refusedUpgrade, signToken, startServer, TEST_SECRET, testEnv, TestServer } from '../support';
import { CapturedLogs } from './captured-logs';

/**
 * The standalone server's logs (README "Logs"): pino JSON lines, one per connection opened and closed
 * (user, IP, close code, duration), auth failure, refusal, rate-limit hit and moderation action, at
 * `RUSTY_SOCKS_LOG_LEVEL`; never a message's content, never a token. The server writes to an
 * in-memory destination here exactly as it writes to stdout in production.
 */
describe('structured logs', () => {
  const clients = new Clients(() => server);
  let server: TestServer | undefined;
  let logs: CapturedLogs;
  let clock: ManualClock;
  const start = async (env: Record<string, string> = {}) => {
    logs = new CapturedLogs();
    clock = new ManualClock();
    server = await startServer(testEnv({ RUSTY_SOCKS_TIMEOUT: '86400', RUSTY_SOCKS_PING: '3600', ...env }), {}, { clock, logDestination: logs });
    return server;
  };
  afterEach(async () => {
    await clients.closeAll();
    await server?.close();
    server = undefined;
  });

  it('writes one JSON line per connection opened and closed, with user, IP, close code and duration', async () => {
    await start();
    const alice = await clients.asReady('alice');
    const opened = await logs.waitFor((l) => l.event === 'connection.opened' && l.user_id === 'alice', 'the opened line');
    expect(opened).toMatchObject({ level: 'info', context: 'SessionService', ip: '127.0.0.1', authenticated: true, connection_id: expect.any(String) });
    expect(Number.isNaN(Date.parse(opened.time))).toBe(false);

    clock.advance(1234);
    alice.socket.close(4000, 'bye');
    await alice.closed;
    const closed = await logs.waitFor((l) => l.event === 'connection.closed' && l.user_id === 'alice', 'the closed line');
    expect(closed).toMatchObject({ level: 'info', connection_id: opened.connection_id, ip: '127.0.0.1', code: 4000, duration_ms: 1234 });
    expect(logs.events('connection.closed')).toHaveLength(1);
  });

  it('logs the code the server chose when it closes a connection, and a rate-limit hit once per connection, not per refusal', async () => {
    await start({ RUSTY_SOCKS_RATE_LIMIT_MSG_PER_MIN: '1' });
    const bob = await clients.asReady('bob');
    expect(await bob.request({ type: 'room_message', room_id: 'general', content: 'one' })).toMatchObject({ type: 'success' });
    // 30 refusals within a minute are tolerated; the 31st closes the connection with 4429.
    for (let i = 0; i < 30; i++) expectError(await bob.request({ type: 'room_message', room_id: 'general', content: `more ${i}` }), 'RATE_LIMITED');
    bob.send({ type: 'room_message', room_id: 'general', content: 'one too many' });
    expect((await bob.closed).code).toBe(4429);

    const hits = logs.events('rate_limit.hit');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ level: 'warn', kind: 'chat', scope: 'connection', user_id: 'bob', ip: '127.0.0.1', retry_after_ms: expect.any(Number) });
    expect(logs.events('rate_limit.abuse')).toEqual([expect.objectContaining({ level: 'warn', user_id: 'bob', refusals: 31 })]);
    await expect(logs.waitFor((l) => l.event === 'connection.closed' && l.user_id === 'bob', 'the closed line')).resolves.toMatchObject({ code: 4429 });
  });

  it('logs an auth failure with its reason and IP, never the token', async () => {
    await start();
    const wrongSecret = signToken({ sub: 'mallory' }, { secret: 'another-secret-that-is-also-long-enough!!' });
    await expectAuthFailed(await clients.connect(server!.wsUrl, bearer(wrongSecret)));
    const failed = await logs.waitFor((l) => l.event === 'auth.failed', 'the auth failure line');
    expect(failed).toMatchObject({ level: 'warn', ip: '127.0.0.1', reason: 'invalid signature' });

    // A correctly signed payload that is not JSON (JSON.parse would quote it in its error) must not reach
    // the log either. (A minute later, since failures from one IP log one warning a minute.)
    clock.advance(60_000);
    const signed = `${Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url')}.${Buffer.from('leaky-marker-in-the-payload').toString('base64url')}`;
    const leaky = `${signed}.${createHmac('sha256', TEST_SECRET).update(signed).digest('base64url')}`;
    await expectAuthFailed(await clients.connect(`${server!.wsUrl}?token=${leaky}`));
    await logs.waitFor((l) => l.event === 'auth.failed' && l.reason === 'invalid token', 'the second auth failure line');

    for (const secret of [wrongSecret, wrongSecret.split('.')[2], leaky, 'leaky-marker', 'mallory']) expect(logs.containing(secret)).toEqual([]);
  });

  it('logs a refused upgrade with its status, reason and IP, once per IP a minute at warn and the rest at debug', async () => {
    await start({ RUSTY_SOCKS_MAX_CONN_PER_IP: '1', RUSTY_SOCKS_LOG_LEVEL: 'debug' });
    await clients.asReady('carol');
    for (let i = 0; i < 3; i++) expect((await refusedUpgrade(server!.wsUrl)).status).toBe(429);
    const refused = logs.events('connection.refused');
    expect(refused.map((l) => l.level)).toEqual(['warn', 'debug', 'debug']);
    expect(refused[0]).toMatchObject({ context: 'ConnectionAdmissionService', status: 429, reason: 'per_ip', ip: '127.0.0.1' });

    clock.advance(60_000);
    expect((await refusedUpgrade(server!.wsUrl)).status).toBe(429);
    expect(logs.events('connection.refused').map((l) => l.level)).toEqual(['warn', 'debug', 'debug', 'warn']);
  });

  it('logs a moderation action as a structured line', async () => {
    await start();
    const owner = await clients.asReady('olga');
    const member = await clients.asReady('max');
    const roomId = await createRoom(owner);
    await joinRoom(member, roomId);
    expect(await owner.request({ type: 'kick_user', room_id: roomId, user_id: 'max' })).toMatchObject({ type: 'success' });
    const line = await logs.waitFor((l) => l.event === 'moderation.action', 'the moderation line');
    expect(line).toMatchObject({ level: 'info', context: 'ModerationAudit', action: 'kick', actor: 'olga', target: 'max', room: roomId });
  });

  it('never writes a message’s content, and leaves out probes and credentials when logging HTTP requests', async () => {
    await start();
    const dana = await clients.asReady('dana');
    await clients.asReady('erin');
    expect(await dana.request({ type: 'room_message', room_id: 'general', content: 'room-content-7f3a' })).toMatchObject({ type: 'success' });
    expect(await dana.request({ type: 'private_message', target_user_id: 'erin', content: 'private-content-9c1e' })).toMatchObject({ type: 'success' });
    // Refused content is not logged either.
    expectError(await dana.request({ type: 'room_message', room_id: 'general', content: 'aaaaaaaaaaaaaaaaaaaaaaa-refused-content' }), 'INVALID_MESSAGE');

    expect((await fetch(`${server!.httpUrl}/health`)).status).toBe(200);
    expect((await fetch(`${server!.httpUrl}/metrics`)).status).toBe(200);
    const stats = await fetch(`${server!.httpUrl}/stats?token=query-secret-1&x=1`, { headers: { Authorization: 'Bearer header-secret-2', 'X-Auth-Token': 'header-secret-3' } });
    expect(stats.status).toBe(200);
    const request = await logs.waitFor((l) => l.req?.url?.startsWith('/stats'), 'the /stats request line');
    expect(request).toMatchObject({ level: 'info', res: { statusCode: 200 }, req: { method: 'GET', url: '/stats?token=[redacted]&x=1' } });
    expect(request.req.headers).toMatchObject({ authorization: '[redacted]', 'x-auth-token': '[redacted]' });

    expect(logs.lines.filter((l) => /^\/(health|metrics)/.test(l.req?.url ?? ''))).toEqual([]);
    for (const secret of ['room-content-7f3a', 'private-content-9c1e', 'refused-content', 'query-secret-1', 'header-secret-2', 'header-secret-3']) {
      expect(logs.containing(secret)).toEqual([]);
    }
  });

  it('RUSTY_SOCKS_LOG_LEVEL=warn leaves out info lines and keeps warnings', async () => {
    await start({ RUSTY_SOCKS_LOG_LEVEL: 'warn' });
    await clients.asReady('frank');
    await expectAuthFailed(await clients.connect(`${server!.wsUrl}?token=not-a-jwt`));
    await logs.waitFor((l) => l.event === 'auth.failed', 'the auth failure line');
    // Lines are written in order, so the opened line (and Nest's startup lines) would be here by now.
    expect(logs.lines.filter((l) => l.level === 'info' || l.level === 'debug')).toEqual([]);
    expect(logs.events('connection.opened')).toEqual([]);
    // Nest was told the level too, so the per-connection lines are not even built.
    expect(Logger.isLevelEnabled('log')).toBe(false);
    expect(Logger.isLevelEnabled('warn')).toBe(true);
  });

  it('logs at info by default: Nest’s own lines too, but no debug lines', async () => {
    await start();
    await clients.asReady('gina');
    await logs.waitFor((l) => l.event === 'connection.opened', 'the opened line');
    expect(logs.lines.some((l) => l.context === 'NestApplication' && l.level === 'info')).toBe(true);
    expect(logs.lines.filter((l) => l.level === 'debug' || l.level === 'trace')).toEqual([]);
    expect([Logger.isLevelEnabled('log'), Logger.isLevelEnabled('debug')]).toEqual([true, false]);
  });
});
