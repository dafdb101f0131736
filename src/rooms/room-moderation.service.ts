import { ClusterBus } from '../cluster/cluster-bus';
import { orUnavailable } from '../cluster/redis-connection';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { ErrorCode } from '../common/error-code';
import { OutboundFrame } from '../common/outbound-frames';
import { ProtocolException } from '../common/protocol.exception';
import { RUSTY_SOCKS_OPTIONS } from '../config/config.constants';
import { ResolvedOptions } from '../config/rusty-socks-options.interface';
import { ConnectionRegistry } from '../connections/connection-registry.service';
import { OUTBOUND_SENDER } from '../connections/connections.constants';
import { OutboundSender } from '../connections/outbound-sender';
import { RustySocksEvents } from '../host/rusty-socks-events';
import { ModerationAuditService, ModerationEvent } from '../moderation/moderation-audit.service';
import { ModerationService } from '../moderation/moderation.service';
import { Role, roleName, WireRole } from '../moderation/role';
import { describeUntil, SanctionKind, untilOnWire } from '../moderation/sanction';
import { SanctionsService } from '../moderation/sanctions.service';
import { RoomFanout } from './room-fanout';
import { RoomHistoryService } from './room-history.service';
import { RoomReaper } from './room-reaper.service';
import { LeaveReason, RoomsService } from './rooms.service';
import { ROOM_STORE } from './rooms.constants';
import { RoomStore } from './room.store';

const MINUTE_MS = 60_000;
/** The command, sent on a user's channel, that takes their connections on every instance out of a room. */
const LEAVE_COMMAND = '~leave';

type RemovalReason = Extract<LeaveReason, 'kicked' | 'banned'>;
const HOUR_MS = 60 * MINUTE_MS;

/** The `success.data` of `ban_user` and `mute_user` (PROTOCOL.md §5.1). */
export interface SanctionReceipt {
  room_id: string;
  user_id: string;
  /** RFC 3339, or null when it lasts until lifted. */
  until: string | null;
}

/** The `success.data` of `set_user_role`. */
export interface RoleReceipt {
  room_id: string;
  user_id: string;
  role: WireRole;
}

/**
 * The moderation actions on a room's users: role changes, kicks, bans, mutes and message deletion.
 * Who may do what (the permission matrix and the hierarchy) has been checked by the gateway's
 * `PermissionGuard` before any of these runs. The service lives with rooms because kicks and bans take
 * users out of rooms: the rooms module already depends on the moderation module (roles, bans, mutes),
 * so the reverse dependency would be a cycle.
 */
@Injectable()
export class RoomModerationService {
  private readonly logger = new Logger(RoomModerationService.name);
  constructor(
    @Inject(RUSTY_SOCKS_OPTIONS) private readonly options: ResolvedOptions,
    @Inject(ROOM_STORE) private readonly store: RoomStore,
    @Inject(OUTBOUND_SENDER) private readonly sender: OutboundSender,
    private readonly registry: ConnectionRegistry,
    private readonly rooms: RoomsService,
    private readonly moderation: ModerationService,
    private readonly sanctions: SanctionsService,
    private readonly audit: ModerationAuditService,
    private readonly history: RoomHistoryService,
    private readonly fanout: RoomFanout,
    private readonly reaper: RoomReaper,
    private readonly clock: Clock,
    @Optional() private readonly events: RustySocksEvents = new RustySocksEvents(),
    @Optional() private readonly bus?: ClusterBus,
  ) {
    bus?.onUserFrame((userId, frame) => {
      if (frame.type !== LEAVE_COMMAND) return;
      const { room_id: roomId, reason } = frame as unknown as { room_id: string; reason: RemovalReason };
      this.removeHere(roomId, userId, reason).catch((err: unknown) => this.logger.error(`Taking ${userId} out of room ${roomId} failed: ${String(err)}`));
    });
  }

