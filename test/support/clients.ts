import { ClientOptions } from 'ws';
import { connect, Frame, TestClient } from './client';
import { expectAlive } from './frames';
import { TestServer } from './server';
import { userUrl } from './tokens';

type ConnectOptions = ClientOptions & { protocols?: string | string[] };

let counter = 0;
/** A user id no other test of the run uses, so late events of an earlier test cannot be mistaken for this one's. */
export function uniqueId(name: string): string {
  return `${name}-${process.pid}-${++counter}`;
}

/**
 * Keeps every client a test opens, so `afterEach(() => clients.closeAll())` closes them all. It
 * connects to any URL (`connect`, `connectWelcomed`), and, when given the server it serves, as a
 * user (`as`, `asReady`) or as an anonymous guest (`guest`).
 */
export class Clients {
  private readonly open: TestClient[] = [];

  /** `server` is read at each connection, so it may be a test server started later (in `beforeAll`). */
  constructor(private readonly server?: () => TestServer | undefined) {}

  /** Adds a client opened elsewhere to the ones `closeAll` closes. */
  track(client: TestClient): TestClient {
    this.open.push(client);
    return client;
  }

  /** Opens a connection to `url` and resolves once it is open (not waiting for any frame). */
  async connect(url: string, options: ConnectOptions = {}): Promise<TestClient> {
    return this.track(await connect(url, options));
  }

  /** Opens a connection to `url` and waits for its `connected` welcome frame. */
  async connectWelcomed(url: string, options: ConnectOptions = {}): Promise<{ client: TestClient; welcome: Frame }> {
    const client = await this.connect(url, options);
    return { client, welcome: await client.next('connected') };
  }

  /** A connection authenticated as `sub` with a `?token=` (a plain Member unless `claims.role` says otherwise). */
  async as(sub: string, claims: Record<string, unknown> = {}): Promise<TestClient> {
    return (await this.connectWelcomed(userUrl(this.wsUrl(), { sub, ...claims }))).client;
  }

  /**
   * Like `as`, and also waits until the connection has joined its default room: that join runs first
   * in the connection's queue, so a pong (checked by `expectAlive`) proves it is done.
   */
  async asReady(sub: string, claims: Record<string, unknown> = {}): Promise<TestClient> {
    const client = await this.as(sub, claims);
    await expectAlive(client);
    return client;
  }

  /** An anonymous guest (no token); resolves with the client and its welcome frame. */
  guest(): Promise<{ client: TestClient; welcome: Frame }> {
    return this.connectWelcomed(this.wsUrl());
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.open.splice(0).map((c) => c.close()));
  }

  private wsUrl(): string {
    const server = this.server?.();
    if (server === undefined) throw new Error('These clients have no server to connect to: pass one to `new Clients(() => server)`');
    return server.wsUrl;
  }
}
