import WebSocket, { ClientOptions } from 'ws';

/** A frame as received from the server. */
export type Frame = Record<string, any> & { type: string };

const DEFAULT_TIMEOUT_MS = 3000;

/**
 * A real `ws` client that records every frame, so tests wait for the frame they expect (with a
 * timeout) instead of sleeping.
 */
export class TestClient {
  readonly frames: Frame[] = [];
  private cursor = 0;
  private waiters: (() => void)[] = [];
  closeCode?: number;
  closeReason?: string;
  readonly closed: Promise<{ code: number; reason: string }>;
  private nextRequest = 0;

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      this.frames.push(JSON.parse(isBinary ? '{"type":"<binary>"}' : data.toString()));
      this.wake();
    });
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => {
        this.closeCode = code;
        this.closeReason = reason.toString();
        this.wake();
        resolve({ code, reason: this.closeReason });
      }),
    );
  }

  /** Sends a message object as one JSON text frame (or a raw string / buffer as given). */
  send(message: object | string | Buffer): void {
    this.socket.send(typeof message === 'object' && !Buffer.isBuffer(message) ? JSON.stringify(message) : message);
  }

  /** Sends a message with a fresh `request_id` and resolves with the reply that echoes it. */
  async request(message: Record<string, unknown>, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Frame> {
    const request_id = `req-${++this.nextRequest}`;
    this.send({ ...message, request_id });
    return this.next((f) => f.request_id === request_id, `reply to ${JSON.stringify(message).slice(0, 120)}`, timeoutMs);
  }

  /**
   * Resolves with the first frame after the ones already consumed that matches, consuming it (and
   * leaving the frames before it for later calls). Rejects when none arrives in time or the socket closes.
   */
  next(match: ((f: Frame) => boolean) | string = () => true, what?: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Frame> {
    const predicate = typeof match === 'string' ? (f: Frame) => f.type === match : match;
    const label = what ?? (typeof match === 'string' ? `a "${match}" frame` : 'a matching frame');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${label}; received: ${JSON.stringify(this.frames.slice(-8))}`));
      }, timeoutMs);
      const check = (): void => {
        const i = this.frames.findIndex((f, k) => k >= this.cursor && predicate(f) && !this.taken.has(k));
        if (i !== -1) {
          this.taken.add(i);
          while (this.taken.has(this.cursor)) this.cursor++;
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== check);
          resolve(this.frames[i]);
        } else if (this.closeCode !== undefined) {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== check);
          reject(new Error(`Socket closed (${this.closeCode}) while waiting for ${label}; received: ${JSON.stringify(this.frames.slice(-8))}`));
        }
      };
      this.waiters.push(check);
      check();
    });
  }

  /** Frames received so far that match and have not been consumed by `next`. */
  pending(match: ((f: Frame) => boolean) | string): Frame[] {
    const predicate = typeof match === 'string' ? (f: Frame) => f.type === match : match;
    return this.frames.filter((f, k) => k >= this.cursor && !this.taken.has(k) && predicate(f));
  }

  /**
   * Proves that no frame matching `match` arrived before a later event: sends a `ping` and waits for
   * its `pong` (the server answers in order, so anything sent to this client before the ping was
   * handled has arrived by then), then checks.
   */
  async expectNone(match: ((f: Frame) => boolean) | string): Promise<void> {
    await this.request({ type: 'ping' });
    const unexpected = this.pending(match);
    if (unexpected.length > 0) throw new Error(`Expected no such frame, got ${JSON.stringify(unexpected)}`);
  }

  close(): Promise<{ code: number; reason: string }> {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) this.socket.close();
    return this.closed;
  }

  private readonly taken = new Set<number>();

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}

/** Opens a connection and resolves once it is open (not waiting for any frame). */
export function connect(url: string, options: ClientOptions & { protocols?: string | string[] } = {}): Promise<TestClient> {
  const { protocols, ...rest } = options;
  const socket = new WebSocket(url, protocols, rest);
  const client = new TestClient(socket);
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(client));
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { statusCode: res.statusCode, headers: res.headers })));
  });
}

/** Opens a connection and waits for its `connected` welcome frame. */
export async function connectWelcomed(url: string, options: ClientOptions & { protocols?: string | string[] } = {}): Promise<{ client: TestClient; welcome: Frame }> {
  const client = await connect(url, options);
  const welcome = await client.next('connected');
  return { client, welcome };
}

/** The HTTP refusal of an upgrade: status, headers and JSON body. */
export function refusedUpgrade(url: string, options: ClientOptions = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: any }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options);
    socket.once('open', () => {
      socket.close();
      reject(new Error('The upgrade was accepted, expected a refusal'));
    });
    socket.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: body ? JSON.parse(body) : undefined }));
    });
    socket.once('error', (err) => reject(new Error(`Expected an HTTP refusal, the connection failed instead: ${err.message}`)));
  });
}
