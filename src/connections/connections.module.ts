import { ClusterBus } from '../cluster/cluster-bus';
import { ClusterOutboundSender } from '../cluster/cluster-outbound-sender';
import { Module } from '@nestjs/common';
import { ConnectionRegistry } from './connection-registry.service';
import { OUTBOUND_SENDER } from './connections.constants';
import { LocalOutboundSender } from './local-outbound-sender';

/** The open connections of this instance and the sender that writes to them. */
@Module({
  providers: [
    ConnectionRegistry,
    {
      provide: OUTBOUND_SENDER,
      inject: [ConnectionRegistry, ClusterBus],
      useFactory: (registry: ConnectionRegistry, bus: ClusterBus) => (bus.enabled ? new ClusterOutboundSender(registry, bus) : new LocalOutboundSender(registry)),
    },
  ],
  exports: [ConnectionRegistry, OUTBOUND_SENDER],
})
export class ConnectionsModule {}
