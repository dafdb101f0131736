import type { Socket } from 'node:net';

/** Something whose socket writes can be held: the flag keeps it in the list once per turn. */
export interface Holdable {
  held: boolean;
  readonly rawSocket: Socket | undefined;
}

/** What is held during the current event-loop turn. */
const holding: Holdable[] = [];
let scheduled = false;

/**
 * Holds a socket's writes until the end of the current event-loop turn, so every frame queued for it
 * in the turn leaves in one `writev` system call instead of one each. This is what uWebSockets does
 * in C++: a burst of messages (a TCP read carries many frames; a room publish reaches many sockets)
 * costs one syscall per socket per turn. The writes are not delayed past the turn.
 */
export function holdUntilEndOfTurn(target: Holdable): void {
  if (target.held) return;
  const socket = target.rawSocket;
  if (!socket) return;
  target.held = true;
  socket.cork();
  holding.push(target);
  if (!scheduled) {
    scheduled = true;
    setImmediate(releaseAll);
  }
}

/** Writes what a held socket has buffered now, and keeps holding it for the rest of the turn. */
export function flushHeld(target: Holdable): void {
  const socket = target.rawSocket;
  if (!target.held || !socket) return;
  socket.uncork();
  socket.cork();
}

function releaseAll(): void {
  scheduled = false;
  // `ws` corks and uncorks around each frame it writes; ours is the outermost cork, so this is
  // where the buffered frames are actually written.
  for (const target of holding.splice(0)) {
    target.held = false;
    target.rawSocket?.uncork();
  }
}
