import { isIP } from 'node:net';
import { LogLevelName, RustySocksOptions } from './rusty-socks-options.interface';

/** How one option is read from its environment variable and checked, wherever it came from. */
export interface OptionSpec<K extends keyof RustySocksOptions = keyof RustySocksOptions> {
  key: K;
  /** Variable name without the `RUSTY_SOCKS_` prefix. */
  env: string;
  /** Turns the variable's text into a value, or throws a message saying what was expected. */
  parse: (raw: string) => RustySocksOptions[K];
  /** Returns what is wrong with a value, or null. */
  check?: (value: RustySocksOptions[K]) => string | null;
  /** Shown in the README table and `.env.example`. */
  describe: string;
}

function integer(min: number, max: number) {
  return (raw: string): number => {
    if (!/^-?\d+$/.test(raw.trim())) throw new Error(`expected an integer between ${min} and ${max}`);
    return Number(raw.trim());
  };
}
function inRange(min: number, max: number) {
  return (v: number): string | null =>
    Number.isInteger(v) && v >= min && v <= max ? null : `expected an integer between ${min} and ${max}`;
}
function boolean(raw: string): boolean {
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new Error('expected true or false');
}
function list(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
function text(raw: string): string {
  return raw;
}
const ROOM_ID = /^[A-Za-z0-9_.-]{1,64}$/;
/** pino's level names, most severe first. */
export const LOG_LEVELS: readonly LogLevelName[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
function logLevel(raw: string): LogLevelName {
  const v = raw.trim().toLowerCase() as LogLevelName;
  if (!LOG_LEVELS.includes(v)) throw new Error(`expected one of ${LOG_LEVELS.join(', ')}`);
  return v;
}

function spec<K extends keyof RustySocksOptions>(s: OptionSpec<K>): OptionSpec {
  return s as unknown as OptionSpec;
}
function int<K extends keyof RustySocksOptions>(key: K, env: string, min: number, max: number, describe: string): OptionSpec {
  return spec({ key, env, parse: integer(min, max) as never, check: inRange(min, max) as never, describe });
}

/** Every option, in the order the README documents them. */
export const OPTION_SPECS: readonly OptionSpec[] = [
  spec({ key: 'host', env: 'HOST', parse: text, check: (v) => (v && isIP(v) !== 0) || v === 'localhost' ? null : 'expected an IP address', describe: 'Interface to listen on' }),
  int('port', 'PORT', 0, 65535, 'TCP port (HTTP and WebSocket)'),
  int('maxConnections', 'MAX_CONN', 1, 1_000_000, 'Open WebSocket connections at most; more get HTTP 503'),
  int('sendQueueLimit', 'BUFFER', 1, 1_000_000, 'Per-connection send queue in messages; a client that falls further behind is closed with 4409'),
  int('sendQueueMaxBytes', 'BUFFER_BYTES', 1024, 1024 * 1024 * 1024, 'Per-connection send queue in bytes; a client that falls further behind is closed with 4409'),
  int('idleTimeoutSeconds', 'TIMEOUT', 1, 86_400, 'Seconds without a frame or pong before a connection is closed with 4408'),
  int('pingIntervalSeconds', 'PING', 1, 86_400, 'Seconds between server pings'),
  int('threadPoolSize', 'THREAD_POOL_SIZE', 1, 256, 'Worker threads for CPU-heavy work (room password hashing)'),
  int('maxQueuedTasks', 'MAX_QUEUED_TASKS', 0, 1_000_000, 'Tasks that may wait for a worker; when full, such work is refused and new connections get 503'),
  spec({ key: 'jwtSecret', env: 'JWT_SECRET', parse: text, describe: 'HS256 secret for client tokens; required in production (32+ characters)' }),
  spec({ key: 'jwtAudience', env: 'JWT_AUDIENCE', parse: text, describe: 'When set, tokens must carry this `aud`' }),
  spec({ key: 'jwtIssuer', env: 'JWT_ISSUER', parse: text, describe: 'When set, tokens must carry this `iss`' }),
  spec({ key: 'allowAnonymous', env: 'ALLOW_ANONYMOUS', parse: boolean, describe: 'Admit clients without a token as guests (default: true in development, false in production)' }),
  spec({ key: 'allowedOrigins', env: 'ALLOWED_ORIGINS', parse: list, describe: 'Comma-separated `Origin` values allowed to connect; empty = all in development, same host in production' }),
  spec({
    key: 'trustedProxies',
    env: 'TRUSTED_PROXIES',
    parse: list,
    check: (v) => (v.every((ip) => isIP(ip) !== 0) ? null : 'expected comma-separated IP addresses'),
    describe: 'Comma-separated proxy IPs whose `X-Forwarded-For` is believed',
  }),
  int('maxConnectionsPerIp', 'MAX_CONN_PER_IP', 1, 1_000_000, 'Open connections per client IP'),
  int('maxConnectionsPerUser', 'MAX_CONN_PER_USER', 1, 10_000, 'Open connections per user; the next is closed with 4429'),
  int('rateLimitMessagesPerMinute', 'RATE_LIMIT_MSG_PER_MIN', 1, 1_000_000, 'Chat messages per minute, per connection and per user (per IP: times MAX_CONN_PER_IP)'),
  int('rateLimitPrivatePerMinute', 'RATE_LIMIT_PRIVATE_PER_MIN', 1, 1_000_000, 'Private messages per minute, per connection and per user'),
  int('rateLimitRoomOpsPerMinute', 'RATE_LIMIT_ROOM_OPS_PER_MIN', 1, 1_000_000, 'Room operations (join, leave, list, members, delete) per minute, per connection and per user'),
  int('rateLimitRoomCreatesPerMinute', 'RATE_LIMIT_ROOM_CREATE_PER_MIN', 1, 1_000_000, 'Rooms created per minute, per connection and per user'),
  int('rateLimitModerationPerMinute', 'RATE_LIMIT_MODERATION_PER_MIN', 1, 1_000_000, 'Moderation actions per minute, per connection and per user'),
  int('rateLimitGlobalPerSecond', 'RATE_LIMIT_GLOBAL_PER_SEC', 1, 100_000_000, 'Requests per second for the whole server (the global ceiling)'),
  int('maxFrameBytes', 'MAX_FRAME_BYTES', 128, 16 * 1024 * 1024, 'Largest inbound frame in bytes; larger ones close with 1009'),
  int('maxContentLength', 'MAX_CONTENT_LENGTH', 1, 1_000_000, 'Longest message content in characters'),
  spec({
    key: 'defaultRooms',
    env: 'DEFAULT_ROOMS',
    parse: list,
    check: (v) => (v.length > 0 && v.every((id) => ROOM_ID.test(id)) ? null : 'expected comma-separated room ids matching [A-Za-z0-9_.-]{1,64}'),
    describe: 'Comma-separated rooms that always exist and that every connection joins',
  }),
  int('historySize', 'HISTORY_SIZE', 0, 100_000, 'Messages kept per room'),
  int('historyTtlSeconds', 'HISTORY_TTL_SECONDS', 0, 31_536_000, 'Seconds a message is kept in history at most; 0 = no age limit'),
  spec({
    key: 'redisUrl',
    env: 'REDIS_URL',
    parse: text,
    check: (v) => (v === undefined || /^rediss?:\/\//.test(v) ? null : 'expected a redis:// or rediss:// URL'),
    describe: 'Redis URL for several instances; unset = one node, in memory',
  }),
  int('instanceTtlSeconds', 'INSTANCE_TTL_SECONDS', 3, 600, 'With Redis: seconds without a heartbeat before an instance counts as dead and its users leave presence'),
  spec({ key: 'blockedWords', env: 'BLOCKED_WORDS', parse: list, describe: 'Comma-separated words refused in content (case-insensitive, whole words)' }),
  spec({ key: 'enableTls', env: 'ENABLE_TLS', parse: boolean, describe: 'Serve https/wss directly (needs the two paths below)' }),
  spec({ key: 'tlsCertPath', env: 'TLS_CERT_PATH', parse: text, describe: 'PEM certificate chain for ENABLE_TLS' }),
  spec({ key: 'tlsKeyPath', env: 'TLS_KEY_PATH', parse: text, describe: 'PEM private key for ENABLE_TLS' }),
  int('presenceEventsMaxMembers', 'PRESENCE_EVENTS_MAX_MEMBERS', 0, 1_000_000, 'Rooms with more members send no user_joined/user_left'),
  spec({ key: 'membersCanCreateRooms', env: 'MEMBERS_CAN_CREATE_ROOMS', parse: boolean, describe: 'Whether plain Members may create rooms' }),
  int('passwordHashCost', 'PASSWORD_HASH_COST', 10, 20, 'scrypt cost (log2 N) of room password hashes'),
  int('shutdownGraceSeconds', 'SHUTDOWN_GRACE', 0, 3600, 'Seconds a shutdown waits for clients to close after the 1001 close frame'),
  spec({ key: 'apiDocs', env: 'API_DOCS', parse: boolean, describe: 'Serve the API docs: Swagger UI at `/docs`, OpenAPI at `/docs-json`, AsyncAPI at `/asyncapi.json`' }),
  spec({
    key: 'logLevel',
    env: 'LOG_LEVEL',
    parse: logLevel,
    check: (v) => (LOG_LEVELS.includes(v) ? null : `expected one of ${LOG_LEVELS.join(', ')}`),
    describe: 'Least severe level logged by the standalone server: fatal, error, warn, info, debug, trace or silent',
  }),
  spec({ key: 'demo', env: 'DEMO', parse: boolean, describe: 'Serve the browser demo at `/` and, outside production only, its token route `POST /dev/token` (default: true in development, false in production)' }),
];

/** The environment variable of an option, with its prefix. */
export function envName(s: OptionSpec): string {
  return `RUSTY_SOCKS_${s.env}`;
}
