import { Module } from '@nestjs/common';
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
    { provide: ROOM_ROLE_STORE, useClass: InMemoryRoomRoleStore },
    { provide: SANCTION_STORE, useClass: InMemorySanctionStore },
  ],
  exports: [ModerationService, SanctionsService, ModerationAuditService],
})
export class ModerationModule {}
