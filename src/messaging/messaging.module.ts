import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ConnectionsModule } from '../connections/connections.module';
import { ProtectionModule } from '../protection/protection.module';
import { RoomsModule } from '../rooms/rooms.module';
import { MessagingService } from './messaging.service';
import { SessionService } from './session.service';

/** Connection lifecycle and chat delivery, on top of auth, rooms and protection. */
@Module({
  imports: [AuthModule, ConnectionsModule, ProtectionModule, RoomsModule],
  providers: [SessionService, MessagingService],
  exports: [SessionService, MessagingService],
})
export class MessagingModule {}
