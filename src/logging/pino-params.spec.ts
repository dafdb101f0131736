import type { SerializedRequest } from 'pino-std-serializers';
import { ConfigError } from '../config/config.error';
import { parseEnv } from '../config/env.parser';
import { resolveOptions } from '../config/options.resolver';
import { nestLogLevels, pinoParams, redactTokenParam, serializeRequest } from './pino-params';

describe('pino params', () => {
  it('take the level from RUSTY_SOCKS_LOG_LEVEL (info by default) and refuse a level pino does not know', () => {
    const levelOf = (env: NodeJS.ProcessEnv) => (pinoParams(resolveOptions(parseEnv(env))).pinoHttp as { level: string }).level;
    expect(levelOf({})).toBe('info');
    expect(levelOf({ RUSTY_SOCKS_LOG_LEVEL: ' WARN ' })).toBe('warn');
    expect(levelOf({ RUSTY_SOCKS_LOG_LEVEL: 'silent' })).toBe('silent');
    expect(() => parseEnv({ RUSTY_SOCKS_LOG_LEVEL: 'verbose' })).toThrow(ConfigError);
    expect(() => parseEnv({ RUSTY_SOCKS_LOG_LEVEL: 'verbose' })).toThrow(/RUSTY_SOCKS_LOG_LEVEL.*fatal, error, warn, info, debug, trace, silent/);
  });

  it('tell Nest the levels pino writes, so a line pino would drop is not built', () => {
    expect(nestLogLevels('info')).toEqual(['log', 'warn', 'error', 'fatal']);
    expect(nestLogLevels('warn')).toEqual(['warn', 'error', 'fatal']);
    expect(nestLogLevels('trace')).toEqual(['verbose', 'debug', 'log', 'warn', 'error', 'fatal']);
    expect(nestLogLevels('fatal')).toEqual(['fatal']);
    expect(nestLogLevels('silent')).toEqual([]);
  });

  it('redact every token query parameter and nothing else', () => {
    expect(redactTokenParam('/stats')).toBe('/stats');
    expect(redactTokenParam('/ws?token=abc.def.ghi')).toBe('/ws?token=[redacted]');
    expect(redactTokenParam('/x?a=1&token=abc&b=2&token=d#f')).toBe('/x?a=1&token=[redacted]&b=2&token=[redacted]#f');
    expect(redactTokenParam('/x?mytoken=keep')).toBe('/x?mytoken=keep');
  });

  it('serialize a request without its credentials or parsed query', () => {
    const req = {
      id: 1,
      method: 'GET',
      url: '/stats?token=t1',
      query: { token: 't1' },
      headers: { authorization: 'Bearer t2', 'sec-websocket-protocol': 'bearer.t3', 'x-auth-token': 't4', cookie: 'c=t5', 'user-agent': 'curl/8' },
      remoteAddress: '127.0.0.1',
      remotePort: 5555,
    } as unknown as SerializedRequest;
    const out = serializeRequest(req);
    expect(out).toEqual({
      id: 1,
      method: 'GET',
      url: '/stats?token=[redacted]',
      headers: { authorization: '[redacted]', 'sec-websocket-protocol': '[redacted]', 'x-auth-token': '[redacted]', cookie: '[redacted]', 'user-agent': 'curl/8' },
      remoteAddress: '127.0.0.1',
      remotePort: 5555,
    });
    expect(req.headers.authorization).toBe('Bearer t2');
  });
});
