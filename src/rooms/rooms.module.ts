import { Module } from '@nestjs/common';
import { ConnectionsModule } from '../connections/connections.module';
import { ModerationModule } from '../moderation/moderation.module';
import { WorkerPoolModule } from '../worker-pool/worker-pool.module';
import { InMemoryRoomStore } from './in-memory-room.store';
import { RoomPasswordService } from './room-password.service';
import { ROOM_STORE } from './rooms.constants';
import { RoomsService } from './rooms.service';

/** The room registry, membership, presence and room messages. */
@Module({
  imports: [ConnectionsModule, ModerationModule, WorkerPoolModule],
  providers: [RoomsService, RoomPasswordService, { provide: ROOM_STORE, useClass: InMemoryRoomStore }],
  exports: [RoomsService],
})
export class RoomsModule {}
