import type { Socket } from 'node:net';

/** Where a connection stands in the current event-loop turn. */
export const enum TurnState {
  /** Nothing written this turn. */
  Idle,
  /** One frame written, straight to the socket. */
  Wrote,
  /** More frames: the socket is corked until the end of the turn. */
  Holding,
}

/** Something whose socket writes can be held for the rest of a turn. */
export interface Holdable {
  turn: TurnState;
  readonly rawSocket: Socket | undefined;
}

/** What was written to during the current turn. */
const touched: Holdable[] = [];
let scheduled = false;

/**
 * Called before each frame written to a socket. The first frame of a turn goes out at once, so a
 * lone message is not delayed at all; from the second on, the socket is corked and everything queued
 * for it in the turn leaves in one `writev` system call when the turn ends. This is what uWebSockets
 * does in C++: a burst (a TCP read carries many frames; a room publish reaches many sockets) costs
 * about one syscall per socket per turn instead of one per frame.
 */
export function beforeWrite(target: Holdable): void {
  if (target.turn === TurnState.Holding) return;
  if (target.turn === TurnState.Idle) {
    target.turn = TurnState.Wrote;
    touched.push(target);
    if (!scheduled) {
      scheduled = true;
      setImmediate(endOfTurn);
    }
    return;
  }
  const socket = target.rawSocket;
  if (!socket) return;
  target.turn = TurnState.Holding;
  socket.cork();
}

/** Writes what a held socket has buffered now, and keeps holding it for the rest of the turn. */
export function flushHeld(target: Holdable): void {
  const socket = target.rawSocket;
  if (target.turn !== TurnState.Holding || !socket) return;
  socket.uncork();
  socket.cork();
}

function endOfTurn(): void {
  scheduled = false;
  // `ws` corks and uncorks around each frame it writes; ours is the outermost cork, so this is
  // where the held frames are actually written.
  for (const target of touched.splice(0)) {
    if (target.turn === TurnState.Holding) target.rawSocket?.uncork();
    target.turn = TurnState.Idle;
  }
}
