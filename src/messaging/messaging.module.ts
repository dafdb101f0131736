import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ConnectionsModule } from '../connections/connections.module';
import { HealthModule } from '../health/health.module';
import { ProtectionModule } from '../protection/protection.module';
import { RoomsModule } from '../rooms/rooms.module';
import { HeartbeatService } from './heartbeat.service';
import { MessagingService } from './messaging.service';
import { SessionService } from './session.service';

/** Connection lifecycle (accept, heartbeats, drain) and chat delivery, on top of auth, rooms and protection. */
@Module({
  imports: [AuthModule, ConnectionsModule, HealthModule, ProtectionModule, RoomsModule],
  providers: [SessionService, MessagingService, HeartbeatService],
  exports: [SessionService, MessagingService],
})
export class MessagingModule {}
