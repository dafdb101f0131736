/**
 * Everything Rusty Socks can be told, in one typed object. The standalone server builds it from the
 * `RUSTY_SOCKS_*` environment (see `env.parser.ts`); a host app passes it to `RustySocksModule.forRoot`.
 * Every field is optional on input; `resolveOptions` fills the defaults once.
 */
export interface RustySocksOptions {
  /** Interface the standalone server listens on. @default '0.0.0.0' */
  host: string;
  /** TCP port of the standalone server (0 picks a free one). @default 3030 */
  port: number;
  /** Open WebSocket connections at most; bounds memory and file descriptors. @default 10000 */
  maxConnections: number;
  /** Frames queued for one connection and not yet written before it is closed as too slow (4409). @default 1024 */
  sendQueueLimit: number;
  /** Bytes queued for one connection before it is closed as too slow (4409): bounds memory when frames are large. @default 4194304 */
  sendQueueMaxBytes: number;
  /** Seconds without any sign of life before a connection is closed (4408). @default 60 */
  idleTimeoutSeconds: number;
  /** Seconds between server pings. @default 30 */
  pingIntervalSeconds: number;
  /** Worker threads for CPU-heavy work (password hashing). @default 4 */
  threadPoolSize: number;
  /** Tasks allowed to wait for a worker; beyond it work is refused at once, and so are new connections (503). @default 1000 */
  maxQueuedTasks: number;
  /** HS256 secret for client JWTs. Required in production (32+ characters, not a placeholder). */
  jwtSecret?: string;
  /** When set, tokens must carry this `aud`. */
  jwtAudience?: string;
  /** When set, tokens must carry this `iss`. */
  jwtIssuer?: string;
  /** Let clients without a token in as guests. @default true in development, false in production */
  allowAnonymous: boolean;
  /** Exact `Origin` values allowed to connect; empty allows all in development, same host only in production. @default [] */
  allowedOrigins: string[];
  /** Peers whose `X-Forwarded-For` is believed (IPs). @default [] */
  trustedProxies: string[];
  /** Open connections per client IP. @default 10 */
  maxConnectionsPerIp: number;
  /** Open connections per user id; the next one is closed with 4429. @default 10 */
  maxConnectionsPerUser: number;
  /** Chat messages (`room_message`) per minute, per connection and per user (and per IP, times `maxConnectionsPerIp`). @default 60 */
  rateLimitMessagesPerMinute: number;
  /** Private messages per minute, per connection/user (IP: times `maxConnectionsPerIp`). @default 30 */
  rateLimitPrivatePerMinute: number;
  /** Room operations (join, leave, list, members, delete) per minute, per connection/user. @default 120 */
  rateLimitRoomOpsPerMinute: number;
  /** Rooms created per minute, per connection/user; each may cost a password hash. @default 10 */
  rateLimitRoomCreatesPerMinute: number;
  /** Moderation actions per minute, per connection/user. @default 60 */
  rateLimitModerationPerMinute: number;
  /** Requests handled per second by the whole server: the global ceiling that protects the event loop. @default 20000 */
  rateLimitGlobalPerSecond: number;
  /** Largest inbound frame in bytes; larger ones close the connection with 1009 and are never buffered. @default 16384 */
  maxFrameBytes: number;
  /** Longest `content` in characters (code points). @default 2000 */
  maxContentLength: number;
  /** Rooms that exist from the start, cannot be deleted and are joined by every connection. @default ['general'] */
  defaultRooms: string[];
  /** Messages kept per room for history and recovery. @default 100 */
  historySize: number;
  /**
   * Seconds a message stays in history at most (0: no age limit). Bounds how long an unattended room
   * holds messages: a created room with no members is forgotten once its last message ages out. @default 0
   */
  historyTtlSeconds: number;
  /** Redis URL for running several instances; unset runs on one node, in memory. */
  redisUrl?: string;
  /**
   * With Redis: seconds after its last heartbeat (renewed every third of this) that an instance counts
   * as dead, and its users leave presence. Bounds how long a crashed instance's users linger. @default 15
   */
  instanceTtlSeconds: number;
  /** Words refused in content (case-insensitive, whole words). @default [] */
  blockedWords: string[];
  /** Serve https/wss directly with `tlsCertPath` and `tlsKeyPath`. @default false */
  enableTls: boolean;
  /** PEM certificate chain, with `enableTls`. */
  tlsCertPath?: string;
  /** PEM private key, with `enableTls`. */
  tlsKeyPath?: string;
  /** Rooms with more members than this send no join/leave events (a storm into a big room costs members² frames). @default 1000 */
  presenceEventsMaxMembers: number;
  /** Whether plain Members may create rooms (Owners and Admins always may, Guests never). @default true */
  membersCanCreateRooms: boolean;
  /** scrypt cost (log2 N) for room passwords; each step doubles CPU and memory per hash. @default 15 */
  passwordHashCost: number;
  /** Seconds a shutdown waits for clients to close after the 1001 close frame before cutting them off. @default 10 */
  shutdownGraceSeconds: number;
  /**
   * Least severe level the standalone server logs (pino's levels). A host app's logger is its own and
   * ignores this. @default 'info'
   */
  logLevel: LogLevelName;
  /**
   * Serve the browser demo page at `/` (the standalone server only). Its development token route
   * (`POST /dev/token`, which signs any name and role) exists only outside production, whatever this says.
   * @default true in development, false in production
   */
  demo: boolean;
  /**
   * Serve the API docs from the standalone server: Swagger UI at `/docs` (OpenAPI at `/docs-json`) and
   * the AsyncAPI document of `/ws` at `/asyncapi.json`. They say nothing the public protocol does not.
   * @default true
   */
  apiDocs: boolean;
  /** Production mode (`NODE_ENV=production`): strict secret rules, no anonymous users by default. @default false */
  production: boolean;
}

/** A pino level name; `silent` logs nothing. */
export type LogLevelName = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** The options after defaults and checks: what services receive by injection. */
export type ResolvedOptions = Readonly<RustySocksOptions> & {
  /** The JWT secret in force (the built-in development one when none was given outside production). */
  readonly jwtSecret: string;
  /** True when `jwtSecret` is the built-in development secret, so the server warns loudly. */
  readonly usingDevelopmentSecret: boolean;
};
