import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { Principal } from '../auth/principal';
import { CloseCode } from '../common/close-code';
import { SharedFrame } from './shared-frame';
import { beforeWrite, flushHeld, TurnState } from './write-coalescer';

const OPEN = 1;
/** Frames are JSON text. */
const TEXT = { binary: false };
/** Held bytes past which a connection's writes leave before the end of the turn. */
const FLUSH_BYTES = 64 * 1024;
const CONNECTION = Symbol('rusty-socks:connection');

/** How much may wait for one slow client before it is cut off; one object shared by every connection. */
export interface SendLimits {
  /** Frames accepted and not yet written to the socket. */
  readonly frames: number;
  /** Bytes buffered in the socket and not yet written. */
  readonly bytes: number;
}

/** What became of a frame handed to `write`. */
export const enum WriteResult {
  Sent,
  /** The socket is closing or closed. */
  Closed,
  /** The client has fallen too far behind: the frame was not queued and the connection must go (4409). */
  Overflow,
}

/**
 * One accepted WebSocket and what the server knows about it. Kept small: at 10,000 connections
 * every field costs.
 */
export class ClientConnection {
  /** Rooms this connection is in (so a disconnect can leave them all). */
  readonly rooms = new Set<string>();
  /**
   * Set once the socket has closed and its state is being released; work that was waiting (a
   * password check, a store call) looks at it before adding state back.
   */
  closed = false;
  /** When the connection was accepted, in ms since the epoch (the closed log line's duration). */
  readonly openedAt: number;
  /** Last sign of life (a frame or a pong), in ms since the epoch: the idle timeout counts from it. */
  lastSeen: number;
  /** Bytes the client had sent at the last heartbeat sweep: any growth is a sign of life. */
  lastBytesRead = 0;
  /** Where this connection's writes stand in the current event-loop turn (see `beforeWrite`). */
  turn = TurnState.Idle;
  private running = false;
  private waiting: (() => Promise<void>)[] | null = null;
  /**
   * Frames handed to the socket since its buffer was last empty: the ones not yet written to the
   * network (PROTOCOL.md §5.1 "send queue"). Counted without a callback per frame: any write that
   * finds the buffer empty starts the count again.
   */
  private queued = 0;

  constructor(
    readonly id: string,
    public principal: Principal,
    readonly socket: WebSocket,
    /** The client's address as admission saw it (after trusted proxies). */
    readonly ip: string,
    private readonly limits: SendLimits,
    now: number,
  ) {
    this.openedAt = now;
    this.lastSeen = now;
    (socket as unknown as Record<symbol, ClientConnection>)[CONNECTION] = this;
  }

  /**
   * Queues one serialized frame for the socket, unless the client has stopped keeping up: past the
   * frame or byte limit nothing more is queued, so a client that does not read cannot grow the
   * server's memory, and the caller evicts it.
   */
  write(data: string | SharedFrame): WriteResult {
    if (this.closed || this.socket.readyState !== OPEN) return WriteResult.Closed;
    const buffered = this.socket.bufferedAmount;
    if (buffered === 0) this.queued = 0;
    // Judged once per turn, on what earlier turns left unwritten: frames of the current turn may be
    // held back on purpose (see `beforeWrite`) and are not a sign of a slow reader.
    if (this.turn === TurnState.Idle && (this.queued >= this.limits.frames || buffered >= this.limits.bytes)) return WriteResult.Overflow;
    beforeWrite(this);
    this.queued++;
    let length: number;
    if (typeof data === 'string') {
      this.socket.send(data, TEXT);
      length = data.length;
    } else {
      // Already a frame: straight to the TCP socket (an open WebSocket always has one). Safe beside
      // `ws`'s own writes because its sender never holds frames back here (no compression, no Blobs):
      // everything reaches the socket in order.
      this.rawSocket!.write(data.bytes);
      length = data.bytes.length;
    }
    // A turn can carry megabytes (libuv reads up to 2 MB from one socket per turn): past a socket
    // buffer's worth, let it go now rather than hold it all for the end of the turn.
    if (this.turn === TurnState.Holding && buffered + length >= FLUSH_BYTES) flushHeld(this);
    return WriteResult.Sent;
  }

  /** The TCP (or TLS) socket under the WebSocket, whose writes are held within an event-loop turn. */
  get rawSocket(): Socket | undefined {
    return (this.socket as unknown as { _socket?: Socket })._socket;
  }

  /** Frames waiting to be written. */
  get sendQueue(): number {
    return this.queued;
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
