import { createHmac } from 'node:crypto';
import { ClientOptions } from 'ws';
import { connect, TestClient } from '../support/client';
import { TestServer } from '../support/server';
import { TEST_SECRET } from '../support/tokens';

/** The one frame every refused handshake must get (PROTOCOL.md §2.2), before close 4401. */
export const AUTH_FAILED_FRAME = { type: 'error', code: 'AUTH_FAILED', message: 'Authentication failed' };

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Rejects when `promise` has not settled within `ms`. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Proves an absence over a bounded window: resolves with 'open' when the client is still open after
 * `ms`, or with its close event if it closed first.
 */
export async function stillOpenAfter(client: TestClient, ms: number): Promise<'open' | { code: number; reason: string }> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<'open'>((resolve) => (timer = setTimeout(() => resolve('open'), Math.max(0, ms))));
  return Promise.race([client.closed, elapsed]).finally(() => clearTimeout(timer));
}

/**
 * Waits for the server to refuse an already-open connection and checks the exact contract: one
 * `AUTH_FAILED` frame and nothing else, then close code 4401.
 */
export async function expectAuthFailed(client: TestClient): Promise<void> {
  const { code } = await within(client.closed, 3000, 'the server to close the refused connection');
  expect({ code, frames: client.frames }).toEqual({ code: 4401, frames: [AUTH_FAILED_FRAME] });
}

/** Signs a JWT by hand with a real HMAC of the given algorithm (unlike `signToken`, which always uses SHA-256). */
export function signHmac(alg: 'HS256' | 'HS384' | 'HS512', claims: Record<string, unknown>, secret = TEST_SECRET): string {
  const now = Math.floor(Date.now() / 1000);
  const head = Buffer.from(JSON.stringify({ alg, typ: 'JWT' })).toString('base64url');
  const body = Buffer.from(JSON.stringify({ iat: now, exp: now + 3600, ...claims })).toString('base64url');
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg];
  return `${head}.${body}.${createHmac(hash, secret).update(`${head}.${body}`).digest('base64url')}`;
}

/** The four places a client can put its token (PROTOCOL.md §2.2), in precedence order. */
export type TokenSource = 'authorization' | 'subprotocol' | 'x-auth-token' | 'query';
export const TOKEN_SOURCES: TokenSource[] = ['authorization', 'subprotocol', 'x-auth-token', 'query'];

/** The URL and client options that carry each given token in its source. */
export function carrying(server: TestServer, tokens: Partial<Record<TokenSource, string>>): { url: string; options: ClientOptions & { protocols?: string[]; headers: Record<string, string> } } {
  const headers: Record<string, string> = {};
  const protocols: string[] = [];
  let url = server.wsUrl;
  if (tokens.authorization !== undefined) headers.Authorization = `Bearer ${tokens.authorization}`;
  if (tokens.subprotocol !== undefined) protocols.push(`bearer.${tokens.subprotocol}`);
  if (tokens['x-auth-token'] !== undefined) headers['X-Auth-Token'] = tokens['x-auth-token'];
  if (tokens.query !== undefined) url += `?token=${encodeURIComponent(tokens.query)}`;
  return { url, options: { headers, ...(protocols.length > 0 && { protocols }) } };
}

/** Keeps every client a test opens, so `afterEach` can close them all. */
export class Clients {
  private readonly open: TestClient[] = [];

  track(client: TestClient): TestClient {
    this.open.push(client);
    return client;
  }

  async connect(url: string, options: Parameters<typeof connect>[1] = {}): Promise<TestClient> {
    return this.track(await connect(url, options));
  }

  async connectWelcomed(url: string, options: Parameters<typeof connect>[1] = {}): Promise<{ client: TestClient; welcome: Record<string, any> }> {
    const client = await this.connect(url, options);
    return { client, welcome: await client.next('connected') };
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.open.splice(0).map((c) => c.close()));
  }
}
