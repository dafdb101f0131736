import { ConsoleLogger } from '@nestjs/common';
import { expectAuthFailed, Clients, signToken, startServer, TEST_SECRET, TestServer } from '../support';

/** Logs everything it is given into memory. */
class CapturingLogger extends ConsoleLogger {
  readonly lines: string[] = [];
  protected override printMessages(messages: unknown[], context?: string, level?: string): void {
    for (const m of messages) this.lines.push(`${level} [${context}] ${typeof m === 'string' ? m : JSON.stringify(m)}`);
  }
}

/** Security hygiene: no token in any log line, security headers on HTTP answers. */
describe('security hygiene', () => {
  const clients = new Clients();
  let server: TestServer;
  let logger: CapturingLogger;
  beforeAll(async () => {
    logger = new CapturingLogger();
    server = await startServer({ RUSTY_SOCKS_JWT_SECRET: TEST_SECRET }, {}, { logger });
  });
  afterEach(() => clients.closeAll());
  afterAll(() => server.close());

  it('never writes a token to the logs, not even a refused one from ?token=', async () => {
    const forged = signToken({ sub: 'mallory', role: 'owner' }, { secret: 'not-the-server-secret-but-long-enough!!' });
    const good = signToken({ sub: 'alice' });
    await expectAuthFailed(await clients.connect(`${server.wsUrl}?token=${forged}`));
    await expectAuthFailed(await clients.connect(server.wsUrl, { headers: { Authorization: `Bearer ${forged}` } }));
    const { client } = await clients.connectWelcomed(`${server.wsUrl}?token=${good}`);
    client.send({ type: 'refresh_token', token: forged });
    await client.next('error');
    await client.close();
    // The refusals were logged (so the logs were really captured), without the tokens.
    expect(logger.lines.filter((l) => l.includes('"event":"auth.failed"'))).toHaveLength(2);
    for (const token of [forged, good]) {
      for (const part of token.split('.').filter((p) => p.length > 10)) expect(logger.lines.join('\n')).not.toContain(part);
    }
  });

  it('sends security headers on HTTP answers', async () => {
    for (const path of ['/health', '/stats', '/no-such-route']) {
      const res = await fetch(`${server.httpUrl}${path}`);
      expect({ path, nosniff: res.headers.get('x-content-type-options'), frame: res.headers.get('x-frame-options') }).toEqual({ path, nosniff: 'nosniff', frame: 'SAMEORIGIN' });
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });
});
