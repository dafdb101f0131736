import { Injectable, Logger } from '@nestjs/common';
import type { PrivateMessageFrame, RoomMessageFrame } from '../common/outbound-frames';
import type { ModerationEvent } from '../moderation/moderation-audit.service';

/** Why a connection left a room. */
export type RoomLeftReason = 'left' | 'disconnected' | 'kicked' | 'banned';

/** The domain events of Rusty Socks, by name, with their payloads. */
export interface RustySocksEventMap {
  /** A connection was accepted (after its `connected` frame). */
  'user.connected': { connectionId: string; userId: string; username: string; authenticated: boolean; ip: string };
  /** An accepted connection closed or was evicted (after it left its rooms). */
  'user.disconnected': { connectionId: string; userId: string };
  /** A connection entered a room. `firstForUser`: the user had no other connection in it (a `user_joined` was due). */
  'room.joined': { roomId: string; connectionId: string; userId: string; username: string; firstForUser: boolean };
  /** A connection left a room. `lastForUser`: the user has no connection left in it. */
  'room.left': { roomId: string; connectionId: string; userId: string; reason: RoomLeftReason; lastForUser: boolean };
  /**
   * A chat message was delivered (content already checked and escaped): a room message once stored and
   * fanned out, or a private message once handed to the target's connections (`roomId` null). Narrow
   * with `if (e.roomId === null)`.
   */
  'message.sent': RoomMessageSent | PrivateMessageSent;
  /** A moderation action took effect: the same event the audit trail records. */
  'moderation.action': ModerationEvent;
}

/** `message.sent` for a room message. */
export interface RoomMessageSent {
  roomId: string;
  connectionId: string;
  message: RoomMessageFrame;
}

/** `message.sent` for a private message: `targetUserId` is the recipient, `connectionId` the sending connection. */
export interface PrivateMessageSent {
  roomId: null;
  targetUserId: string;
  connectionId: string;
  message: PrivateMessageFrame;
}

export type RustySocksEventName = keyof RustySocksEventMap;
export type RustySocksListener<K extends RustySocksEventName> = (payload: RustySocksEventMap[K]) => void | Promise<void>;

/**
 * The domain events, for host providers: `events.on('message.sent', (e) => …)` returns a function that
 * unsubscribes. Listeners run synchronously at the point of the event, in subscription order, and must
 * not block; an exception (or a rejected promise) of a listener is logged and never reaches the
 * connection or the other listeners. Emitters call `wants(name)` first, so an event nobody listens to
 * costs one map lookup and builds no payload.
 */
@Injectable()
export class RustySocksEvents {
  private readonly logger = new Logger('RustySocksEvents');
  private readonly listeners = new Map<RustySocksEventName, Set<RustySocksListener<never>>>();

  on<K extends RustySocksEventName>(name: K, listener: RustySocksListener<K>): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener as RustySocksListener<never>);
    return () => {
      set.delete(listener as RustySocksListener<never>);
      if (set.size === 0 && this.listeners.get(name) === set) this.listeners.delete(name);
    };
  }

  /** Whether anyone listens to `name` (emitters check it before building a payload). */
  wants(name: RustySocksEventName): boolean {
    return this.listeners.has(name);
  }

  emit<K extends RustySocksEventName>(name: K, payload: RustySocksEventMap[K]): void {
    const set = this.listeners.get(name);
    if (!set) return;
    for (const listener of Array.from(set) as RustySocksListener<K>[]) {
      try {
        const result = listener(payload);
        if (result instanceof Promise) result.catch((err: unknown) => this.failed(name, err));
      } catch (err) {
        this.failed(name, err);
      }
    }
  }

  private failed(name: RustySocksEventName, err: unknown): void {
    this.logger.error(`A "${name}" listener failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
