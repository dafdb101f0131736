/**
 * The client SDK (`src/client`) as a user runs it against a test server: for specs about behaviour,
 * where the exact frames are not the point (those keep `TestClient`).
 */
import WebSocket from 'ws';
import { HostFrame, RustySocksClient, RustySocksClientOptions, RustySocksError, RustySocksEvents } from '../../src/client';
import { within } from './poll';
import { TestServer } from './server';
import { signToken } from './tokens';

/** Options of `SdkClients.as`: the JWT claims' signing secret, the server, and any SDK option. */
export type SdkUserOptions = Partial<RustySocksClientOptions> & { secret?: string; server?: TestServer };

/**
 * Keeps every SDK client a test opens, so `afterEach(() => sdk.closeAll())` closes them all (which also
 * stops their reconnecting).
 */
export class SdkClients {
  private readonly open: RustySocksClient[] = [];

  /** `server` is read at each connection, so it may be a test server started later (in `beforeAll`). */
  constructor(private readonly server?: () => TestServer | undefined) {}

  /**
   * An SDK client connected as `sub` (token from `signToken` with `claims`), once welcomed and in its
   * default room: that join runs first in the connection's queue, so a pong proves it is done.
   */
  async as(sub: string, claims: Record<string, unknown> = {}, options: SdkUserOptions = {}): Promise<RustySocksClient> {
    const { secret, server, ...sdkOptions } = options;
    const client = this.track(
      new RustySocksClient({
        url: (server ?? this.current()).wsUrl,
        token: signToken({ sub, ...claims }, secret !== undefined ? { secret } : {}),
        WebSocket,
        ...sdkOptions,
      }),
    );
    await client.connect();
    await client.ping();
    return client;
  }

  /** Adds a client made elsewhere to the ones `closeAll` closes. */
  track(client: RustySocksClient): RustySocksClient {
    this.open.push(client);
    return client;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.open.splice(0).map((c) => c.close()));
  }

  private current(): TestServer {
    const server = this.server?.();
    if (server === undefined) throw new Error('These SDK clients have no server: pass one to `new SdkClients(() => server)` or as `options.server`');
    return server;
  }
}

/**
 * Resolves with the next `count` `type` events of `client` that `accept`, counting from this call:
 * start it before the action that causes them, as a user subscribes before acting.
 */
export function nextEvents<K extends keyof RustySocksEvents>(
  client: RustySocksClient,
  type: K,
  count: number,
  accept: (payload: RustySocksEvents[K]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<RustySocksEvents[K][]> {
  const got: RustySocksEvents[K][] = [];
  let listener: ((payload: RustySocksEvents[K]) => void) | undefined;
  const all = new Promise<RustySocksEvents[K][]>((resolve) => {
    listener = (payload) => {
      if (!accept(payload)) return;
      got.push(payload);
      if (got.length === count) resolve(got);
    };
    client.on(type, listener);
  });
  const waited = within(all, timeoutMs, `${count} "${String(type)}" event(s); got ${JSON.stringify(got)}`).finally(() => client.off(type, listener!));
  // A test that fails before awaiting this must not also leave an unhandled rejection behind.
  waited.catch(() => undefined);
  return waited;
}

/** The next `type` event of `client` that `accept`, counting from this call (see `nextEvents`). */
export async function nextEvent<K extends keyof RustySocksEvents>(client: RustySocksClient, type: K, accept?: (payload: RustySocksEvents[K]) => boolean, timeoutMs?: number): Promise<RustySocksEvents[K]> {
  const [event] = await nextEvents(client, type, 1, accept, timeoutMs);
  return event;
}

/** Every `type` event of `client` from this call on, for proving what did not arrive (after a `ping` round trip). */
export function recordEvents<K extends keyof RustySocksEvents>(client: RustySocksClient, type: K): RustySocksEvents[K][] {
  const seen: RustySocksEvents[K][] = [];
  client.on(type, (payload) => seen.push(payload));
  return seen;
}

/** The next frame of a type the host app sends (`onHostFrame`) that `accept`, counting from this call. */
export function nextHostFrame<F extends HostFrame = HostFrame & Record<string, unknown>>(client: RustySocksClient, type: string, accept: (frame: F) => boolean = () => true, timeoutMs = 5000): Promise<F> {
  let listener: ((frame: F) => void) | undefined;
  const next = new Promise<F>((resolve) => {
    listener = (frame) => {
      if (accept(frame)) resolve(frame);
    };
    client.onHostFrame(type, listener);
  });
  const waited = within(next, timeoutMs, `a "${type}" frame`).finally(() => client.offHostFrame(type, listener!));
  waited.catch(() => undefined);
  return waited;
}

/**
 * Asserts that a request was refused with exactly this code: it rejects with a `RustySocksError` whose
 * `error` frame has the code, a message and the request's id (as `expectError` checks a raw reply).
 */
export async function expectRefused(request: Promise<unknown>, code: string): Promise<RustySocksError> {
  const error = await request.then(
    (reply) => {
      throw new Error(`Expected the request to be refused with ${code}, it succeeded: ${JSON.stringify(reply)}`);
    },
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(RustySocksError);
  expect(error).toMatchObject({ code, frame: { type: 'error', code, message: expect.any(String), request_id: expect.any(String) } });
  return error as RustySocksError;
}
