import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../common/clock';
import { every, Stop } from '../common/periodic';
import { ErrorCode } from '../common/error-code';
import { ProtocolException } from '../common/protocol.exception';
import { SANCTION_PURGE_INTERVAL_MS, SANCTION_STORE } from './moderation.constants';
import { describeUntil, inForce, Sanction, SanctionKind, untilOnWire } from './sanction';
import { SanctionStore } from './sanction.store';

/**
 * Bans and mutes per (room, user id): they hold for every connection of the user, survive
 * reconnecting, and end exactly on time because every read compares `until` with the injected
 * clock (no timers per entry). A periodic purge drops ended entries so memory stays bounded.
 */
@Injectable()
export class SanctionsService implements OnModuleDestroy {
  private readonly logger = new Logger(SanctionsService.name);
  private readonly stopPurging: Stop;

  constructor(
    @Inject(SANCTION_STORE) private readonly store: SanctionStore,
    private readonly clock: Clock,
  ) {
    this.stopPurging = every(SANCTION_PURGE_INTERVAL_MS, () => this.purge(), (err) => this.logger.error(`Purging ended bans and mutes failed: ${String(err)}`));
  }

  onModuleDestroy(): void {
    this.stopPurging();
  }

  /** Bans or mutes a user in a room for `durationMs` (null: until lifted); returns when it ends. */
  async impose(kind: SanctionKind, roomId: string, userId: string, durationMs: number | null): Promise<number | null> {
    const until = durationMs === null ? null : this.clock.now() + Math.round(durationMs);
    await this.store.set(kind, roomId, userId, { until });
    return until;
  }

  /** Lifts a ban or mute; false when none was in force. */
  async lift(kind: SanctionKind, roomId: string, userId: string): Promise<boolean> {
    const current = await this.store.get(kind, roomId, userId);
    if (!current) return false;
    await this.store.delete(kind, roomId, userId);
    return inForce(current, this.clock.now());
  }

  /** The ban or mute in force for a user in a room, if any. */
  async inForce(kind: SanctionKind, roomId: string, userId: string): Promise<Sanction | undefined> {
    const sanction = await this.store.get(kind, roomId, userId);
    return sanction && inForce(sanction, this.clock.now()) ? sanction : undefined;
  }

  /** Refuses a banned user: `BANNED` with the room and the end of the ban. */
  async requireNotBanned(roomId: string, userId: string): Promise<void> {
    const ban = await this.inForce('ban', roomId, userId);
    if (ban) throw bannedRefusal(roomId, ban);
  }

  /** Refuses a muted user: `MUTED` with the room and the end of the mute. */
  async requireNotMuted(roomId: string, userId: string): Promise<void> {
    const mute = await this.inForce('mute', roomId, userId);
    if (mute) throw mutedRefusal(roomId, mute);
  }

  /** Drops every ended entry; returns how many. */
  purge(): Promise<number> {
    return this.store.purgeEnded(this.clock.now());
  }

  /** Forgets the bans and mutes of a deleted room. */
  forgetRoom(roomId: string): Promise<void> {
    return this.store.clearRoom(roomId);
  }
}

/** The `BANNED` refusal of a join (PROTOCOL.md §5.1: it carries `room_id` and `until`). */
export function bannedRefusal(roomId: string, { until }: Sanction): ProtocolException {
  return new ProtocolException(ErrorCode.Banned, `You are banned from room ${roomId} ${describeUntil(until, 'permanently')}`, { room_id: roomId, until: untilOnWire(until) });
}

/** The `MUTED` refusal of a room message (PROTOCOL.md §5.1: it carries `room_id` and `until`). */
export function mutedRefusal(roomId: string, { until }: Sanction): ProtocolException {
  const message = `You are muted in room ${roomId} ${describeUntil(until, 'until a moderator unmutes you')}; your message was not delivered`;
  return new ProtocolException(ErrorCode.Muted, message, { room_id: roomId, until: untilOnWire(until) });
}
