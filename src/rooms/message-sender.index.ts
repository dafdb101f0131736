import { Inject, Injectable } from '@nestjs/common';
import { RUSTY_SOCKS_OPTIONS } from '../config/config.constants';
import { ResolvedOptions } from '../config/rusty-socks-options.interface';

/**
 * Who sent each of a room's last `historySize` messages (message id → sender id), so that
 * `delete_message` knows a message's sender. Bounded per room (oldest forgotten first) and dropped with
 * the room. A stand-in: the room history store replaces it, as it keeps the same messages.
 */
@Injectable()
export class MessageSenderIndex {
  private readonly rooms = new Map<string, Map<string, string>>();
  private readonly limit: number;

  constructor(@Inject(RUSTY_SOCKS_OPTIONS) options: ResolvedOptions) {
    this.limit = options.historySize;
  }

  /** Notes a published message; the room's oldest one is forgotten past the limit. */
  record(roomId: string, messageId: string, senderId: string): void {
    if (this.limit === 0) return;
    let messages = this.rooms.get(roomId);
    if (!messages) this.rooms.set(roomId, (messages = new Map()));
    messages.set(messageId, senderId);
    // A Map iterates in insertion order, so its first key is the oldest message.
    if (messages.size > this.limit) messages.delete(messages.keys().next().value!);
  }

  /** The sender of one of the room's recent messages, or undefined when it is unknown or too old. */
  senderOf(roomId: string, messageId: string): string | undefined {
    return this.rooms.get(roomId)?.get(messageId);
  }

  /** Forgets a deleted message; false when it was not known. */
  forget(roomId: string, messageId: string): boolean {
    const messages = this.rooms.get(roomId);
    if (!messages?.delete(messageId)) return false;
    if (messages.size === 0) this.rooms.delete(roomId);
    return true;
  }

  /** Forgets a deleted room's messages. */
  forgetRoom(roomId: string): void {
    this.rooms.delete(roomId);
  }
}
