import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { BusFrame, ClusterBus } from '../cluster/cluster-bus';
import { orUnavailable } from '../cluster/redis-connection';
import { CloseCode } from '../common/close-code';
import { OutboundFrame, RoomMessageFrame } from '../common/outbound-frames';
import { RUSTY_SOCKS_OPTIONS } from '../config/config.constants';
import { ResolvedOptions } from '../config/rusty-socks-options.interface';
import { ClientConnection } from '../connections/client-connection';
import { ConnectionRegistry } from '../connections/connection-registry.service';
import { OUTBOUND_SENDER } from '../connections/connections.constants';
import { OutboundSender } from '../connections/outbound-sender';
import { HistoryStore } from './history.store';
import { RoomStore } from './room.store';
import { HISTORY_STORE, ROOM_STORE } from './rooms.constants';

/** A catch-up under way (`join_room` with `since`): what `hold` hands out and `release` takes back. */
export interface CatchUp {
  readonly generation: number;
  /**
   * The connection has had, or will get from what is held for it, every room message with an offset
   * above this one: only messages up to it can be owed to it.
   */
  readonly from: number;
}

interface Hold {
  frames: OutboundFrame[];
  generation: number;
  from: number;
}

/**
 * Every frame sent to a room's members goes through here. Members that are live are subscribed to the
 * room on the `OutboundSender`; a member that is catching up (`join_room` with `since`) is held
 * instead: the room's frames are kept for it, in order, until `release` sends it the missed messages
 * and then what was kept, and subscribes it, all at once.
 *
 * Why nothing is lost or sent twice: a message is stored in history before it is fanned out, and
 * messages are fanned out in offset order (every publish takes the same steps), so the messages
 * fanned out before the hold began are exactly those up to the room's last fanned-out offset when it
 * began (`CatchUp.from`): the replay gives the missed ones among them from history, and every later
 * one is held. A connection already live in the room started from the offset it was subscribed at,
 * so a replay never repeats what it had live (a reconnecting client is put in the default rooms
 * before it can ask for recovery). As a second guard, a held message at or below the last replayed
 * offset is dropped.
 *
 * With several instances (Redis), `toRoom` publishes on the room's channel instead, and every
 * instance — this one too — fans out what arrives there, in the order Redis gives, which is offset
 * order (a room message's offset, history entry and publication are one script). The same reasoning
 * then holds per instance: its "last fanned-out offset" is the last that arrived, set when the
 * instance subscribes to the room (`attach`) to the room's offset read once the subscription is in
 * effect, and a room message at or below it is a repeat (after a resync) and is dropped.
 */
@Injectable()
export class RoomFanout {
  private readonly holds = new Map<string, Map<ClientConnection, Hold>>();
  /** The offset of each room's last fanned-out message. */
  private readonly lastOut = new Map<string, number>();
  /** With Redis: the epoch of each room this instance is subscribed to, when it subscribed. */
  private readonly epochs = new Map<string, string>();
  /** For each live member connection, the offset its live delivery started after, by room. */
  private readonly liveFrom = new WeakMap<ClientConnection, Map<string, number>>();
  private generations = 0;
  private readonly logger = new Logger(RoomFanout.name);
  /** Set when rooms are shared between instances through Redis. */
  private readonly bus: ClusterBus | undefined;

  constructor(
    @Inject(RUSTY_SOCKS_OPTIONS) private readonly options: ResolvedOptions,
    @Inject(OUTBOUND_SENDER) private readonly sender: OutboundSender,
    private readonly registry: ConnectionRegistry,
    @Optional() bus?: ClusterBus,
    @Optional() @Inject(ROOM_STORE) private readonly store?: RoomStore,
    @Optional() @Inject(HISTORY_STORE) private readonly history?: HistoryStore,
  ) {
    if (!bus?.enabled) return;
    this.bus = bus;
    bus.onRoomFrame((roomId, frame, exceptId, json) => this.received(roomId, frame, exceptId, json));
    bus.onResync((roomId) => this.resync(roomId));
  }

  /** Whether room frames go through the cluster's bus. */
  get distributed(): boolean {
    return this.bus !== undefined;
  }

  /** The head of a room message published by `except` through the bus (see `RedisHistoryStore.publish`). */
  envelopeHead(except?: ClientConnection): string {
    return this.bus!.head(except?.id);
  }

