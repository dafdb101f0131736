import { connect, DEVELOPMENT_JWT_SECRET, startServer, TEST_SECRET, TestServer, userUrl } from '../support';
import { parseEnv } from '../../src/config/env.parser';
import { createServer } from '../../src/server';

/** Starts a server expecting it to refuse; closes it (and fails) if it starts anyway. */
async function startupError(start: () => Promise<{ close(): Promise<void> }>): Promise<Error> {
  let started: { close(): Promise<void> };
  try {
    started = await start();
  } catch (err) {
    return err as Error;
  }
  await started.close();
  throw new Error('The server started; expected a configuration error');
}

/**
 * PROTOCOL.md §8: an invalid value stops the server at start with a message naming the variable;
 * production refuses a missing, short or placeholder JWT secret.
 */
describe('configuration at start', () => {
  const servers: TestServer[] = [];
  afterEach(async () => void (await Promise.all(servers.splice(0).map((s) => s.close()))));

  describe('invalid values', () => {
    it.each([
      ['RUSTY_SOCKS_PORT', 'abc'],
      ['RUSTY_SOCKS_PORT', '70000'],
      ['RUSTY_SOCKS_MAX_CONN', '-1'],
      ['RUSTY_SOCKS_MAX_CONN', '0'],
      ['RUSTY_SOCKS_MAX_CONN', '12.5'],
      ['RUSTY_SOCKS_ALLOW_ANONYMOUS', 'maybe'],
      ['RUSTY_SOCKS_THREAD_POOL_SIZE', '0'],
      ['RUSTY_SOCKS_MAX_QUEUED_TASKS', 'lots'],
      ['RUSTY_SOCKS_MAX_FRAME_BYTES', '10'],
      ['RUSTY_SOCKS_TIMEOUT', '-5'],
      ['RUSTY_SOCKS_DEFAULT_ROOMS', 'bad room!'],
      ['RUSTY_SOCKS_TRUSTED_PROXIES', 'not-an-ip'],
      ['RUSTY_SOCKS_HOST', 'not a host'],
    ])('refuses %s=%j naming the variable', async (name, value) => {
      const error = await startupError(() => startServer({ RUSTY_SOCKS_JWT_SECRET: TEST_SECRET, [name]: value }));
      expect(error.name).toBe('ConfigError');
      expect(error.message).toContain(name);
    });

    it('refuses the same values through parseEnv + createServer, as main.ts does', async () => {
      expect(() => parseEnv({ RUSTY_SOCKS_PORT: 'abc' })).toThrow(/RUSTY_SOCKS_PORT/);
      expect(() => parseEnv({ RUSTY_SOCKS_MAX_CONN: '-1' })).toThrow(/RUSTY_SOCKS_MAX_CONN\b/);
      expect(() => parseEnv({ RUSTY_SOCKS_ALLOW_ANONYMOUS: 'maybe' })).toThrow(/RUSTY_SOCKS_ALLOW_ANONYMOUS/);
      // An option given in code is checked too, and named with its variable.
      const error = await startupError(() => createServer({ maxConnections: -1, jwtSecret: TEST_SECRET }, { logger: false }));
      expect(error.message).toContain('RUSTY_SOCKS_MAX_CONN');
    });
  });

  describe('the JWT secret in production', () => {
    it.each([
      ['missing', undefined],
      ['empty', ''],
      ['10 characters', '0123456789'],
      ['31 characters', 'x'.repeat(31)],
      ['the placeholder "your-secret-key"', 'your-secret-key'],
      ['a placeholder in other case', 'YOUR-SECRET-KEY'],
      ['the built-in development secret', DEVELOPMENT_JWT_SECRET],
    ])('refuses a secret that is %s, naming RUSTY_SOCKS_JWT_SECRET', async (_what, secret) => {
      const env: Record<string, string> = secret === undefined ? {} : { RUSTY_SOCKS_JWT_SECRET: secret };
      const viaOverride = await startupError(() => startServer(env, { production: true }));
      expect(viaOverride.message).toContain('RUSTY_SOCKS_JWT_SECRET');
      const viaNodeEnv = await startupError(() => createServer(parseEnv({ NODE_ENV: 'production', ...env }), { logger: false }));
      expect(viaNodeEnv.message).toContain('RUSTY_SOCKS_JWT_SECRET');
    });

    it('starts with a long random secret, and then refuses anonymous clients by default', async () => {
      const server = await startServer({ RUSTY_SOCKS_JWT_SECRET: TEST_SECRET }, { production: true });
      servers.push(server);
      expect((await fetch(`${server.httpUrl}/health`)).status).toBe(200);
      const anonymous = await connect(server.wsUrl);
      await expect(anonymous.next('error')).resolves.toMatchObject({ code: 'AUTH_FAILED' });
      await expect(anonymous.closed).resolves.toMatchObject({ code: 4401 });
      const alice = await connect(userUrl(server.wsUrl, { sub: 'alice' }));
      await expect(alice.next('connected')).resolves.toMatchObject({ client_id: 'alice' });
      await alice.close();
    });

    it('starts in development without a secret (the built-in one, with a warning)', async () => {
      const server = await startServer({});
      servers.push(server);
      const alice = await connect(userUrl(server.wsUrl, { sub: 'alice' }, { secret: DEVELOPMENT_JWT_SECRET }));
      await expect(alice.next('connected')).resolves.toMatchObject({ client_id: 'alice', authenticated: true });
      await alice.close();
    });
  });

  describe('valid values take effect', () => {
    it('applies RUSTY_SOCKS_DEFAULT_ROOMS, THREAD_POOL_SIZE and MAX_QUEUED_TASKS', async () => {
      const server = await startServer({
        RUSTY_SOCKS_JWT_SECRET: TEST_SECRET,
        RUSTY_SOCKS_DEFAULT_ROOMS: 'lobby, news',
        RUSTY_SOCKS_THREAD_POOL_SIZE: '3',
        RUSTY_SOCKS_MAX_QUEUED_TASKS: '5',
      });
      servers.push(server);
      const stats = await (await fetch(`${server.httpUrl}/stats`)).json();
      expect(stats).toMatchObject({ worker_threads: 3, worker_pool: { size: 3, max_queued: 5 }, rooms: 2 });
      const alice = await connect(userUrl(server.wsUrl, { sub: 'alice' }));
      await alice.next('connected');
      const list = await alice.request({ type: 'list_rooms' });
      expect(list.rooms.map((r: { id: string }) => r.id).sort()).toEqual(['lobby', 'news']);
      await alice.close();
    });
  });
});
