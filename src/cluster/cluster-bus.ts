import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { LatencyHistogram } from '../common/latency-histogram';
import { OutboundFrame } from '../common/outbound-frames';
import { BusMetrics } from '../stats/stats.constants';
import { RedisConnection } from './redis-connection';
import { RedisKeys as K } from './redis-keys';

/**
 * A frame that came in on a channel: parsed, and as the JSON text it came in (which is what sockets get,
 * so it is not serialized again); `exceptId` is the connection it must skip (empty: none).
 */
export type BusListener = (id: string, frame: BusFrame, exceptId: string, json: string) => void;

/** A protocol frame, or a command between instances (its `type` starts with `~`). */
export type BusFrame = OutboundFrame | { type: `~${string}`; [field: string]: unknown };

/** Reads what a room's channel carried while the subscription was interrupted, and delivers it. */
export type ResyncHandler = (roomId: string) => Promise<void>;

interface Channel {
  /** Who on this instance needs the channel (connection ids); unsubscribed when none is left. */
  members: Set<string>;
  /** Settles when the subscription is in effect. */
  subscribed: Promise<void>;
  /** Messages that arrived while the channel is being caught up after an interruption. */
  buffer: string[] | null;
}

/**
 * The message bus between instances, on Redis pub/sub: one channel per room, one per user and one per
 * instance (for frames to single connections, from a host's `sendToConnection`). An
 * instance subscribes to a room's channel only while one of its own connections is in the room (and to
 * a user's while that user is connected to it), so a message costs nothing on instances with no
 * member of its room. Every instance — the publishing one too — delivers what arrives on its channels,
 * so all of them see a room's frames in the one order Redis gave them. Messages carry a head (the
 * connection to skip, then a newline) and the frame's JSON.
 *
 * When the subscriber connection drops, messages published meanwhile are not redelivered by Redis:
 * the room channels buffer what arrives after the reconnection until the `ResyncHandler` has replayed
 * the missed room messages from history, so members get every message, in order, exactly once.
 */
@Injectable()
export class ClusterBus implements BusMetrics, OnModuleInit {
  /** Publication to arrival on this instance, once per message (not per recipient). */
  readonly busLatency = new LatencyHistogram();
  private readonly channels = new Map<string, Channel>();
  private readonly roomListeners: BusListener[] = [];
  private readonly userListeners: BusListener[] = [];
  private readonly connectionListeners: BusListener[] = [];
  private resyncHandler: ResyncHandler | undefined;
  private interrupted = false;
  private readonly logger = new Logger(ClusterBus.name);

  constructor(private readonly redis: RedisConnection) {
    if (!redis.enabled) return;
    redis.subscriber.on('message', (channel: string, message: string) => this.received(channel, message));
    redis.subscriber.on('close', () => {
      this.interrupted = true;
      for (const [name, state] of this.channels) if (name.startsWith(K.roomChannelPrefix)) state.buffer ??= [];
    });
    redis.subscriber.on('ready', () => {
      if (this.interrupted) void this.resync();
    });
  }

  get enabled(): boolean {
    return this.redis.enabled;
  }

  onRoomFrame(listener: BusListener): void {
    this.roomListeners.push(listener);
  }

  onUserFrame(listener: BusListener): void {
    this.userListeners.push(listener);
  }

  /** Frames for single connections of this instance (the listener gets the connection id as `id`). */
  onConnectionFrame(listener: BusListener): void {
    this.connectionListeners.push(listener);
  }

  async onModuleInit(): Promise<void> {
    if (this.redis.enabled) await this.attach(K.instanceChannel(this.redis.instanceId), 'instance');
  }

  /** Sends a frame to one connection open on `instanceId`; resolves to 1 when that instance took it. */
  toConnection(instanceId: string, connectionId: string, frame: BusFrame): Promise<number> {
    return this.redis.commands.publish(K.instanceChannel(instanceId), this.head(connectionId) + JSON.stringify(frame));
  }

  onResync(handler: ResyncHandler): void {
    this.resyncHandler = handler;
  }

  /** Starts receiving a room's frames for a connection; settles once they flow. */
  attachRoom(roomId: string, connectionId: string): Promise<void> {
    return this.attach(K.roomChannel(roomId), connectionId);
  }

  /** Stops receiving for a connection; true when no connection here needs the room any more. */
  detachRoom(roomId: string, connectionId: string): boolean {
    return this.detach(K.roomChannel(roomId), connectionId);
  }

  attachUser(userId: string, connectionId: string): Promise<void> {
    return this.attach(K.userChannel(userId), connectionId);
  }

  detachUser(userId: string, connectionId: string): void {
    this.detach(K.userChannel(userId), connectionId);
  }

