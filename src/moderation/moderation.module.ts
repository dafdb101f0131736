import { Module } from '@nestjs/common';
import { RedisConnection } from '../cluster/redis-connection';
import { RedisRoomRoleStore } from '../cluster/redis-room-role.store';
import { RedisSanctionStore } from '../cluster/redis-sanction.store';
import { InMemorySanctionStore } from './in-memory-sanction.store';
import { ModerationAuditService } from './moderation-audit.service';
import { ROOM_ROLE_STORE, SANCTION_STORE } from './moderation.constants';
import { ModerationService } from './moderation.service';
import { InMemoryRoomRoleStore } from './room-role.store';
import { SanctionsService } from './sanctions.service';

/**
 * Roles, permissions, bans and mutes, and the audit trail of moderation. The actions that also move
 * users out of rooms (kick, ban) are carried out by `RoomModerationService` in the rooms module, which
 * depends on this one (the reverse would be a cycle).
 */
@Module({
  providers: [
    ModerationService,
    SanctionsService,
    ModerationAuditService,
    { provide: ROOM_ROLE_STORE, inject: [RedisConnection], useFactory: (redis: RedisConnection) => (redis.enabled ? new RedisRoomRoleStore(redis) : new InMemoryRoomRoleStore()) },
    { provide: SANCTION_STORE, inject: [RedisConnection], useFactory: (redis: RedisConnection) => (redis.enabled ? new RedisSanctionStore(redis) : new InMemorySanctionStore()) },
  ],
  exports: [ModerationService, SanctionsService, ModerationAuditService],
})
export class ModerationModule {}
