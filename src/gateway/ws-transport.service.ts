import { Inject, Injectable, Logger } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { ServerOptions, WebSocket } from 'ws';
import { AuthService } from '../auth/auth.service';
import { bearerSubprotocol } from '../auth/token-extractor';
import { ErrorCode } from '../common/error-code';
import { RUSTY_SOCKS_OPTIONS } from '../config/config.constants';
import { ResolvedOptions } from '../config/rusty-socks-options.interface';
import { ClientConnection, connectionOf } from '../connections/client-connection';
import { ConnectionRegistry } from '../connections/connection-registry.service';
import { OUTBOUND_SENDER } from '../connections/connections.constants';
import { OutboundSender } from '../connections/outbound-sender';
import { SessionService } from '../messaging/session.service';
import { ConnectionAdmissionService } from '../protection/connection-admission.service';
import { decodeFrame } from './frame-decoder';
import { MessageHandlers } from './message-handlers.service';

/** Frames a connection may have waiting before its socket stops being read (TCP pushes back). */
const PAUSE_AT_BACKLOG = 64;
const RESUME_AT_BACKLOG = 16;

/** The `/metrics` type label of a frame that could not be decoded, and of one whose type has no handler. */
const INVALID = 'invalid';
const UNKNOWN = 'unknown';

type VerifyCallback = (result: boolean, code?: number, message?: string, headers?: Record<string, string>) => void;

/**
 * Completes an admitted upgrade with its socket corked: `ws` writes the 101 response, the connection
 * is accepted synchronously (`accept`), and the 101 and the welcome frame then leave in one write —
 * one system call and one wake-up of the client instead of two.
 */
function admitCorked(req: IncomingMessage, done: VerifyCallback): void {
  const socket = req.socket;
  socket.cork();
  try {
    done(true);
  } finally {
    socket.uncork();
  }
}

/**
 * The WebSocket transport under the gateway: admission and subprotocol selection during the
 * handshake, frame size limit, accepting each upgraded socket (authenticated, handed to the session
 * service, released on close), and the per-connection inbound path (decode, route to the Nest
 * handler, reply), one frame at a time. `RustySocksWsAdapter` plugs it into Nest.
 */
@Injectable()
export class WsTransportService {
  private readonly logger = new Logger('WsTransport');
  /** Frames received by type since start; one box per handled type (a bounded set), so counting is one lookup. */
  private readonly received = new Map<string, { count: number }>();

  constructor(
    @Inject(RUSTY_SOCKS_OPTIONS) private readonly options: ResolvedOptions,
    @Inject(OUTBOUND_SENDER) private readonly sender: OutboundSender,
    private readonly registry: ConnectionRegistry,
    private readonly admission: ConnectionAdmissionService,
    private readonly handlers: MessageHandlers,
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
  ) {}

  /** Options for the `ws` server: applied to every upgrade before it becomes a WebSocket. */
  serverOptions(): ServerOptions {
    return {
      maxPayload: this.options.maxFrameBytes,
      perMessageDeflate: false,
      verifyClient: (info: { req: IncomingMessage }, done: VerifyCallback) => {
        const refusal = this.admission.check(info.req);
        if (!refusal) return admitCorked(info.req, done);
        done(false, refusal.status, JSON.stringify({ error: refusal.error }), { 'Content-Type': 'application/json', ...refusal.headers });
      },
      // Browsers can only send a token as a subprotocol, and only accept the handshake if one offered
      // protocol is echoed back.
      handleProtocols: (protocols: Set<string>) => bearerSubprotocol(protocols) ?? protocols.values().next().value ?? false,
    };
  }

  /**
   * Takes an upgraded socket: the session service accepts it (welcome, default rooms) or closes it
   * (4401, 4429); its frames are read from now on, and its close releases what it held.
   */
  accept(socket: WebSocket, req: IncomingMessage): void {
    this.sessions.open(socket, this.auth.authenticate(req), this.admission.clientIp(req));
    this.bind(socket);
    socket.once('close', (code: number) => void this.sessions.socketClosed(socket, code));
  }

  /** Starts reading a client's frames into the application's message handlers. */
  private bind(client: WebSocket): void {
    client.on('message', (data: Buffer, isBinary: boolean) => {
      const connection = connectionOf(client);
      if (!connection || connection.closed) return;
      this.registry.counters.received++;
      connection.enqueue(() => this.dispatch(connection, data, isBinary));
      if (connection.backlog >= PAUSE_AT_BACKLOG && !client.isPaused) client.pause();
    });
  }

  /** Frames received since start by type: every handled type (0 until seen), `unknown` and `invalid`. */
  receivedByType(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const type of [...this.handlers.types(), UNKNOWN, INVALID]) counts.set(type, this.received.get(type)?.count ?? 0);
    return counts;
  }

  private count(type: string): void {
    let box = this.received.get(type);
    if (!box) this.received.set(type, (box = { count: 0 }));
    box.count++;
  }

  private async dispatch(connection: ClientConnection, data: Buffer, isBinary: boolean): Promise<void> {
    try {
      const decoded = decodeFrame(data, isBinary, this.options.defaultRooms[0]);
      if (!decoded.ok) {
        this.count(INVALID);
        return this.sender.toConnection(connection, decoded.error);
      }
      const handler = this.handlers.get(decoded.type);
      this.count(handler ? decoded.type : UNKNOWN);
      if (!handler) {
        return this.sender.toConnection(connection, {
          type: 'error',
          code: ErrorCode.UnknownType,
          message: `Unknown message type "${decoded.type.slice(0, 64)}"`,
          ...(decoded.requestId !== undefined && { request_id: decoded.requestId }),
        });
      }
      // The handler's Nest pipeline runs guards, pipes and the exception filter; it resolves to the reply.
      const reply = (await handler(connection.socket, decoded.message)) as Record<string, unknown> | null | undefined;
      if (reply) {
        if (decoded.requestId !== undefined) reply.request_id = decoded.requestId;
        this.sender.toConnection(connection, reply as never);
      }
    } catch (err) {
      this.logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      this.sender.toConnection(connection, { type: 'error', code: ErrorCode.InternalError, message: 'Internal error; the request was not completed' });
    } finally {
      const socket = connection.socket;
      if (socket.isPaused && connection.backlog <= RESUME_AT_BACKLOG) socket.resume();
    }
  }
}