  /** Sends a frame to a room's members on every instance; resolves to how many instances have members. */
  toRoom(roomId: string, frame: BusFrame, exceptId = ''): Promise<number> {
    return this.redis.commands.publish(K.roomChannel(roomId), this.head(exceptId) + JSON.stringify(frame));
  }

  /** Sends a frame or command to a user's connections on every instance; resolves to how many instances have one. */
  toUser(userId: string, frame: BusFrame, exceptId = ''): Promise<number> {
    return this.redis.commands.publish(K.userChannel(userId), this.head(exceptId) + JSON.stringify(frame));
  }

  /**
   * The head of an envelope (see `RedisHistoryStore.publish` for room messages): the connection to skip
   * and the time of publication (for `rusty_socks_bus_latency_seconds`), then a newline.
   */
  head(exceptId = ''): string {
    return `${exceptId} ${wallClockMs().toFixed(3)}\n`;
  }

  private attach(name: string, member: string): Promise<void> {
    let channel = this.channels.get(name);
    if (!channel) {
      const subscribed = this.redis.subscriber.subscribe(name).then(() => undefined);
      channel = { members: new Set(), subscribed, buffer: null };
      this.channels.set(name, channel);
      // A failed subscription must not stay cached: the next attach tries again.
      subscribed.catch(() => {
        if (this.channels.get(name) === channel) this.channels.delete(name);
      });
    }
    channel.members.add(member);
    return channel.subscribed;
  }

  private detach(name: string, member: string): boolean {
    const channel = this.channels.get(name);
    if (!channel) return true;
    channel.members.delete(member);
    if (channel.members.size > 0) return false;
    this.channels.delete(name);
    this.redis.subscriber.unsubscribe(name).catch(() => undefined);
    return true;
  }

  private received(name: string, message: string): void {
    const channel = this.channels.get(name);
    if (!channel) return; // unsubscribed meanwhile
    if (channel.buffer) {
      channel.buffer.push(message);
      return;
    }
    this.dispatch(name, message);
  }

  private dispatch(name: string, message: string): void {
    const newline = message.indexOf('\n');
    const space = message.lastIndexOf(' ', newline);
    const exceptId = message.slice(0, space);
    // Wall clocks of different machines: a latency across hosts is as good as their time sync.
    this.busLatency.observe(Math.max(0, wallClockMs() - Number(message.slice(space + 1, newline))) / 1000);
    const json = message.slice(newline + 1);
    let frame: BusFrame;
    try {
      frame = JSON.parse(json) as BusFrame;
    } catch {
      this.logger.error(`Dropped a malformed message on ${name}`);
      return;
    }
    if (name.startsWith(K.roomChannelPrefix)) {
      const roomId = name.slice(K.roomChannelPrefix.length);
      for (const listener of this.roomListeners) listener(roomId, frame, exceptId, json);
    } else if (name.startsWith(K.userChannelPrefix)) {
      const userId = name.slice(K.userChannelPrefix.length);
      for (const listener of this.userListeners) listener(userId, frame, exceptId, json);
    } else {
      // On an instance's channel, the head names the connection the frame is for.
      for (const listener of this.connectionListeners) listener(exceptId, frame, '', json);
    }
  }

  /**
   * After the subscriber reconnected: confirm every subscription, replay each room's missed messages,
   * then let the buffered ones through (the room's dedupe by offset drops what the replay already gave).
   */
  private async resync(): Promise<void> {
    this.interrupted = false;
    const names = Array.from(this.channels.keys());
    try {
      if (names.length > 0) await this.redis.subscriber.subscribe(...names);
      for (const name of names) {
        if (!name.startsWith(K.roomChannelPrefix) || !this.channels.has(name)) continue;
        await this.retry(() => this.resyncHandler?.(name.slice(K.roomChannelPrefix.length)) ?? Promise.resolve());
      }
    } catch (err) {
      this.logger.error(`Catching up after the Redis reconnection failed: ${String(err)}`);
    }
    // Interrupted again meanwhile: the next reconnection catches up, buffers included.
    if (this.interrupted) return;
    for (const name of names) {
      const channel = this.channels.get(name);
      const buffered = channel?.buffer;
      if (!channel || !buffered) continue;
      channel.buffer = null;
      for (const message of buffered) this.dispatch(name, message);
    }
  }

  /** Commands fail at once while the command connection is still reconnecting: try again a little later. */
  private async retry(operation: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await operation();
      } catch (err) {
        if (attempt >= 50 || this.interrupted) throw err;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }
}

/** Milliseconds since the epoch with sub-millisecond resolution (bus latencies on one host are well below 1 ms). */
function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}
