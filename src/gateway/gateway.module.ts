import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AuthModule } from '../auth/auth.module';
import { ConnectionsModule } from '../connections/connections.module';
import { MessagingModule } from '../messaging/messaging.module';
import { ModerationModule } from '../moderation/moderation.module';
import { ProtectionModule } from '../protection/protection.module';
import { RoomsModule } from '../rooms/rooms.module';
import { MessageHandlers } from './message-handlers.service';
import { WsGateway } from './ws.gateway';
import { WsTransportService } from './ws-transport.service';

/** The WebSocket endpoint and its transport. */
@Module({
  imports: [DiscoveryModule, AuthModule, ConnectionsModule, MessagingModule, ModerationModule, ProtectionModule, RoomsModule],
  providers: [WsGateway, WsTransportService, MessageHandlers],
  exports: [WsTransportService],
})
export class GatewayModule {}
