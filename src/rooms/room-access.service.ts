import { Inject, Injectable } from '@nestjs/common';
import { Principal } from '../auth/principal';
import { ErrorCode } from '../common/error-code';
import { ProtocolException } from '../common/protocol.exception';
import { ModerationService } from '../moderation/moderation.service';
import { RoomRecord } from './room';
import { RoomPasswordService } from './room-password.service';
import { RoomStore } from './room.store';
import { ROOM_STORE } from './rooms.constants';

/**
 * Who may see and enter a room: private rooms are invisible to those who may not see them (they get
 * `ROOM_NOT_FOUND`, as for a room that does not exist), password rooms ask for their password, and
 * members and holders of a role there pass without one. Room passwords are hashed here too.
 */
@Injectable()
export class RoomAccessService {
  constructor(
    @Inject(ROOM_STORE) private readonly store: RoomStore,
    private readonly moderation: ModerationService,
    private readonly passwords: RoomPasswordService,
  ) {}

  /** The room if it exists and the user may see it; otherwise `ROOM_NOT_FOUND`, so private rooms stay invisible. */
  async requireVisible(roomId: string, principal: Principal): Promise<RoomRecord> {
    const room = await this.store.get(roomId);
    if (!room || !(await this.canSee(room, principal))) throw roomNotFound(roomId);
    return room;
  }

  async canSee(room: RoomRecord, principal: Principal): Promise<boolean> {
    return !room.isPrivate || (await this.isPrivileged(room, principal));
  }

  /** Users who enter without the password: those already in the room and those with standing there. */
  async isPrivileged(room: RoomRecord, principal: Principal): Promise<boolean> {
    return (await this.store.isMember(room.id, principal.userId)) || (await this.moderation.hasStandingIn(room.id, principal));
  }

  /**
   * Entry rules for a connection not yet in the room: a private room is entered by users who can
   * already see it or who know its password (anyone else is told it does not exist); a password room
   * asks the others for its password.
   */
  async checkEntry(room: RoomRecord, principal: Principal, password: string | null): Promise<void> {
    // An open room (a default room, say) lets everyone in: nothing to look up.
    if (room.passwordHash === null && !room.isPrivate) return;
    if (await this.isPrivileged(room, principal)) return;
    if (room.passwordHash === null) throw roomNotFound(room.id);
    const matches = password !== null && (await this.passwords.verify(password, room.passwordHash));
    if (matches) return;
    if (room.isPrivate) throw roomNotFound(room.id);
    throw new ProtocolException(ErrorCode.WrongPassword, password === null ? `Room ${room.id} needs a password` : `Wrong password for room ${room.id}`);
  }

  /** The hash a new room keeps of its password (on the worker pool: scrypt is slow by design). */
  hashPassword(password: string): Promise<string> {
    return this.passwords.hash(password);
  }
}

/** What anyone is told about a room that does not exist or that they may not see. */
export function roomNotFound(roomId: string): ProtocolException {
  return new ProtocolException(ErrorCode.RoomNotFound, `Room ${roomId} does not exist or is not visible to you`);
}
