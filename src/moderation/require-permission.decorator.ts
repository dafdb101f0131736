import { SetMetadata } from '@nestjs/common';
import { REQUIRED_PERMISSION } from './moderation.constants';
import { Permission, PermissionScope } from './permission';

/** How a handler's permission is checked, beyond the permission itself. */
export interface PermissionOptions {
  /** Checked against the sender's role in the message's `room_id` (`room`) or their global role. @default 'room' */
  scope?: PermissionScope;
  /**
   * The message field naming the user acted on. Nobody acts on themselves, and (unless `outrank` is
   * false) the target's role in the room must be strictly lower than the actor's.
   */
  target?: string;
  /** Whether the target must rank strictly below the actor. @default true */
  outrank?: boolean;
  /** The message field naming a role being given: it must be strictly lower than the actor's. */
  assigns?: string;
  /** The message field naming a room message: its own sender passes without the permission. */
  orSenderOf?: string;
}

/** What a handler requires, read by `PermissionGuard`. */
export interface PermissionRequirement extends Required<Pick<PermissionOptions, 'scope' | 'outrank'>>, Omit<PermissionOptions, 'scope' | 'outrank'> {
  permission: Permission;
}

/**
 * Declares the permission a gateway handler needs, and the hierarchy rules of the action. With scope
 * `room` (the default) it is checked against the sender's role in the message's `room_id`; with
 * `global`, against their global role. Examples: `@RequirePermission(Permission.BanUsers, { target:
 * 'user_id' })`, `@RequirePermission(Permission.CreateRooms, 'global')`.
 */
export const RequirePermission = (permission: Permission, options: PermissionScope | PermissionOptions = {}) => {
  const { scope = 'room', outrank = true, ...rest } = typeof options === 'string' ? { scope: options } : options;
  return SetMetadata<string, PermissionRequirement>(REQUIRED_PERMISSION, { permission, scope, outrank, ...rest });
};
