import { Inject, Injectable, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ClusterBus } from '../cluster/cluster-bus';
import { PresenceService } from '../cluster/presence.service';
import { orUnavailable } from '../cluster/redis-connection';
import { Clock } from '../common/clock';
import type { PrivateMessageFrame } from '../common/outbound-frames';
import { ErrorCode } from '../common/error-code';
import { ProtocolException } from '../common/protocol.exception';
import { ClientConnection } from '../connections/client-connection';
import { ConnectionRegistry } from '../connections/connection-registry.service';
import { OUTBOUND_SENDER } from '../connections/connections.constants';
import { OutboundSender } from '../connections/outbound-sender';
import { RustySocksEvents } from '../host/rusty-socks-events';
import { ContentPolicyService } from '../protection/content-policy.service';
import { RoomModerationService } from '../rooms/room-moderation.service';
import { RoomsService } from '../rooms/rooms.service';

/** The `success.data` acknowledging a message. */
export interface MessageAck {
  id: string;
  offset?: number;
  timestamp: string;
}

/** Chat: room messages (not from muted users) and private messages, after the content rules. */
@Injectable()
export class MessagingService {
  constructor(
    @Inject(OUTBOUND_SENDER) private readonly sender: OutboundSender,
    private readonly registry: ConnectionRegistry,
    private readonly rooms: RoomsService,
    private readonly policy: ContentPolicyService,
    private readonly clock: Clock,
    private readonly roomModeration: RoomModerationService,
    @Optional() private readonly events: RustySocksEvents = new RustySocksEvents(),
    @Optional() private readonly bus?: ClusterBus,
    @Optional() private readonly presence?: PresenceService,
  ) {}

  async toRoom(connection: ClientConnection, roomId: string, content: string): Promise<MessageAck> {
    if (!connection.rooms.has(roomId)) throw new ProtocolException(ErrorCode.NotAMember, `Join room ${roomId} before sending to it`);
    // Before the content rules: a muted user's message reaches nobody and is no spam repeat either.
    await this.roomModeration.requireNotMuted(roomId, connection.principal.userId);
    const safe = this.policy.check(connection.principal.userId, content);
    const frame = await this.rooms.publish(connection, roomId, safe);
    return { id: frame.id, offset: frame.offset, timestamp: frame.timestamp };
  }

  /** Delivers to every connection of the target user (but the sending one), on every instance. */
  async toUser(connection: ClientConnection, targetUserId: string, content: string): Promise<MessageAck> {
    if (this.bus?.enabled) return this.toUserClusterWide(connection, targetUserId, content);
    const targets = this.registry.ofUser(targetUserId);
    if (targets.size === 0 || (targets.size === 1 && targets.has(connection))) throw userNotFound(targetUserId);
    const message = this.privateFrame(connection, targetUserId, content);
    this.sender.toUser(targetUserId, message, connection);
    return this.sent(connection, message);
  }

  /** With several instances: whether the user is connected is read from Redis, and the message goes on their channel. */
  private async toUserClusterWide(connection: ClientConnection, targetUserId: string, content: string): Promise<MessageAck> {
    const elsewhere = (await this.presence!.connectionsOf(targetUserId)) - (targetUserId === connection.principal.userId ? 1 : 0);
    if (elsewhere <= 0) throw userNotFound(targetUserId);
    const message = this.privateFrame(connection, targetUserId, content);
    // Zero instances took it: the user left in between, and the sender must not be told it went out.
    if ((await orUnavailable(this.bus!.toUser(targetUserId, message, connection.id))) === 0) throw userNotFound(targetUserId);
    return this.sent(connection, message);
  }

  private privateFrame(connection: ClientConnection, targetUserId: string, content: string): PrivateMessageFrame {
    const safe = this.policy.check(connection.principal.userId, content);
    const { principal } = connection;
    return { type: 'private_message', id: randomUUID(), sender_id: principal.userId, sender_username: principal.username, target_user_id: targetUserId, content: safe, timestamp: this.clock.isoNow() };
  }

  private sent(connection: ClientConnection, message: PrivateMessageFrame): MessageAck {
    if (this.events.wants('message.sent')) this.events.emit('message.sent', { roomId: null, targetUserId: message.target_user_id, connectionId: connection.id, message });
    return { id: message.id, timestamp: message.timestamp };
  }
}

function userNotFound(userId: string): ProtocolException {
  return new ProtocolException(ErrorCode.UserNotFound, `User ${userId} is not connected`);
}
