import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Principal } from '../auth/principal';
import { ErrorCode } from '../common/error-code';
import { ProtocolException } from '../common/protocol.exception';
import { connectionOf } from '../connections/client-connection';
import { hierarchyRefusal } from '../moderation/hierarchy';
import { REQUIRED_PERMISSION } from '../moderation/moderation.constants';
import { ModerationService } from '../moderation/moderation.service';
import { PermissionRequirement } from '../moderation/require-permission.decorator';
import { parseRole, Role, roleName } from '../moderation/role';
import { RoomModerationService } from '../rooms/room-moderation.service';
import { RoomsService } from '../rooms/rooms.service';
import { ROOM_ID_PATTERN } from '../rooms/rooms.constants';

type Message = Record<string, unknown>;

/**
 * Enforces `@RequirePermission` on gateway handlers, so every rule of who may do what sits in one
 * place: the sender's role (in the message's room, or global) must carry the permission (or, where the
 * handler allows it, the sender sent the message acted on), and an action on a user follows the
 * hierarchy (nobody acts on themselves; only on lower roles; only lower roles given). A room the sender
 * cannot see answers `ROOM_NOT_FOUND`, so private rooms stay invisible. Missing or malformed fields
 * are left to the validation pipe, which names them.
 */
@Injectable()
export class PermissionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly rooms: RoomsService,
    private readonly moderation: ModerationService,
    private readonly roomModeration: RoomModerationService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirement = this.reflector.get<PermissionRequirement | undefined>(REQUIRED_PERMISSION, context.getHandler());
    if (!requirement) return true;
    const ws = context.switchToWs();
    const connection = connectionOf(ws.getClient())!;
    const principal = connection.principal;
    const message = (ws.getData() ?? {}) as Message;
    if (requirement.scope === 'global') {
      this.requirePermission(requirement, principal.globalRole, 'on this server');
      return true;
    }
    const roomId = message.room_id;
    if (typeof roomId !== 'string' || !ROOM_ID_PATTERN.test(roomId)) return true;
    // A room the connection is in is one it can see; only other rooms need the store (and this is
    // on the path of every chat message).
    if (!connection.rooms.has(roomId)) await this.rooms.requireVisible(roomId, principal);
    if (requirement.target === undefined && requirement.orSenderOf === undefined && this.moderation.allowsEveryRole(requirement.permission)) return true;
    const role = await this.moderation.roleIn(roomId, principal);
    if (!(await this.isOwnMessage(requirement, roomId, principal, message))) {
      this.requirePermission(requirement, role, `in room ${roomId}`, requirement.orSenderOf ? 'and this is not one of your recent messages' : undefined);
    }
    if (requirement.target !== undefined) await this.requireHierarchy(requirement, roomId, principal, role, message);
    return true;
  }

  private requirePermission(requirement: PermissionRequirement, role: Role, where: string, besides?: string): void {
    if (this.moderation.allows(role, requirement.permission)) return;
    const why = `Your role ${where} (${roleName(role)}) does not have the ${requirement.permission} permission`;
    throw new ProtocolException(ErrorCode.Forbidden, besides ? `${why}, ${besides}` : why);
  }

  private async isOwnMessage(requirement: PermissionRequirement, roomId: string, principal: Principal, message: Message): Promise<boolean> {
    if (requirement.orSenderOf === undefined) return false;
    const messageId = message[requirement.orSenderOf];
    return typeof messageId === 'string' && (await this.roomModeration.senderOf(roomId, messageId)) === principal.userId;
  }

  private async requireHierarchy(requirement: PermissionRequirement, roomId: string, principal: Principal, role: Role, message: Message): Promise<void> {
    const targetId = message[requirement.target!];
    if (typeof targetId !== 'string') return;
    const refusal = hierarchyRefusal({
      actorId: principal.userId,
      actorRole: role,
      targetId,
      targetRole: requirement.outrank && targetId !== principal.userId ? await this.roomModeration.roleOf(roomId, targetId) : undefined,
      // An unknown role name is the validation pipe's to refuse (INVALID_ROLE).
      assigned: requirement.assigns === undefined ? undefined : parseRole(message[requirement.assigns]),
    });
    if (refusal) throw new ProtocolException(ErrorCode.Forbidden, refusal);
  }
}
