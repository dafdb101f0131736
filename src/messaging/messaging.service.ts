import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock';
import { ErrorCode } from '../common/error-code';
import { ProtocolException } from '../common/protocol.exception';
import { ClientConnection } from '../connections/client-connection';
import { ConnectionRegistry } from '../connections/connection-registry.service';
import { OUTBOUND_SENDER } from '../connections/connections.constants';
import { OutboundSender } from '../connections/outbound-sender';
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
  ) {}

  async toRoom(connection: ClientConnection, roomId: string, content: string): Promise<MessageAck> {
    if (!connection.rooms.has(roomId)) throw new ProtocolException(ErrorCode.NotAMember, `Join room ${roomId} before sending to it`);
    // Before the content rules: a muted user's message reaches nobody and is no spam repeat either.
    await this.roomModeration.requireNotMuted(roomId, connection.principal.userId);
    const safe = this.policy.check(connection.principal.userId, content);
    const frame = await this.rooms.publish(connection, roomId, safe);
    return { id: frame.id, offset: frame.offset, timestamp: frame.timestamp };
  }

  /** Delivers to every connection of the target user (but the sending one). */
  toUser(connection: ClientConnection, targetUserId: string, content: string): MessageAck {
    const targets = this.registry.ofUser(targetUserId);
    if (targets.size === 0 || (targets.size === 1 && targets.has(connection))) {
      throw new ProtocolException(ErrorCode.UserNotFound, `User ${targetUserId} is not connected`);
    }
    const safe = this.policy.check(connection.principal.userId, content);
    const { principal } = connection;
    const id = randomUUID();
    const timestamp = this.clock.isoNow();
    this.sender.toUser(targetUserId, { type: 'private_message', id, sender_id: principal.userId, sender_username: principal.username, target_user_id: targetUserId, content: safe, timestamp }, connection);
    return { id, timestamp };
  }
}
