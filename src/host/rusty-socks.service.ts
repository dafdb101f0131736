import { Inject, Injectable, Optional } from '@nestjs/common';
import { ClusterBus } from '../cluster/cluster-bus';
import { PresenceService } from '../cluster/presence.service';
import { orUnavailable } from '../cluster/redis-connection';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { escapeHtml } from '../common/html-escape';
import { OutboundFrame, RoomMemberView } from '../common/outbound-frames';
import { ConnectionRegistry } from '../connections/connection-registry.service';
import { OUTBOUND_SENDER } from '../connections/connections.constants';
import { OutboundSender } from '../connections/outbound-sender';
import { Role } from '../moderation/role';
import { RoomModerationService, SanctionReceipt } from '../rooms/room-moderation.service';
import { RoomsService } from '../rooms/rooms.service';
import { asHostError } from './rusty-socks-http.exception';

/** A frame a host sends: one of the protocol's, or its own type (`{ type: 'game_state', … }`). */
export type HostFrame = OutboundFrame | { type: string; [field: string]: unknown };

/**
 * Who the host acts as: the server itself, with the global role Owner, so it sees private rooms and
 * may kick or ban anyone (no hierarchy check applies: those are the gateway's, for clients). The audit
 * trail records its actions with this actor id.
 */
export const SYSTEM_PRINCIPAL: Principal = Object.freeze({
  userId: 'rusty-socks:system',
  username: 'system',
  globalRole: Role.Owner,
  authenticated: true,
});

/**
 * Talking to clients from the host app (HTTP controllers, queues, cron jobs): send to a room, a user or
 * a connection, kick or ban, read presence. Everything acts on this instance's connections (as the
 * gateway does) and as `SYSTEM_PRINCIPAL`. Refusals (`ROOM_NOT_FOUND`, `USER_NOT_FOUND`, ...) are thrown
 * as `RustySocksHttpException`, so a host controller answers them with the right HTTP status and the
 * protocol `code` in the body, with nothing to install.
 */
@Injectable()
export class RustySocksService {
  constructor(
    @Inject(OUTBOUND_SENDER) private readonly sender: OutboundSender,
    private readonly registry: ConnectionRegistry,
    private readonly rooms: RoomsService,
    private readonly roomModeration: RoomModerationService,
    private readonly clock: Clock,
    @Optional() private readonly bus?: ClusterBus,
    @Optional() private readonly clusterPresence?: PresenceService,
  ) {}

  /**
   * Sends to every connection in the room. A string becomes a `system_message` (HTML-escaped, with the
   * room and the time); a frame goes as given. Not stored in history, so not replayed on recovery.
   */
  async sendToRoom(roomId: string, frameOrText: HostFrame | string): Promise<void> {
    await this.rooms.requireVisible(roomId, SYSTEM_PRINCIPAL).catch(asHostError);
    const frame =
      typeof frameOrText === 'string'
        ? ({ type: 'system_message', room_id: roomId, content: escapeHtml(frameOrText), timestamp: this.clock.isoNow() } as const)
        : frameOrText;
    this.rooms.broadcast(roomId, frame as OutboundFrame);
  }

  /**
   * Sends to every connection of the user, on every instance when clustered; returns how many of them
   * are on this instance (0: not connected here).
   */
  sendToUser(userId: string, frame: HostFrame): number {
    return this.sender.toUser(userId, frame as OutboundFrame);
  }

  /**
   * Sends to one connection (the `connection_id` of its welcome frame), on whichever instance it is open
   * when clustered; false when it is not open (anywhere).
   */
  async sendToConnection(connectionId: string, frame: HostFrame): Promise<boolean> {
    const connection = this.registry.byConnectionId(connectionId);
    if (connection !== undefined) {
      if (connection.closed) return false;
      this.sender.toConnection(connection, frame as OutboundFrame);
      return true;
    }
    if (!this.bus?.enabled) return false;
    const instanceId = await this.clusterPresence!.instanceOf(connectionId).catch(asHostError);
    return instanceId !== undefined && (await orUnavailable(this.bus.toConnection(instanceId, connectionId, frame as OutboundFrame)).catch(asHostError)) > 0;
  }

  /** Takes the user out of the room (`KICKED` to them, `user_left` reason `kicked`); `USER_NOT_FOUND` if not in it. */
  kick(roomId: string, userId: string): Promise<void> {
    return this.roomModeration.kick(SYSTEM_PRINCIPAL, roomId, userId).catch(asHostError);
  }

  /** Bans the user from the room for `durationHours` (omitted: permanently), online or not. */
  ban(roomId: string, userId: string, durationHours?: number): Promise<SanctionReceipt> {
    return this.roomModeration.ban(SYSTEM_PRINCIPAL, roomId, userId, durationHours ?? null).catch(asHostError);
  }

  /** Who is in the room (as `get_room_members` answers), private rooms included. */
  presence(roomId: string): Promise<RoomMemberView[]> {
    return this.rooms.members(SYSTEM_PRINCIPAL, roomId).catch(asHostError);
  }
}
