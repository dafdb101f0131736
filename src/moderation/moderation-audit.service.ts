import { Injectable, Logger } from '@nestjs/common';

/** The moderation actions, as audit events and metric labels name them. */
export type ModerationAction = 'kick' | 'ban' | 'unban' | 'mute' | 'unmute' | 'role_change' | 'delete_message';

/** How many of each action were carried out since start (the `moderation` object of `/stats`). */
export interface ModerationCounters {
  kicks: number;
  bans: number;
  unbans: number;
  mutes: number;
  unmutes: number;
  role_changes: number;
  deleted_messages: number;
}

/** Which counter each action adds to. */
export const MODERATION_COUNTER_OF: Readonly<Record<ModerationAction, keyof ModerationCounters>> = {
  kick: 'kicks',
  ban: 'bans',
  unban: 'unbans',
  mute: 'mutes',
  unmute: 'unmutes',
  role_change: 'role_changes',
  delete_message: 'deleted_messages',
};

/** One moderation action that took effect. */
export interface ModerationEvent {
  action: ModerationAction;
  /** User id of who did it. */
  actor: string;
  /** User id of who it was done to (for `delete_message`: the message's sender). */
  target: string;
  room: string;
  /** How long a ban or mute lasts in ms; null when until lifted; absent for other actions. */
  duration_ms?: number | null;
  /** When a ban or mute ends (RFC 3339), or null. */
  until?: string | null;
  /** The role given, for `role_change`. */
  role?: string;
  /** The message removed, for `delete_message`. */
  message_id?: string;
}

/**
 * The audit trail of moderation: one structured log line per action that took effect (its fields a
 * log pipeline can index), and counters per action read by `/stats` and `/metrics`. Refused attempts
 * are not actions and are not recorded here.
 */
@Injectable()
export class ModerationAuditService {
  private readonly logger = new Logger('ModerationAudit');
  readonly counters: ModerationCounters = { kicks: 0, bans: 0, unbans: 0, mutes: 0, unmutes: 0, role_changes: 0, deleted_messages: 0 };

  record(event: ModerationEvent): void {
    this.counters[MODERATION_COUNTER_OF[event.action]]++;
    // An object, not a string: a structured logger (pino in the standalone server) writes its fields.
    this.logger.log({ event: 'moderation.action', ...event });
  }
}