  /**
   * Makes this instance receive the room's frames for a connection about to join (a no-op on one node);
   * settles once they flow. Undone by `drop`, or by `detach` when the join fails before `subscribe`/`hold`.
   */
  async attach(roomId: string, connection: ClientConnection, epoch: string): Promise<void> {
    if (!this.bus) return;
    try {
      await orUnavailable(this.bus.attachRoom(roomId, connection.id));
      // Read once the subscription is in effect: every message above it will arrive on the channel.
      if (!this.lastOut.has(roomId)) {
        const base = await this.store!.lastOffset(roomId);
        this.lastOut.set(roomId, Math.max(this.lastOut.get(roomId) ?? 0, base));
        this.epochs.set(roomId, epoch);
      }
    } catch (err) {
      this.detach(roomId, connection);
      throw err;
    }
  }

  /**
   * With Redis, after it lost its data (this instance finds itself forgotten): a room that was created
   * anew counts its offsets from its new start, so the last offset seen of its former life must not
   * hold back its new messages.
   */
  async revalidate(): Promise<void> {
    for (const roomId of Array.from(this.lastOut.keys())) {
      const room = await this.store!.get(roomId);
      if (room?.epoch === this.epochs.get(roomId)) continue;
      this.lastOut.set(roomId, await this.store!.lastOffset(roomId));
      if (room) this.epochs.set(roomId, room.epoch);
    }
  }

  /** Undoes an `attach` whose join did not go through. */
  detach(roomId: string, connection: ClientConnection): void {
    if (!this.bus?.detachRoom(roomId, connection.id)) return;
    this.lastOut.delete(roomId);
    this.epochs.delete(roomId);
  }

  /** Sends a frame to every member connection of the room but `except`: live ones now, catching-up ones after their replay. */
  toRoom(roomId: string, frame: OutboundFrame, except?: ClientConnection): void {
    if (this.bus) {
      this.bus.toRoom(roomId, frame, except?.id).catch((err: unknown) => this.logger.error(`Publishing ${frame.type} to room ${roomId} failed: ${String(err)}`));
      return;
    }
    this.fanOut(roomId, frame, except);
  }

  /** A frame that arrived on a room's channel (from any instance, this one included). */
  private received(roomId: string, frame: BusFrame, exceptId: string, json?: string): void {
    if (frame.type === 'room_message') {
      const last = this.lastOut.get(roomId);
      if (last !== undefined && frame.offset <= last) return;
    } else if (frame.type === 'room_deleted') {
      this.closeHere(roomId, frame);
      return;
    } else if (frame.type.startsWith('~')) return;
    this.fanOut(roomId, frame as OutboundFrame, exceptId === '' ? undefined : this.registry.byConnectionId(exceptId), json);
  }

  /** After the bus's subscription was interrupted: the room messages published meanwhile, from history. */
  private async resync(roomId: string): Promise<void> {
    const last = this.lastOut.get(roomId);
    if (last === undefined) return;
    const missed = await this.history!.after(roomId, last);
    if (missed === null) this.logger.warn(`Room ${roomId}: messages published while Redis was unreachable are no longer in history; members may have missed some`);
    for (const message of missed ?? []) this.received(roomId, message, '');
  }

  /** `json`: the frame already serialized (as it came from the bus), so it is not serialized again. */
  private fanOut(roomId: string, frame: OutboundFrame, except: ClientConnection | undefined, json?: string): void {
    if (frame.type === 'room_message') this.lastOut.set(roomId, frame.offset);
    this.sender.toRoom(roomId, frame, except, json);
    const held = this.holds.get(roomId);
    if (!held) return;
    let overflowing: ClientConnection[] | undefined;
    for (const [connection, hold] of held) {
      if (connection === except) continue;
      // The same bound as the send queue: a catch-up that falls that far behind would overflow it anyway.
      if (hold.frames.length >= this.options.sendQueueLimit) (overflowing ??= []).push(connection);
      else hold.frames.push(frame);
    }
    for (const connection of overflowing ?? []) {
      this.drop(roomId, connection);
      this.registry.evict(connection, CloseCode.TooSlow, 'Too slow to read');
    }
  }

  /** Starts delivering a room's frames to a connection as they are sent. */
  subscribe(roomId: string, connection: ClientConnection): void {
    this.sender.subscribe(roomId, connection);
    this.setLiveFrom(connection, roomId, this.lastOut.get(roomId) ?? 0);
  }

