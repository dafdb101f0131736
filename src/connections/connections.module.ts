import { Module } from '@nestjs/common';
import { ConnectionRegistry } from './connection-registry.service';
import { OUTBOUND_SENDER } from './connections.constants';
import { LocalOutboundSender } from './local-outbound-sender';

/** The open connections of this instance and the sender that writes to them. */
@Module({
  providers: [ConnectionRegistry, { provide: OUTBOUND_SENDER, useClass: LocalOutboundSender }],
  exports: [ConnectionRegistry, OUTBOUND_SENDER],
})
export class ConnectionsModule {}
