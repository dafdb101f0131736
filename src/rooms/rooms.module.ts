import { Module } from '@nestjs/common';
import { ConnectionsModule } from '../connections/connections.module';
import { ModerationModule } from '../moderation/moderation.module';
import { WorkerPoolModule } from '../worker-pool/worker-pool.module';
import { InMemoryRoomStore } from './in-memory-room.store';
import { InMemoryHistoryStore } from './in-memory-history.store';
import { RoomFanout } from './room-fanout';
import { RoomHistoryService } from './room-history.service';
import { RoomReaper } from './room-reaper.service';
import { RoomModerationService } from './room-moderation.service';
import { RoomPasswordService } from './room-password.service';
import { HISTORY_STORE, ROOM_STORE } from './rooms.constants';
import { RoomsService } from './rooms.service';

/** The room registry, membership, presence, room messages and their history, and the moderation actions on room users. */
@Module({
  imports: [ConnectionsModule, ModerationModule, WorkerPoolModule],
  providers: [
    RoomsService,
    RoomModerationService,
    RoomPasswordService,
    RoomHistoryService,
    RoomFanout,
    RoomReaper,
    { provide: ROOM_STORE, useClass: InMemoryRoomStore },
    { provide: HISTORY_STORE, useClass: InMemoryHistoryStore },
  ],
  exports: [RoomsService, RoomModerationService],
})
export class RoomsModule {}
