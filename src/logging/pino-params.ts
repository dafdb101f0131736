import type { LogLevel } from '@nestjs/common';
import { dirname, join } from 'node:path';
import type { Params } from 'nestjs-pino';
import pino, { DestinationStream, LevelWithSilent } from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import pretty from 'pino-pretty';
import type { SerializedRequest, SerializedResponse } from 'pino-std-serializers';
import { LogLevelName, ResolvedOptions } from '../config/rusty-socks-options.interface';

/** Routes polled by probes and scrapers: a line per poll would bury everything else. */
const QUIET_ROUTES = /^\/(?:health|metrics)(?:[/?]|$)/;

/** Headers that can carry a client's credentials (PROTOCOL.md §2.2 names the token's sources). */
const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'sec-websocket-protocol', 'x-auth-token'];
const REDACTED = '[redacted]';
const TOKEN_PARAM = /([?&]token=)[^&#]*/gi;

/**
 * The standalone server's `LoggerModule.forRoot` params: one JSON object per line (ISO time, level
 * by name) at `options.logLevel`, HTTP requests logged except the probes', credentials never written.
 * `destination` defaults to stdout.
 */
export function pinoParams(options: ResolvedOptions, destination?: DestinationStream): Params {
  const pinoHttp: PinoHttpOptions = {
    level: options.logLevel,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    autoLogging: { ignore: (req) => QUIET_ROUTES.test(req.url ?? '') },
    customLogLevel: (_req, res, err): LevelWithSilent => (err || res.statusCode >= 500 ? 'error' : 'info'),
    // Logs made while a request is handled carry its id only, not the whole request again.
    quietReqLogger: true,
    serializers: { req: serializeRequest, res: serializeResponse },
  };
  return { pinoHttp: destination ? [pinoHttp, destination] : pinoHttp };
}

/** Nest's levels, least severe first, and the pino level each one is written at. */
const NEST_LEVELS: readonly [LogLevel, LogLevelName][] = [
  ['verbose', 'trace'],
  ['debug', 'debug'],
  ['log', 'info'],
  ['warn', 'warn'],
  ['error', 'error'],
  ['fatal', 'fatal'],
];

/** The Nest log levels pino writes at `level` (none for `silent`). */
export function nestLogLevels(level: LogLevelName): LogLevel[] {
  const from = NEST_LEVELS.findIndex(([, pinoLevel]) => pinoLevel === level);
  return from === -1 ? [] : NEST_LEVELS.slice(from).map(([nestLevel]) => nestLevel);
}

/** How long a log line may wait in the stdout buffer before it is written anyway. */
const STDOUT_FLUSH_MS = 1000;

/**
 * stdout for JSON lines, buffered: lines are written 4 KiB at a time (and at least every second, and
 * at exit), not one `write` each. With a line per connection opened and closed, unbuffered writes were
 * a tenth of the server's time in the handshake benchmark.
 */
export function stdoutDestination(): DestinationStream {
  const destination = pino.destination({ dest: 1, minLength: 4096, sync: false });
  buffered = destination;
  setInterval(flushLogs, STDOUT_FLUSH_MS).unref();
  return destination;
}

let buffered: { flush(): void } | undefined;

/** Writes out what the buffered stdout holds now (after the line that says where the server listens). */
export function flushLogs(): void {
  try {
    buffered?.flush();
  } catch {
    // Already writing: those lines are on their way.
  }
}

/** Human-readable lines for a developer's terminal (synchronous, so nothing is lost on exit). */
export function prettyDestination(): DestinationStream {
  return pretty({
    sync: true,
    colorize: true,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,context,event',
    messageFormat: '{if context}[{context}] {end}{if event}{event}{end}{msg}',
  });
}

/** A request as logged: the standard fields with credentials (headers, `?token=`) replaced, and no parsed query. */
export function serializeRequest(req: SerializedRequest): Record<string, unknown> {
  const headers: Record<string, unknown> = { ...req.headers };
  for (const name of SECRET_HEADERS) if (headers[name] !== undefined) headers[name] = REDACTED;
  return { id: req.id, method: req.method, url: redactTokenParam(req.url), headers, remoteAddress: req.remoteAddress, remotePort: req.remotePort };
}

function serializeResponse(res: SerializedResponse): Record<string, unknown> {
  return { statusCode: res.statusCode };
}

/** The URL with the value of every `token` query parameter replaced. */
export function redactTokenParam(url: string): string {
  return url.includes('token=') ? url.replace(TOKEN_PARAM, `$1${REDACTED}`) : url;
}

/**
 * nestjs-pino keeps its root logger in a module variable, built by the first app of the process and
 * reused by every later one, so a second server in one process (the e2e specs build many) would keep
 * the first one's level and destination. The package's own reset is not exported from its entry
 * point, hence the path; with one server per process (`npm start`) this is a no-op in effect.
 */
export function forgetPreviousPinoRoot(): void {
  const file = join(dirname(require.resolve('nestjs-pino')), 'PinoLogger.js');
  (require(file) as { __resetOutOfContextForTests?: () => void }).__resetOutOfContextForTests?.();
}
