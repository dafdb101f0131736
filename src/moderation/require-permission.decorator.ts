import { SetMetadata } from '@nestjs/common';
import { REQUIRED_PERMISSION } from './moderation.constants';
import { Permission, PermissionScope } from './permission';

/** What a handler requires, read by `PermissionGuard`. */
export interface PermissionRequirement {
  permission: Permission;
  scope: PermissionScope;
}

/**
 * Declares the permission a gateway handler needs. With scope `room` (the default) it is checked
 * against the sender's role in the message's `room_id`; with `global`, against their global role.
 */
export const RequirePermission = (permission: Permission, scope: PermissionScope = 'room') =>
  SetMetadata<string, PermissionRequirement>(REQUIRED_PERMISSION, { permission, scope });
