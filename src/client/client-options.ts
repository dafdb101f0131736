import { BackoffOptions } from './backoff';
import { ServerFrameMap } from './protocol';
import { RustySocksError } from './rusty-socks-error';

/**
 * The part of a WebSocket the client uses: the browser's `WebSocket` and the `ws` package's both fit.
 * Events are typed loosely because the two libraries type them differently.
 */
export interface WebSocketLike {
  readonly readyState: number;
  readonly protocol: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: any) => void) | null; // eslint-disable-line @typescript-eslint/no-explicit-any
  onmessage: ((event: any) => void) | null; // eslint-disable-line @typescript-eslint/no-explicit-any
  onclose: ((event: any) => void) | null; // eslint-disable-line @typescript-eslint/no-explicit-any
  onerror: ((event: any) => void) | null; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A WebSocket constructor: `globalThis.WebSocket` in browsers, `ws`'s `WebSocket` in Node. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** Options of `RustySocksClient`. */
export interface RustySocksClientOptions {
  /** `ws://host:port/ws` or `wss://…`. */
  url: string;
  /**
   * The JWT, sent as the `bearer.<jwt>` subprotocol (which browsers can set). A function is called at
   * every (re)connection, so a reconnect can use a fresh token. Absent: connect as an anonymous guest.
   */
  token?: string | (() => string | undefined | Promise<string | undefined>);
  /** The WebSocket implementation. @default globalThis.WebSocket (in Node, pass `ws`'s `WebSocket`) */
  WebSocket?: WebSocketConstructor;
  /** Spacing of reconnect attempts after an unexpected close; `false` turns reconnecting off. */
  reconnect?: Partial<BackoffOptions> | false;
  /** How long a request waits for its reply before it rejects with `TIMEOUT`. @default 10000 */
  requestTimeoutMs?: number;
}

/** Events of the connection itself, next to every server frame type. */
export interface ConnectionEvents {
  /** The socket opened (the `connected` welcome follows). */
  open: Record<string, never>;
  /** The socket closed; `willReconnect` says whether the client will try again. */
  close: { code: number; reason: string; willReconnect: boolean };
  /** A reconnect attempt is scheduled in `delayMs`. */
  reconnecting: { attempt: number; delayMs: number };
  /** After a reconnect, the room's missed messages could not all be replayed: reload its history. */
  resync: { room_id: string };
  /** After a reconnect, a room the client was in could not be joined again (deleted, banned…). */
  rejoin_failed: { room_id: string; error: RustySocksError };
}

/** Every event of `RustySocksClient`: each server frame by its type, plus `ConnectionEvents`. */
export type RustySocksEvents = ServerFrameMap & ConnectionEvents;
