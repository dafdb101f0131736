import { Logger } from '@nestjs/common';
import { OutboundFrame } from '../common/outbound-frames';
import { ClientConnection } from '../connections/client-connection';
import { ConnectionRegistry } from '../connections/connection-registry.service';
import { LocalOutboundSender } from '../connections/local-outbound-sender';
import { ClusterBus } from './cluster-bus';

/**
 * The sender with several instances: frames for a user go on the user's channel, so they reach the
 * user's connections on every instance (each instance delivers to its own). Rooms are fanned out by
 * `RoomFanout` through the bus; connections are local by nature.
 */
export class ClusterOutboundSender extends LocalOutboundSender {
  private readonly logger = new Logger(ClusterOutboundSender.name);

  constructor(
    registry: ConnectionRegistry,
    private readonly bus: ClusterBus,
  ) {
    super(registry);
    bus.onConnectionFrame((connectionId, frame) => {
      const connection = registry.byConnectionId(connectionId);
      if (connection && !connection.closed) super.toConnection(connection, frame as OutboundFrame);
    });
    bus.onUserFrame((userId, frame, exceptId) => {
      if (frame.type.startsWith('~')) return;
      super.toUser(userId, frame as OutboundFrame, exceptId === '' ? undefined : registry.byConnectionId(exceptId));
    });
  }

  /** Publishes to the user's connections everywhere; returns how many of them are on this instance. */
  override toUser(userId: string, frame: OutboundFrame, except?: ClientConnection): number {
    this.bus.toUser(userId, frame, except?.id).catch((err: unknown) => this.logger.error(`Publishing ${frame.type} to user ${userId} failed: ${String(err)}`));
    let here = 0;
    for (const connection of this.registry.ofUser(userId)) if (connection !== except) here++;
    return here;
  }
}
