import { LatencyHistogram } from '../common/latency-histogram';
import { OutboundFrame } from '../common/outbound-frames';
import { ClientConnection } from './client-connection';

/** Delivery counters, read by `/stats` and `/metrics`. */
export interface DeliveryCounters {
  /** Frames written to sockets. */
  delivered: number;
  /** Frames that could not be written (socket closing or gone, or the client too slow). */
  dropped: number;
  /** Of `dropped`, frames refused because the client fell too far behind (it is then evicted with 4409). */
  droppedTooSlow: number;
  /** Room messages, once per message: from the start of its publish to its frame handed to the last local recipient's socket. */
  readonly deliveryLatency: LatencyHistogram;
}

/**
 * The one way frames leave the server. Services hand it frames and never touch sockets. Room
 * fan-out goes through room subscriptions, which the Redis version turns into channel subscriptions.
 */
export interface OutboundSender {
  /** Sends to one connection. */
  toConnection(connection: ClientConnection, frame: OutboundFrame): void;
  /** Sends to every connection of a user but `except`; returns how many connections it reached. */
  toUser(userId: string, frame: OutboundFrame, except?: ClientConnection): number;
  /** Sends to every connection subscribed to a room but `except`, in publish order; `json`: the frame already serialized. */
  toRoom(roomId: string, frame: OutboundFrame, except?: ClientConnection, json?: string): void;
  /** Starts delivering a room's frames to a connection. */
  subscribe(roomId: string, connection: ClientConnection): void;
  /** Stops delivering a room's frames to a connection. */
  unsubscribe(roomId: string, connection: ClientConnection): void;
  /** Connections subscribed to a room on this instance. */
  subscribers(roomId: string): Iterable<ClientConnection>;
  readonly counters: Readonly<DeliveryCounters>;
}
