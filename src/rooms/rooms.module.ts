import { Module } from '@nestjs/common';
import { ConnectionsModule } from '../connections/connections.module';
import { ModerationModule } from '../moderation/moderation.module';
import { WorkerPoolModule } from '../worker-pool/worker-pool.module';
import { InMemoryRoomStore } from './in-memory-room.store';
import { MessageSenderIndex } from './message-sender.index';
import { RoomModerationService } from './room-moderation.service';
import { RoomPasswordService } from './room-password.service';
import { ROOM_STORE } from './rooms.constants';
import { RoomsService } from './rooms.service';

/** The room registry, membership, presence, room messages, and the moderation actions on room users. */
@Module({
  imports: [ConnectionsModule, ModerationModule, WorkerPoolModule],
  providers: [RoomsService, RoomModerationService, RoomPasswordService, MessageSenderIndex, { provide: ROOM_STORE, useClass: InMemoryRoomStore }],
  exports: [RoomsService, RoomModerationService],
})
export class RoomsModule {}
