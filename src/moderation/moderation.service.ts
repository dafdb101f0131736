import { Inject, Injectable } from '@nestjs/common';
import { RUSTY_SOCKS_OPTIONS } from '../config/config.constants';
import { ResolvedOptions } from '../config/rusty-socks-options.interface';
import { ROOM_ROLE_STORE } from './moderation.constants';
import { Permission, roleHasPermission } from './permission';
import { Role } from './role';
import { RoomRoleStore } from './room-role.store';

/** The part of a user that decides their role in a room. */
export interface RoleHolder {
  userId: string;
  globalRole: Role;
}

/**
 * Roles and permissions: who is what in each room, and what that allows. The moderation actions
 * (`RoomModerationService`) and the gateway's `PermissionGuard` build on this service.
 */
@Injectable()
export class ModerationService {
  constructor(
    @Inject(RUSTY_SOCKS_OPTIONS) private readonly options: ResolvedOptions,
    @Inject(ROOM_ROLE_STORE) private readonly roles: RoomRoleStore,
  ) {}

  /**
   * A user's role in a room: their global role when that is Admin or Owner, else the role set in the
   * room, else Member (Guest for guests) (PROTOCOL.md §5). A global Admin who created the room is its
   * Owner there: the higher of the two wins.
   */
  async roleIn(roomId: string, user: RoleHolder): Promise<Role> {
    const set = await this.roles.get(roomId, user.userId);
    if (user.globalRole >= Role.Admin) return Math.max(user.globalRole, set ?? Role.Guest);
    return set ?? (user.globalRole === Role.Guest ? Role.Guest : Role.Member);
  }

  /** Whether a role carries a permission, with the configurable Member room-creation right. */
  allows(role: Role, permission: Permission): boolean {
    return roleHasPermission(role, permission, this.options.membersCanCreateRooms);
  }

  /** Whether every role carries a permission (`SendMessages`): then nobody's role needs looking up. */
  allowsEveryRole(permission: Permission): boolean {
    return ALL_ROLES.every((role) => this.allows(role, permission));
  }

  /** Whether the user sees a private room without being in it: a global Admin/Owner, or any role set there. */
  async hasStandingIn(roomId: string, user: RoleHolder): Promise<boolean> {
    return user.globalRole >= Role.Admin || (await this.roles.get(roomId, user.userId)) !== undefined;
  }

  /** Sets a user's role in a room (`set_user_role`); the hierarchy has been checked by the caller. */
  setRole(roomId: string, userId: string, role: Role): Promise<void> {
    return this.roles.set(roomId, userId, role);
  }

  /** Makes a room's creator its Owner. */
  assignOwner(roomId: string, userId: string): Promise<void> {
    return this.roles.set(roomId, userId, Role.Owner);
  }

  /** Forgets every role of a deleted room. */
  forgetRoom(roomId: string): Promise<void> {
    return this.roles.clearRoom(roomId);
  }
}

const ALL_ROLES = [Role.Guest, Role.Member, Role.Moderator, Role.Admin, Role.Owner];
