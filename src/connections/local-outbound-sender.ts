import { Injectable } from '@nestjs/common';
import { OutboundFrame } from '../common/outbound-frames';
import { CloseCode } from '../common/close-code';
import { LatencyHistogram } from '../common/latency-histogram';
import { ClientConnection, WriteResult } from './client-connection';
import { ConnectionRegistry } from './connection-registry.service';
import { DeliveryCounters, OutboundSender } from './outbound-sender';
import { SharedFrame } from './shared-frame';

/**
 * Delivers to the sockets of this process. Each frame is serialized once, however many sockets it
 * goes to.
 */
@Injectable()
export class LocalOutboundSender implements OutboundSender {
  private readonly rooms = new Map<string, Set<ClientConnection>>();
  readonly counters: DeliveryCounters = { delivered: 0, dropped: 0, droppedTooSlow: 0, deliveryLatency: new LatencyHistogram() };

  constructor(protected readonly registry: ConnectionRegistry) {}

  toConnection(connection: ClientConnection, frame: OutboundFrame): void {
    this.write(connection, JSON.stringify(frame));
  }

  toUser(userId: string, frame: OutboundFrame, except?: ClientConnection): number {
    let data: string | undefined;
    let reached = 0;
    for (const connection of this.registry.ofUser(userId)) {
      if (connection === except) continue;
      this.write(connection, (data ??= JSON.stringify(frame)));
      reached++;
    }
    return reached;
  }

  toRoom(roomId: string, frame: OutboundFrame, except?: ClientConnection, json?: string): void {
    const subscribers = this.rooms.get(roomId);
    if (!subscribers) return;
    // Serialized, encoded and framed once: every socket then writes the same bytes.
    const data = new SharedFrame(json ?? JSON.stringify(frame));
    for (const connection of subscribers) {
      if (connection !== except) this.write(connection, data);
    }
  }

  subscribe(roomId: string, connection: ClientConnection): void {
    let subscribers = this.rooms.get(roomId);
    if (!subscribers) this.rooms.set(roomId, (subscribers = new Set()));
    subscribers.add(connection);
  }

  unsubscribe(roomId: string, connection: ClientConnection): void {
    const subscribers = this.rooms.get(roomId);
    if (subscribers?.delete(connection) && subscribers.size === 0) this.rooms.delete(roomId);
  }

  subscribers(roomId: string): Iterable<ClientConnection> {
    return this.rooms.get(roomId) ?? [];
  }

  private write(connection: ClientConnection, data: string | SharedFrame): void {
    const result = connection.write(data);
    if (result === WriteResult.Sent) {
      this.counters.delivered++;
      return;
    }
    this.counters.dropped++;
    if (result !== WriteResult.Overflow) return;
    this.counters.droppedTooSlow++;
    // A client that stops reading is cut off rather than allowed to grow the server's memory; the
    // rest of the room never waits for it, since writes only ever queue.
    this.registry.evict(connection, CloseCode.TooSlow, 'Too slow to read');
  }
}
