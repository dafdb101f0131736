import { RustySocksOptions } from './rusty-socks-options.interface';

/** The defaults of PROTOCOL.md §8; `allowAnonymous` and `demo` depend on `production` and are filled by the resolver. */
export const DEFAULT_OPTIONS: Omit<RustySocksOptions, 'allowAnonymous' | 'demo'> = {
  host: '0.0.0.0',
  port: 3030,
  maxConnections: 10_000,
  sendQueueLimit: 1024,
  sendQueueMaxBytes: 4 * 1024 * 1024,
  idleTimeoutSeconds: 60,
  pingIntervalSeconds: 30,
  threadPoolSize: 4,
  maxQueuedTasks: 1000,
  allowedOrigins: [],
  trustedProxies: [],
  maxConnectionsPerIp: 10,
  maxConnectionsPerUser: 10,
  rateLimitMessagesPerMinute: 60,
  rateLimitPrivatePerMinute: 30,
  rateLimitRoomOpsPerMinute: 120,
  rateLimitRoomCreatesPerMinute: 10,
  rateLimitModerationPerMinute: 60,
  rateLimitGlobalPerSecond: 20_000,
  maxFrameBytes: 16_384,
  maxContentLength: 2000,
  defaultRooms: ['general'],
  historySize: 100,
  historyTtlSeconds: 0,
  instanceTtlSeconds: 15,
  blockedWords: [],
  enableTls: false,
  presenceEventsMaxMembers: 1000,
  membersCanCreateRooms: true,
  passwordHashCost: 15,
  shutdownGraceSeconds: 10,
  apiDocs: true,
  logLevel: 'info',
  production: false,
};

/**
 * Used only outside production when no secret is configured, so that `npm run token` works out of the
 * box. Anyone can read it here, which is why production refuses it.
 */
export const DEVELOPMENT_JWT_SECRET = 'rusty-socks-development-secret-never-use-in-production';

/** Secrets that are known placeholders; production refuses them whatever their length. */
export const PLACEHOLDER_SECRETS = [
  DEVELOPMENT_JWT_SECRET,
  'your-secret-key',
  'secret',
  'changeme',
  'change-me',
  'change-me-to-a-long-random-secret-of-32-chars-or-more',
];
