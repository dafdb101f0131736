import { Role } from '../moderation/role';

/** A room as the registry keeps it. */
export interface RoomRecord {
  /** `[A-Za-z0-9_.-]{1,64}`; the name itself for default rooms, server-made otherwise. */
  readonly id: string;
  /** Display name as given (trimmed); escaped only when written to the wire. */
  readonly name: string;
  readonly isPrivate: boolean;
  /** Most members (users) at once, or null for no limit. */
  readonly maxMembers: number | null;
  /** scrypt hash of the room password, or null when there is none. */
  readonly passwordHash: string | null;
  /** Default rooms exist from the start and cannot be deleted. */
  readonly isDefault: boolean;
  /** Changes whenever the room's message continuity is lost (see the history issue). */
  readonly epoch: string;
  readonly createdBy: string | null;
}

/** A user present in a room. */
export interface MemberRecord {
  readonly userId: string;
  /** Already HTML-escaped. */
  readonly username: string;
  readonly globalRole: Role;
}

/** What adding a connection of a user to a room did. */
export type JoinOutcome =
  | { joined: true; firstForUser: boolean; memberCount: number }
  | { joined: false; reason: 'full' | 'gone' };

/** What removing a connection of a user from a room did. */
export interface LeaveOutcome {
  /** True when that was the user's last connection in the room. */
  lastForUser: boolean;
  memberCount: number;
}
