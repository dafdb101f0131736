import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './config.error';
import { parseEnv } from './env.parser';
import { DEVELOPMENT_JWT_SECRET } from './options.defaults';
import { resolveOptions } from './options.resolver';
import { envName, OPTION_SPECS } from './options.schema';

describe('parseEnv + resolveOptions', () => {
  it('gives the PROTOCOL §8 defaults with no environment at all', () => {
    const options = resolveOptions(parseEnv({}));
    expect(options).toMatchObject({
      host: '0.0.0.0',
      port: 3030,
      maxConnections: 10000,
      sendQueueLimit: 1024,
      idleTimeoutSeconds: 60,
      pingIntervalSeconds: 30,
      threadPoolSize: 4,
      maxQueuedTasks: 1000,
      allowAnonymous: true,
      maxConnectionsPerIp: 10,
      maxConnectionsPerUser: 10,
      rateLimitMessagesPerMinute: 60,
      maxFrameBytes: 16384,
      maxContentLength: 2000,
      defaultRooms: ['general'],
      historySize: 100,
      presenceEventsMaxMembers: 1000,
      production: false,
      jwtSecret: DEVELOPMENT_JWT_SECRET,
      usingDevelopmentSecret: true,
    });
    expect(options.redisUrl).toBeUndefined();
  });

  it('reads every kind of value', () => {
    const options = resolveOptions(
      parseEnv({
        RUSTY_SOCKS_PORT: '8080',
        RUSTY_SOCKS_ALLOW_ANONYMOUS: 'no',
        RUSTY_SOCKS_DEFAULT_ROOMS: 'lobby, games ,',
        RUSTY_SOCKS_BLOCKED_WORDS: 'darn,heck',
        RUSTY_SOCKS_JWT_SECRET: 'x'.repeat(40),
      }),
    );
    expect(options).toMatchObject({ port: 8080, allowAnonymous: false, defaultRooms: ['lobby', 'games'], blockedWords: ['darn', 'heck'], usingDevelopmentSecret: false });
  });

  it.each([
    ['RUSTY_SOCKS_PORT', 'abc'],
    ['RUSTY_SOCKS_PORT', '70000'],
    ['RUSTY_SOCKS_MAX_CONN', '-1'],
    ['RUSTY_SOCKS_THREAD_POOL_SIZE', '1.5'],
    ['RUSTY_SOCKS_ALLOW_ANONYMOUS', 'maybe'],
    ['RUSTY_SOCKS_DEFAULT_ROOMS', 'bad room!'],
    ['RUSTY_SOCKS_TRUSTED_PROXIES', 'not-an-ip'],
    ['RUSTY_SOCKS_REDIS_URL', 'http://localhost'],
    ['RUSTY_SOCKS_HOST', 'example.com'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    expect(() => parseEnv({ [name]: value })).toThrow(ConfigError);
    expect(() => parseEnv({ [name]: value })).toThrow(name);
  });

  it('treats an empty variable as unset', () => {
    expect(resolveOptions(parseEnv({ RUSTY_SOCKS_PORT: '' })).port).toBe(3030);
  });

  describe('in production', () => {
    const production = { NODE_ENV: 'production' };
    it.each([
      ['missing', {}],
      ['short', { RUSTY_SOCKS_JWT_SECRET: 'short-secret' }],
      ['a placeholder', { RUSTY_SOCKS_JWT_SECRET: 'change-me-to-a-long-random-secret-of-32-chars-or-more' }],
      ['the development secret', { RUSTY_SOCKS_JWT_SECRET: DEVELOPMENT_JWT_SECRET }],
    ])('refuses a %s JWT secret', (_, env) => {
      expect(() => resolveOptions(parseEnv({ ...production, ...env }))).toThrow(/RUSTY_SOCKS_JWT_SECRET/);
    });

    it('accepts a long secret and refuses anonymous users by default', () => {
      const options = resolveOptions(parseEnv({ ...production, RUSTY_SOCKS_JWT_SECRET: 'k'.repeat(32) }));
      expect(options.allowAnonymous).toBe(false);
      expect(options.usingDevelopmentSecret).toBe(false);
    });
  });

  it('checks options given in code, naming the option and its variable', () => {
    expect(() => resolveOptions({ maxFrameBytes: 0 })).toThrow(/maxFrameBytes \(RUSTY_SOCKS_MAX_FRAME_BYTES\)/);
  });

  it('is documented: every variable is in .env.example and in the README', () => {
    const root = join(__dirname, '..', '..');
    const example = readFileSync(join(root, '.env.example'), 'utf8');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const spec of OPTION_SPECS) {
      expect([envName(spec), example.includes(envName(spec))]).toEqual([envName(spec), true]);
      expect([envName(spec), readme.includes(`\`${envName(spec)}\``)]).toEqual([envName(spec), true]);
    }
  });
});
