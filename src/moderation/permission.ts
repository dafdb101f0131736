import { Role } from './role';

/** What a role may do (PROTOCOL.md §5). */
export enum Permission {
  ManageRoom = 'ManageRoom',
  ManageRoles = 'ManageRoles',
  KickUsers = 'KickUsers',
  BanUsers = 'BanUsers',
  MuteUsers = 'MuteUsers',
  SendMessages = 'SendMessages',
  DeleteMessages = 'DeleteMessages',
  InviteUsers = 'InviteUsers',
  CreateRooms = 'CreateRooms',
}

/** Whether a permission is checked against the user's role in a room or their global role. */
export type PermissionScope = 'room' | 'global';

const P = Permission;
const MATRIX: Record<Role, ReadonlySet<Permission>> = {
  [Role.Owner]: new Set([P.ManageRoom, P.ManageRoles, P.KickUsers, P.BanUsers, P.MuteUsers, P.SendMessages, P.DeleteMessages, P.InviteUsers, P.CreateRooms]),
  [Role.Admin]: new Set([P.ManageRoles, P.KickUsers, P.BanUsers, P.MuteUsers, P.SendMessages, P.DeleteMessages, P.InviteUsers, P.CreateRooms]),
  [Role.Moderator]: new Set([P.KickUsers, P.MuteUsers, P.SendMessages, P.DeleteMessages]),
  [Role.Member]: new Set([P.SendMessages, P.InviteUsers, P.CreateRooms]),
  [Role.Guest]: new Set([P.SendMessages]),
};

/**
 * The permission matrix. `membersCanCreateRooms` is the one configurable cell: Members may create
 * rooms unless the operator turns it off.
 */
export function roleHasPermission(role: Role, permission: Permission, membersCanCreateRooms = true): boolean {
  if (permission === Permission.CreateRooms && role === Role.Member) return membersCanCreateRooms;
  return MATRIX[role].has(permission);
}