  /**
   * A user's role in a room, online or not. Their global role comes from their open connections or the
   * room's presence; a user the server does not know is ranked by the role set in the room, else Member.
   */
  async roleOf(roomId: string, userId: string): Promise<Role> {
    return this.moderation.roleIn(roomId, { userId, globalRole: (await this.knownGlobalRole(roomId, userId)) ?? Role.Member });
  }

  /** The sender of one of the room's messages still in history, if it is. */
  senderOf(roomId: string, messageId: string): Promise<string | undefined> {
    return this.history.senderOf(roomId, messageId);
  }

  /** Refuses a muted user's room message with `MUTED` (before the content rules, so it is no spam repeat). */
  requireNotMuted(roomId: string, userId: string): Promise<void> {
    return this.sanctions.requireNotMuted(roomId, userId);
  }

  /**
   * Gives a user a role in a room (they need not be online) and tells the room with `role_changed`.
   * Global Admins and Owners keep their global role in every room, so it cannot be lowered here.
   */
  async setRole(actor: Principal, roomId: string, userId: string, role: Role): Promise<RoleReceipt> {
    const globalRole = await this.knownGlobalRole(roomId, userId);
    if (globalRole !== undefined && globalRole >= Role.Admin && role < globalRole) {
      throw new ProtocolException(ErrorCode.Forbidden, `${userId} is a global ${roleName(globalRole)}, which holds in every room; their role here cannot be lowered`);
    }
    await this.moderation.setRole(roomId, userId, role);
    const receipt: RoleReceipt = { room_id: roomId, user_id: userId, role: roleName(await this.roleOf(roomId, userId)) };
    this.fanout.toRoom(roomId, { type: 'role_changed', ...receipt });
    this.record({ action: 'role_change', actor: actor.userId, target: userId, room: roomId, role: receipt.role });
    return receipt;
  }

  /** Takes every connection of a user out of the room (`user_left` reason `kicked`); they may come back. */
  async kick(actor: Principal, roomId: string, userId: string): Promise<void> {
    if (!(await this.store.isMember(roomId, userId))) {
      throw new ProtocolException(ErrorCode.UserNotFound, `User ${userId} is not in room ${roomId}`);
    }
    this.notify(userId, { type: 'error', code: ErrorCode.Kicked, message: `You were kicked from room ${roomId}`, room_id: roomId });
    await this.removeFromRoom(roomId, userId, 'kicked');
    this.record({ action: 'kick', actor: actor.userId, target: userId, room: roomId });
  }

  /**
   * Bans a user id from a room for `durationHours` (null: permanently), online or not: every connection
   * of theirs leaves the room (`user_left` reason `banned`) and none may join until the ban ends.
   */
  async ban(actor: Principal, roomId: string, userId: string, durationHours: number | null): Promise<SanctionReceipt> {
    const receipt = await this.impose('ban', actor, roomId, userId, durationHours === null ? null : durationHours * HOUR_MS);
    await this.removeFromRoom(roomId, userId, 'banned');
    return receipt;
  }

  /** Lifts a ban; false when none was in force. */
  unban(actor: Principal, roomId: string, userId: string): Promise<boolean> {
    return this.lift('ban', actor, roomId, userId, `You may join room ${roomId} again`);
  }

  /** Mutes a user id in a room for `durationMinutes` (null: until unmuted): their messages there reach nobody. */
  mute(actor: Principal, roomId: string, userId: string, durationMinutes: number | null): Promise<SanctionReceipt> {
    return this.impose('mute', actor, roomId, userId, durationMinutes === null ? null : durationMinutes * MINUTE_MS);
  }

  /** Lifts a mute; false when none was in force. */
  unmute(actor: Principal, roomId: string, userId: string): Promise<boolean> {
    return this.lift('mute', actor, roomId, userId, `You can send messages to room ${roomId} again`);
  }

