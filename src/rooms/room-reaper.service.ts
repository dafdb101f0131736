import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { every, Stop } from '../common/periodic';
import { ModerationService } from '../moderation/moderation.service';
import { SanctionsService } from '../moderation/sanctions.service';
import { RoomFanout } from './room-fanout';
import { RoomHistoryService } from './room-history.service';
import { RoomStore } from './room.store';
import { HISTORY_PURGE_INTERVAL_MS, ROOM_STORE } from './rooms.constants';

/**
 * Forgets rooms so that memory stays bounded however many pass through: a deleted room's roles, bans,
 * mutes and history, and a created room left with neither members nor history (default rooms stay).
 * A room is checked when its last member leaves, when a deletion empties its history, and every
 * minute for rooms whose messages all aged out; the same sweep drops history of rooms that are gone.
 */
@Injectable()
export class RoomReaper implements OnModuleDestroy {
  private readonly logger = new Logger(RoomReaper.name);
  private readonly stopSweeping: Stop;

  constructor(
    @Inject(ROOM_STORE) private readonly store: RoomStore,
    private readonly history: RoomHistoryService,
    private readonly fanout: RoomFanout,
    private readonly moderation: ModerationService,
    private readonly sanctions: SanctionsService,
  ) {
    this.stopSweeping = every(HISTORY_PURGE_INTERVAL_MS, () => this.sweep(), (err) => this.logger.error(`Purging room history failed: ${String(err)}`));
  }

  onModuleDestroy(): void {
    this.stopSweeping();
  }

  /** Forgets a created room that has no members and no history; true when it did. */
  async forgetIfIdle(roomId: string): Promise<boolean> {
    const room = await this.store.get(roomId);
    if (!room || room.isDefault || (await this.history.hasMessages(roomId))) return false;
    // Membership is checked in the same step as the removal, so a join that got in first keeps the room.
    if (!(await this.store.deleteIfEmpty(roomId))) return false;
    await this.forget(roomId);
    return true;
  }

  /** Forgets what is kept about a room that no longer exists. */
  async forget(roomId: string): Promise<void> {
    this.fanout.forgetRoom(roomId);
    await this.history.forgetRoom(roomId);
    await this.moderation.forgetRoom(roomId);
    await this.sanctions.forgetRoom(roomId);
  }

  /** Purges aged-out messages, forgets the rooms that left idle, and history whose room is gone. */
  async sweep(): Promise<void> {
    for (const roomId of await this.history.purgeExpired()) await this.forgetIfIdle(roomId);
    // A message published while its room was being deleted can land after the room's history was
    // forgotten; nothing else would ever read or drop it.
    for (const roomId of await this.history.rooms()) {
      if (!(await this.store.get(roomId))) await this.history.forgetRoom(roomId);
    }
  }
}
