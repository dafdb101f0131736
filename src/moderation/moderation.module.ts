import { Module } from '@nestjs/common';
import { ROOM_ROLE_STORE } from './moderation.constants';
import { ModerationService } from './moderation.service';
import { InMemoryRoomRoleStore } from './room-role.store';

/** Roles, permissions and (with the moderation issue) bans, mutes and kicks. */
@Module({
  providers: [ModerationService, { provide: ROOM_ROLE_STORE, useClass: InMemoryRoomRoleStore }],
  exports: [ModerationService],
})
export class ModerationModule {}
