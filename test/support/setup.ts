/**
 * The lifecycle every spec repeats, registered once: a real server, the clients a test opens, and
 * closing both. Call these inside a `describe` (or at the top of a file); they register jest hooks.
 */
import { RustySocksModuleOptions } from '../../src/rusty-socks.module-definition';
import { Clients } from './clients';
import { startServer, TestServer } from './server';
import { TEST_SECRET } from './tokens';

/** `RUSTY_SOCKS_*` variables for `startServer`: `TEST_SECRET` as the JWT secret unless `env` names another. */
export function testEnv(env: Record<string, string> = {}): Record<string, string> {
  return { RUSTY_SOCKS_JWT_SECRET: TEST_SECRET, ...env };
}

/** A `TestServer` that stands for whichever server `current` returns, once it has started. */
export function serverHandle(current: () => TestServer | undefined): TestServer {
  const get = (): TestServer => {
    const server = current();
    if (server === undefined) throw new Error('The test server has not been started (or is already closed)');
    return server;
  };
  return {
    get app() {
      return get().app;
    },
    get port() {
      return get().port;
    },
    get wsUrl() {
      return get().wsUrl;
    },
    get httpUrl() {
      return get().httpUrl;
    },
    close: () => get().close(),
  };
}

/**
 * One server for the whole `describe` (started in `beforeAll` with `testEnv(env)`, closed in
 * `afterAll`), and clients closed after each test. `server` is usable once `beforeAll` has run.
 */
export function serverForSuite(env: Record<string, string> = {}, overrides: RustySocksModuleOptions = {}): { server: TestServer; clients: Clients } {
  let current: TestServer | undefined;
  const clients = new Clients(() => current);
  beforeAll(async () => {
    current = await startServer(testEnv(env), overrides);
  });
  afterEach(() => clients.closeAll());
  afterAll(async () => {
    await current?.close();
    current = undefined;
  });
  return { server: serverHandle(() => current), clients };
}

/**
 * A server that each test (or its `beforeEach`) starts with the settings it needs, through `start`
 * (which applies `testEnv`); after each test its clients are closed, then the server.
 */
export function serverPerTest(): { server: TestServer; clients: Clients; start(env?: Record<string, string>, overrides?: RustySocksModuleOptions): Promise<TestServer> } {
  let current: TestServer | undefined;
  const clients = new Clients(() => current);
  afterEach(async () => {
    await clients.closeAll();
    await current?.close();
    current = undefined;
  });
  return {
    server: serverHandle(() => current),
    clients,
    async start(env = {}, overrides = {}) {
      if (current !== undefined) throw new Error('A server is already running for this test');
      current = await startServer(testEnv(env), overrides);
      return current;
    },
  };
}
