import { RedisConnection } from '../cluster/redis-connection';
import { PresenceService } from '../cluster/presence.service';
import { Inject, Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { ErrorCode } from '../common/error-code';
import { escapeHtml } from '../common/html-escape';
import { JoinRoomResult, OutboundFrame, RoomHistoryFrame, RoomMemberView, RoomMessageFrame, RoomSummary } from '../common/outbound-frames';
import { ProtocolException } from '../common/protocol.exception';
import { RUSTY_SOCKS_OPTIONS } from '../config/config.constants';
import { ResolvedOptions } from '../config/rusty-socks-options.interface';
import { ClientConnection } from '../connections/client-connection';
import { OUTBOUND_SENDER } from '../connections/connections.constants';
import { OutboundSender } from '../connections/outbound-sender';
import { RustySocksEvents } from '../host/rusty-socks-events';
import { ModerationService } from '../moderation/moderation.service';
import { roleName } from '../moderation/role';
import { bannedRefusal, SanctionsService } from '../moderation/sanctions.service';
import { JoinOutcome, LeaveOutcome, RoomRecord } from './room';
import { CatchUp, RoomFanout } from './room-fanout';
import { RecoveryPosition, RoomHistoryService } from './room-history.service';
import { roomNotFound, RoomAccessService } from './room-access.service';
import { RoomReaper } from './room-reaper.service';
import { RoomStore } from './room.store';
import { ROOM_STORE } from './rooms.constants';

/** What `join_room` answers with (its `success.data`). */
export type JoinedRoom = JoinRoomResult;


/** The settings of a room being created. */
export interface NewRoom {
  name: string;
  isPrivate: boolean;
  maxMembers: number | null;
  password: string | null;
}

/** Why a connection left a room, as `user_left.reason` says it. */
export type LeaveReason = 'left' | 'disconnected' | 'kicked' | 'banned';

/**
 * Rooms and who is in them: creation, visibility, joining (with recovery of missed messages) and
 * leaving with per-user presence events, publishing room messages with their offsets into history, and
 * reading history. The state lives in the `RoomStore` and the `HistoryStore`; room frames go out
 * through `RoomFanout`, everything else through the `OutboundSender`.
 */
@Injectable()
export class RoomsService implements OnModuleInit {
  constructor(
    @Inject(RUSTY_SOCKS_OPTIONS) private readonly options: ResolvedOptions,
    @Inject(ROOM_STORE) private readonly store: RoomStore,
    @Inject(OUTBOUND_SENDER) private readonly sender: OutboundSender,
    private readonly moderation: ModerationService,
    private readonly access: RoomAccessService,
    private readonly clock: Clock,
    private readonly sanctions: SanctionsService,
    private readonly history: RoomHistoryService,
    private readonly fanout: RoomFanout,
    private readonly reaper: RoomReaper,
    @Optional() private readonly events: RustySocksEvents = new RustySocksEvents(),
    @Optional() presence?: PresenceService,
    @Optional() private readonly redis?: RedisConnection,
  ) {
    // Users of an instance that died leave their rooms as if disconnected (the reaping instance tells the rooms).
    presence?.onReaped((members) => {
      for (const { roomId, userId, username } of members) this.fanout.toRoom(roomId, { type: 'user_left', room_id: roomId, user_id: userId, username, reason: 'disconnected' });
    });
  }

  async onModuleInit(): Promise<void> {
    await this.ensureDefaultRooms();
  }

  /** Creates the default rooms that do not exist (all at start; with Redis, again after it lost its data). */
  async ensureDefaultRooms(): Promise<void> {
    for (const id of this.options.defaultRooms) {
      await this.store.create({ id, name: id, isPrivate: false, maxMembers: null, passwordHash: null, isDefault: true, epoch: newEpoch(), createdBy: null });
    }
  }

  /** With Redis, after this instance was taken for dead: the default rooms exist, and rooms created anew count from their new start. */
  async recoverForgotten(): Promise<void> {
    await this.ensureDefaultRooms();
    await this.fanout.revalidate();
  }

  /**
   * Files the connection's memberships again (with Redis, after this instance was taken for dead and its
   * share of presence reaped). A room that no longer exists is left, as if deleted.
   */
  async refile(connection: ClientConnection): Promise<void> {
    const { principal } = connection;
    for (const roomId of Array.from(connection.rooms)) {
      const outcome = await this.store.addMember(roomId, { userId: principal.userId, username: principal.username, globalRole: principal.globalRole }, null);
      if (outcome.joined) continue;
      connection.rooms.delete(roomId);
      this.fanout.drop(roomId, connection);
      this.sender.toConnection(connection, { type: 'room_deleted', room_id: roomId });
    }
  }

  /**
   * Joins a new connection to every default room. A user banned from one is told so (`BANNED`) and
   * simply not put in it: a ban from a default room must not stop anyone from connecting.
   */
  async joinDefaultRooms(connection: ClientConnection): Promise<void> {
    for (const id of this.options.defaultRooms) {
      try {
        // Only the membership: nobody asked, so no reply is made.
        await this.enter(connection, id, null, null);
      } catch (err) {
        if (!(err instanceof ProtocolException) || err.code !== ErrorCode.Banned) throw err;
        this.sender.toConnection(connection, { type: 'error', code: err.code, message: err.message, ...err.extras });
      }
    }
  }

  /** The room if it exists and the user may see it; otherwise `ROOM_NOT_FOUND`, so private rooms stay invisible. */
  requireVisible(roomId: string, principal: Principal): Promise<RoomRecord> {
    return this.access.requireVisible(roomId, principal);
  }

  /**
   * Puts a connection in a room (a no-op for the entry rules when it is in already). With `since`, the
   * reply says whether the missed messages can be replayed whole (`recovered`, `missed`), and they
   * follow it: they are sent as the connection's next task, after the reply, and the room's new frames
   * are held until they are out.
   */
  async join(connection: ClientConnection, roomId: string, password: string | null, since: RecoveryPosition | null = null): Promise<JoinedRoom> {
    const { room, catchUp } = await this.enter(connection, roomId, password, since);
    try {
      const reply: JoinedRoom = {
        room_id: roomId,
        role: roleName(await this.moderation.roleIn(roomId, connection.principal)),
        offset: await this.store.lastOffset(roomId),
        epoch: room.epoch,
      };
      if (catchUp === undefined || !since) return reply;
      const { recovered, messages } = await this.history.recover(room, since, reply.offset, catchUp.from);
      // The transport sends this join's reply when the connection's current task ends: the replay, as
      // the next task, follows it, and until then the room's new frames wait in the hold.
      connection.enqueue(async () => void this.fanout.release(roomId, connection, catchUp, messages, recovered ? since.offset : null));
      return { ...reply, recovered, missed: messages.length };
    } catch (err) {
      // Whatever failed, the connection must not stay deaf to the room.
      if (catchUp !== undefined) this.fanout.release(roomId, connection, catchUp, [], null);
      throw err;
    }
  }

  /**
   * The membership part of `join`: the entry rules, the store, presence, delivery. With `since`, the
   * room's frames are held for the connection (`catchUp`) until the caller releases them.
   */
  private async enter(connection: ClientConnection, roomId: string, password: string | null, since: RecoveryPosition | null): Promise<{ room: RoomRecord; catchUp?: CatchUp }> {
    const principal = connection.principal;
    const room = await this.store.get(roomId);
    if (!room) throw roomNotFound(roomId);
    if (!connection.rooms.has(roomId)) await this.access.checkEntry(room, principal, password);
    if (connection.closed) throw new ProtocolException(ErrorCode.NotAMember, 'Connection closed');

    let catchUp: CatchUp | undefined;
    if (!connection.rooms.has(roomId)) {
      // After the entry rules, so a private room stays invisible to a banned user who cannot see it.
      await this.sanctions.requireNotBanned(roomId, principal.userId);
      // With several instances, this one must receive the room's frames before the join is answered.
      await this.fanout.attach(roomId, connection, room.epoch);
      let outcome: JoinOutcome;
      try {
        outcome = await this.store.addMember(roomId, { userId: principal.userId, username: principal.username, globalRole: principal.globalRole }, room.maxMembers);
      } catch (err) {
        this.fanout.detach(roomId, connection);
        throw err;
      }
      if (!outcome.joined) {
        this.fanout.detach(roomId, connection);
        throw outcome.reason === 'full'
          ? new ProtocolException(ErrorCode.RoomFull, `Room ${roomId} is full (${room.maxMembers} members)`)
          : roomNotFound(roomId);
      }
      if (connection.closed) {
        this.fanout.detach(roomId, connection);
        await this.store.removeMember(roomId, principal.userId);
        throw new ProtocolException(ErrorCode.NotAMember, 'Connection closed');
      }
      if (outcome.firstForUser && outcome.memberCount <= this.options.presenceEventsMaxMembers) {
        this.fanout.toRoom(roomId, { type: 'user_joined', room_id: roomId, user_id: principal.userId, username: principal.username }, connection);
      }
      connection.rooms.add(roomId);
      if (since) catchUp = this.fanout.hold(roomId, connection);
      else this.fanout.subscribe(roomId, connection);
      // A ban stored while this join was under way: either this read sees it, or the ban's removal
      // (which runs after storing it) finds the connection already in the room. Either way it is out.
      const ban = await this.sanctions.inForce('ban', roomId, principal.userId);
      if (ban) {
        if (connection.rooms.has(roomId)) await this.leave(connection, roomId, 'banned');
        throw bannedRefusal(roomId, ban);
      }
      if (this.events.wants('room.joined')) this.events.emit('room.joined', { roomId, connectionId: connection.id, userId: principal.userId, username: principal.username, firstForUser: outcome.firstForUser });
    } else if (since) {
      // Already in (a default room joins every new connection before it can ask): from here on it is
      // held like a new member, and what it has had live is not replayed again.
      catchUp = this.fanout.hold(roomId, connection);
    }
    return { room, catchUp };
  }

  async leave(connection: ClientConnection, roomId: string, reason: LeaveReason): Promise<void> {
    if (!connection.rooms.delete(roomId)) {
      await this.requireVisible(roomId, connection.principal);
      throw new ProtocolException(ErrorCode.NotAMember, `You are not in room ${roomId}`);
    }
    this.fanout.drop(roomId, connection);
    const principal = connection.principal;
    let outcome: LeaveOutcome;
    try {
      outcome = await this.store.removeMember(roomId, principal.userId);
    } catch (err) {
      // With several instances: the connection is out of the room here already; its presence in Redis
      // is taken out once Redis is back, so a member never lingers there.
      if (!this.redis?.enabled) throw err;
      this.redis.whenBack(() => this.store.removeMember(roomId, principal.userId).then((later) => this.left(connection, roomId, reason, later)));
      return;
    }
    await this.left(connection, roomId, reason, outcome);
  }

  /** What follows a connection's removal from a room's members: `user_left`, the host event, forgetting an emptied room. */
  private async left(connection: ClientConnection, roomId: string, reason: LeaveReason, outcome: LeaveOutcome): Promise<void> {
    const { principal } = connection;
    if (outcome.lastForUser && outcome.memberCount < this.options.presenceEventsMaxMembers) {
      this.fanout.toRoom(roomId, { type: 'user_left', room_id: roomId, user_id: principal.userId, username: principal.username, reason });
    }
    if (this.events.wants('room.left')) this.events.emit('room.left', { roomId, connectionId: connection.id, userId: principal.userId, reason, lastForUser: outcome.lastForUser });
    if (outcome.memberCount === 0) await this.reaper.forgetIfIdle(roomId);
  }

  /** Takes a closing connection out of every room it is in. */
  async leaveAll(connection: ClientConnection, reason: LeaveReason): Promise<void> {
    for (const roomId of Array.from(connection.rooms)) await this.leave(connection, roomId, reason);
  }

  async create(connection: ClientConnection, settings: NewRoom): Promise<{ room_id: string; name: string }> {
    const passwordHash = settings.password === null ? null : await this.access.hashPassword(settings.password);
    const name = settings.name.trim();
    const room: RoomRecord = {
      id: `room-${randomUUID()}`,
      name,
      isPrivate: settings.isPrivate,
      maxMembers: settings.maxMembers,
      passwordHash,
      isDefault: false,
      epoch: newEpoch(),
      createdBy: connection.principal.userId,
    };
    await this.store.create(room);
    await this.moderation.assignOwner(room.id, connection.principal.userId);
    await this.enter(connection, room.id, null, null);
    return { room_id: room.id, name: escapeHtml(name) };
  }

  /** Deletes a room: its members get `room_deleted` and are taken out. Default rooms stay. */
  async delete(principal: Principal, roomId: string): Promise<void> {
    const room = await this.requireVisible(roomId, principal);
    if (room.isDefault) throw new ProtocolException(ErrorCode.Forbidden, `Room ${roomId} is a default room and cannot be deleted`);
    await this.store.delete(roomId);
    this.fanout.close(roomId, { type: 'room_deleted', room_id: roomId });
    await this.reaper.forget(roomId);
  }

  /** The rooms a user may see. */
  async list(principal: Principal): Promise<RoomSummary[]> {
    const summaries: RoomSummary[] = [];
    for (const room of await this.store.list()) {
      if (!(await this.access.canSee(room, principal))) continue;
      summaries.push({
        id: room.id,
        name: escapeHtml(room.name),
        member_count: await this.store.memberCount(room.id),
        max_members: room.maxMembers,
        is_private: room.isPrivate,
        requires_password: room.passwordHash !== null,
      });
    }
    return summaries;
  }

  async members(principal: Principal, roomId: string): Promise<RoomMemberView[]> {
    await this.requireVisible(roomId, principal);
    const views: RoomMemberView[] = [];
    for (const member of await this.store.members(roomId)) {
      views.push({ id: member.userId, username: member.username, role: roleName(await this.moderation.roleIn(roomId, member)), is_online: true });
    }
    return views;
  }

  /**
   * `get_history`: a page of the room's kept messages, oldest first. Anyone may read a public room's;
   * a private room's only those who can see it (others get `ROOM_NOT_FOUND`), and a password room's
   * only those who could enter it without the password (members, holders of a role there, global
   * Admins), since reading it would otherwise bypass the password.
   */
  async getHistory(principal: Principal, roomId: string, limit: number, before: number | null): Promise<RoomHistoryFrame> {
    const room = await this.requireVisible(roomId, principal);
    if (room.passwordHash !== null && !(await this.access.isPrivileged(room, principal))) {
      throw new ProtocolException(ErrorCode.WrongPassword, `Room ${roomId} needs a password: join it to read its history`);
    }
    return { type: 'room_history', room_id: roomId, epoch: room.epoch, messages: await this.history.page(roomId, limit, before) };
  }

  /**
   * Publishes a chat message (content already checked and escaped) to everyone in the room but the
   * sending connection. Offsets are allotted in call order and frames leave in the same order. The
   * message goes into history before it is fanned out, which is what lets a recovering connection
   * get it exactly once (see `RoomFanout`).
   */
  async publish(connection: ClientConnection, roomId: string, content: string): Promise<RoomMessageFrame> {
    if (!connection.rooms.has(roomId)) throw new ProtocolException(ErrorCode.NotAMember, `Join room ${roomId} before sending to it`);
    let frame: RoomMessageFrame;
    if (this.fanout.distributed) frame = await this.publishClusterWide(connection, roomId, content);
    else {
      const started = performance.now();
      const offset = await this.store.nextOffset(roomId);
      if (offset === undefined) throw roomNotFound(roomId);
      const at = this.clock.now();
      frame = this.messageFrame(connection, roomId, content, offset, at);
      await this.history.record(frame, at);
      this.fanout.toRoom(roomId, frame, connection);
      this.sender.counters.deliveryLatency.observeSince(started);
    }
    if (this.events.wants('message.sent')) this.events.emit('message.sent', { roomId, connectionId: connection.id, message: frame });
    return frame;
  }

  count(): Promise<number> {
    return this.store.count();
  }

  /**
   * Sends a frame that is not a chat message (not kept in history) to the room's members on every
   * instance, after the replay of members that are catching up.
   */
  broadcast(roomId: string, frame: OutboundFrame): void {
    this.fanout.toRoom(roomId, frame);
  }

  /** `publish` with several instances: offset, history and fan-out are one step in Redis (see `RedisHistoryStore.publish`). */
  private async publishClusterWide(connection: ClientConnection, roomId: string, content: string): Promise<RoomMessageFrame> {
    const at = this.clock.now();
    const frame = this.messageFrame(connection, roomId, content, 0, at);
    const offset = await this.history.publish(frame, at, this.fanout.envelopeHead(connection));
    if (offset === undefined) throw roomNotFound(roomId);
    frame.offset = offset;
    return frame;
  }

  private messageFrame(connection: ClientConnection, roomId: string, content: string, offset: number, at: number): RoomMessageFrame {
    const { principal } = connection;
    return {
      type: 'room_message',
      id: randomUUID(),
      offset,
      room_id: roomId,
      sender_id: principal.userId,
      sender_username: principal.username,
      content,
      timestamp: new Date(at).toISOString(),
    };
  }
}

function newEpoch(): string {
  return randomBytes(6).toString('hex');
}
