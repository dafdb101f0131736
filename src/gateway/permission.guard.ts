import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ErrorCode } from '../common/error-code';
import { ProtocolException } from '../common/protocol.exception';
import { connectionOf } from '../connections/client-connection';
import { REQUIRED_PERMISSION } from '../moderation/moderation.constants';
import { ModerationService } from '../moderation/moderation.service';
import { PermissionRequirement } from '../moderation/require-permission.decorator';
import { Role, roleName } from '../moderation/role';
import { RoomsService } from '../rooms/rooms.service';
import { ROOM_ID_PATTERN } from '../rooms/rooms.constants';

/**
 * Enforces `@RequirePermission` on gateway handlers: the sender's role (in the message's room, or
 * global) must carry the permission. A room the sender cannot see answers `ROOM_NOT_FOUND`, so
 * private rooms stay invisible. A missing or malformed `room_id` is left to the validation pipe.
 */
@Injectable()
export class PermissionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly rooms: RoomsService,
    private readonly moderation: ModerationService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirement = this.reflector.get<PermissionRequirement | undefined>(REQUIRED_PERMISSION, context.getHandler());
    if (!requirement) return true;
    const ws = context.switchToWs();
    const principal = connectionOf(ws.getClient())!.principal;
    let role: Role;
    let where: string;
    if (requirement.scope === 'global') {
      role = principal.globalRole;
      where = 'on this server';
    } else {
      const roomId = (ws.getData() as { room_id?: unknown }).room_id;
      if (typeof roomId !== 'string' || !ROOM_ID_PATTERN.test(roomId)) return true;
      await this.rooms.requireVisible(roomId, principal);
      role = await this.moderation.roleIn(roomId, principal);
      where = `in room ${roomId}`;
    }
    if (!this.moderation.allows(role, requirement.permission)) {
      throw new ProtocolException(ErrorCode.Forbidden, `Your role ${where} (${roleName(role)}) does not have the ${requirement.permission} permission`);
    }
    return true;
  }
}
