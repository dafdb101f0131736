import { RedisConnection } from '../cluster/redis-connection';
import { RedisHistoryStore } from '../cluster/redis-history.store';
import { RedisRoomStore } from '../cluster/redis-room.store';
import { Clock } from '../common/clock';
import { RUSTY_SOCKS_OPTIONS } from '../config/config.constants';
import { ResolvedOptions } from '../config/rusty-socks-options.interface';
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
import { RoomAccessService } from './room-access.service';
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
    RoomAccessService,
    RoomHistoryService,
    RoomFanout,
    RoomReaper,
    {
      provide: ROOM_STORE,
      inject: [RedisConnection],
      useFactory: (redis: RedisConnection) => (redis.enabled ? new RedisRoomStore(redis) : new InMemoryRoomStore()),
    },
    {
      provide: HISTORY_STORE,
      inject: [RedisConnection, RUSTY_SOCKS_OPTIONS, Clock],
      useFactory: (redis: RedisConnection, options: ResolvedOptions, clock: Clock) =>
        redis.enabled ? new RedisHistoryStore(redis, options, clock) : new InMemoryHistoryStore(options, clock),
    },
  ],
  exports: [RoomsService, RoomModerationService],
})
export class RoomsModule {}