  /**
   * Deletes one of the room's messages still in history: it leaves history (so neither `get_history`
   * nor a recovery replays it; other offsets stay as they are) and the room is told
   * (`message_deleted`). A message id that is unknown, too old or already deleted is
   * `INVALID_PAYLOAD` naming `message_id`.
   */
  async deleteMessage(actor: Principal, roomId: string, messageId: string): Promise<void> {
    const removed = await this.history.remove(roomId, messageId);
    if (removed === undefined) {
      const problem = `message_id ${messageId} is not one of the last ${this.options.historySize} messages of room ${roomId} (unknown, too old or already deleted)`;
      throw new ProtocolException(ErrorCode.InvalidPayload, `Invalid payload: ${problem}`, { details: [{ field: 'message_id', message: problem }] });
    }
    this.fanout.toRoom(roomId, { type: 'message_deleted', room_id: roomId, message_id: messageId });
    this.record({ action: 'delete_message', actor: actor.userId, target: removed.sender_id, room: roomId, message_id: messageId });
    // A room nobody is in is kept only for its history; this may have been its last message.
    await this.reaper.forgetIfIdle(roomId);
  }

  private async impose(kind: SanctionKind, actor: Principal, roomId: string, userId: string, durationMs: number | null): Promise<SanctionReceipt> {
    const until = await this.sanctions.impose(kind, roomId, userId, durationMs);
    const receipt: SanctionReceipt = { room_id: roomId, user_id: userId, until: untilOnWire(until) };
    const message =
      kind === 'ban'
        ? `You were banned from room ${roomId} ${describeUntil(until, 'permanently')}`
        : `You were muted in room ${roomId} ${describeUntil(until, 'until a moderator unmutes you')}`;
    this.notify(userId, { type: 'error', code: kind === 'ban' ? ErrorCode.Banned : ErrorCode.Muted, message, room_id: roomId, until: receipt.until });
    this.record({ action: kind, actor: actor.userId, target: userId, room: roomId, duration_ms: durationMs, until: receipt.until });
    return receipt;
  }

  private async lift(kind: SanctionKind, actor: Principal, roomId: string, userId: string, notice: string): Promise<boolean> {
    if (!(await this.sanctions.lift(kind, roomId, userId))) return false;
    this.notify(userId, { type: 'system_message', room_id: roomId, content: notice, timestamp: this.clock.isoNow() });
    this.record({ action: kind === 'ban' ? 'unban' : 'unmute', actor: actor.userId, target: userId, room: roomId });
    return true;
  }

  /** An action took effect: into the audit trail, and to the host's `moderation.action` listeners. */
  private record(event: ModerationEvent): void {
    this.audit.record(event);
    if (this.events.wants('moderation.action')) this.events.emit('moderation.action', event);
  }

  /** Tells every connection of the target, wherever it is (moderation acts on all of them). */
  private notify(userId: string, frame: OutboundFrame): void {
    this.sender.toUser(userId, frame);
  }

  /** Takes the user's connections out of the room: here, or with several instances on each one (through the user's channel). */
  private async removeFromRoom(roomId: string, userId: string, reason: RemovalReason): Promise<void> {
    if (this.bus?.enabled) {
      await orUnavailable(this.bus.toUser(userId, { type: LEAVE_COMMAND, room_id: roomId, reason }));
      return;
    }
    await this.removeHere(roomId, userId, reason);
  }

  private async removeHere(roomId: string, userId: string, reason: RemovalReason): Promise<void> {
    for (const connection of Array.from(this.registry.ofUser(userId))) {
      if (connection.rooms.has(roomId)) await this.rooms.leave(connection, roomId, reason);
    }
  }

  /** The highest global role among the user's open connections, else the one their presence in the room recorded. */
  private async knownGlobalRole(roomId: string, userId: string): Promise<Role | undefined> {
    let role: Role | undefined;
    for (const connection of this.registry.ofUser(userId)) {
      if (role === undefined || connection.principal.globalRole > role) role = connection.principal.globalRole;
    }
    if (role !== undefined) return role;
    return (await this.store.members(roomId)).find((m) => m.userId === userId)?.globalRole;
  }
}