  /**
   * Stops delivering a room's frames to a connection and keeps them for it instead, until `release`.
   * A later `hold` of the same connection supersedes this one (keeping what is already held); only
   * the latest may be released.
   */
  hold(roomId: string, connection: ClientConnection): CatchUp {
    this.sender.unsubscribe(roomId, connection);
    let held = this.holds.get(roomId);
    if (!held) this.holds.set(roomId, (held = new Map()));
    const generation = ++this.generations;
    let hold = held.get(connection);
    if (hold) hold.generation = generation;
    else {
      const live = this.liveFrom.get(connection)?.get(roomId);
      held.set(connection, (hold = { frames: [], generation, from: live ?? this.lastOut.get(roomId) ?? 0 }));
    }
    this.liveFrom.get(connection)?.delete(roomId);
    return { generation, from: hold.from };
  }

  /**
   * Ends a catch-up: sends `replay` (the missed messages, none above `catchUp.from`), then what was held,
   * then subscribes the connection; all at once, so no frame can fall between. `recoveredAfter` is the
   * offset the replay started after when it was whole (null when it was not). False (and nothing sent)
   * when the catch-up was superseded or the connection left the room.
   */
  release(roomId: string, connection: ClientConnection, catchUp: CatchUp, replay: readonly RoomMessageFrame[], recoveredAfter: number | null): boolean {
    const held = this.holds.get(roomId);
    const hold = held?.get(connection);
    if (!held || !hold || hold.generation !== catchUp.generation) return false;
    held.delete(connection);
    if (held.size === 0) this.holds.delete(roomId);
    const replayedThrough = replay.length > 0 ? replay[replay.length - 1].offset : 0;
    for (const message of replay) this.sender.toConnection(connection, message);
    for (const frame of hold.frames) {
      if (frame.type === 'room_message' && frame.offset <= replayedThrough) continue;
      this.sender.toConnection(connection, frame);
    }
    this.sender.subscribe(roomId, connection);
    this.setLiveFrom(connection, roomId, recoveredAfter === null ? hold.from : Math.min(hold.from, recoveredAfter));
    return true;
  }

  /** Stops every delivery of a room's frames to a connection, live or held. */
  drop(roomId: string, connection: ClientConnection): void {
    this.detach(roomId, connection);
    this.sender.unsubscribe(roomId, connection);
    this.liveFrom.get(connection)?.delete(roomId);
    const held = this.holds.get(roomId);
    if (held?.delete(connection) && held.size === 0) this.holds.delete(roomId);
  }

  /**
   * Sends a room's last frame (`room_deleted`) to every member connection at once, held or not (what
   * was held for them belongs to a room that is gone), takes the room out of their rooms and stops all
   * delivery for the room. Returns the connections it reached on this instance; with several
   * instances, each does this when the frame reaches it (and this returns none).
   */
  close(roomId: string, frame: OutboundFrame): ClientConnection[] {
    if (this.bus) {
      this.toRoom(roomId, frame);
      return [];
    }
    return this.closeHere(roomId, frame);
  }

  private closeHere(roomId: string, frame: OutboundFrame): ClientConnection[] {
    const live = Array.from(this.sender.subscribers(roomId));
    const held = Array.from(this.holds.get(roomId)?.keys() ?? []);
    this.sender.toRoom(roomId, frame);
    for (const connection of held) this.sender.toConnection(connection, frame);
    for (const connection of live) this.drop(roomId, connection);
    for (const connection of held) this.detach(roomId, connection);
    this.holds.delete(roomId);
    this.lastOut.delete(roomId);
    const reached = [...live, ...held];
    for (const connection of reached) connection.rooms.delete(roomId);
    return reached;
  }

  /** Forgets a room that no longer exists and had no member. */
  forgetRoom(roomId: string): void {
    this.lastOut.delete(roomId);
  }

  /** Connections being held for a room, all rooms (for tests and diagnostics). */
  get holding(): number {
    let n = 0;
    for (const held of this.holds.values()) n += held.size;
    return n;
  }

  private setLiveFrom(connection: ClientConnection, roomId: string, offset: number): void {
    let rooms = this.liveFrom.get(connection);
    if (!rooms) this.liveFrom.set(connection, (rooms = new Map()));
    rooms.set(roomId, offset);
  }
}
