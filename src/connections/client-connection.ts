import type { WebSocket } from 'ws';
import { Principal } from '../auth/principal';
import { CloseCode } from '../common/close-code';

const OPEN = 1;
const CONNECTION = Symbol('rusty-socks:connection');

/**
 * One accepted WebSocket and what the server knows about it. Kept small: at 10,000 connections
 * every field costs.
 */
export class ClientConnection {
  /** Rooms this connection is in (so a disconnect can leave them all). */
  readonly rooms = new Set<string>();
  /** Closes the connection when its token expires, unless it is refreshed first. */
  expiryTimer?: NodeJS.Timeout;
  /**
   * Set once the socket has closed and its state is being released; work that was waiting (a
   * password check, a store call) looks at it before adding state back.
   */
  closed = false;
  private running = false;
  private waiting: (() => Promise<void>)[] | null = null;

  constructor(
    readonly id: string,
    public principal: Principal,
    readonly socket: WebSocket,
  ) {
    (socket as unknown as Record<symbol, ClientConnection>)[CONNECTION] = this;
  }

  get isOpen(): boolean {
    return this.socket.readyState === OPEN;
  }

  /** Writes one serialized frame; false when the socket can no longer take it. */
  write(data: string): boolean {
    if (this.socket.readyState !== OPEN) return false;
    this.socket.send(data);
    return true;
  }

  /**
   * Runs a task after every task enqueued before it has finished: a connection's frames are handled
   * strictly in order even when a handler waits (for a password check, a store). Tasks report their
   * own errors; a failing task does not stop the ones after it.
   */
  enqueue(task: () => Promise<void>): void {
    if (this.running) {
      (this.waiting ??= []).push(task);
      return;
    }
    this.running = true;
    void this.drain(task);
  }

  /** Tasks enqueued and not yet started. */
  get backlog(): number {
    return this.waiting?.length ?? 0;
  }

  private async drain(first: () => Promise<void>): Promise<void> {
    let task: (() => Promise<void>) | undefined = first;
    while (task) {
      await task().catch(() => undefined);
      task = this.waiting?.shift();
    }
    this.waiting = null;
    this.running = false;
  }

  close(code: CloseCode, reason: string): void {
    if (this.socket.readyState === OPEN) this.socket.close(code, reason);
  }
}

/** The connection a socket was accepted as, or undefined while it is not (or no longer) accepted. */
export function connectionOf(socket: unknown): ClientConnection | undefined {
  return (socket as Record<symbol, ClientConnection> | undefined)?.[CONNECTION];
}
