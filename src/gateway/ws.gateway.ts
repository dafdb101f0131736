import { UseFilters, UseGuards, UsePipes } from '@nestjs/common';
import { MessageBody, WebSocketGateway } from '@nestjs/websockets';
import { WsAuthGuard } from '../auth/ws-auth.guard';
import { Clock } from '../common/clock';
import { OutboundFrame, success } from '../common/outbound-frames';
import { ClientConnection } from '../connections/client-connection';
import { MessagingService } from '../messaging/messaging.service';
import { SessionService } from '../messaging/session.service';
import { RateLimit } from '../protection/rate-limit.decorator';
import { WsThrottlerGuard } from '../protection/ws-throttler.guard';
import { Permission } from '../moderation/permission';
import { RequirePermission } from '../moderation/require-permission.decorator';
import { parseRole } from '../moderation/role';
import { RoomModerationService } from '../rooms/room-moderation.service';
import { HISTORY_PAGE_DEFAULT } from '../rooms/rooms.constants';
import { RoomsService } from '../rooms/rooms.service';
import { CurrentConnection } from './current-connection.decorator';
import { RUSTY_SOCKS_ENDPOINT } from './gateway.constants';
import { OnMessage } from './on-message.decorator';
import { BanUserDto } from './dto/ban-user.dto';
import { CreateRoomDto } from './dto/create-room.dto';
import { DeleteMessageDto } from './dto/delete-message.dto';
import { DeleteRoomDto } from './dto/delete-room.dto';
import { GetHistoryDto } from './dto/get-history.dto';
import { GetRoomMembersDto } from './dto/get-room-members.dto';
import { JoinRoomDto } from './dto/join-room.dto';
import { KickUserDto } from './dto/kick-user.dto';
import { LeaveRoomDto } from './dto/leave-room.dto';
import { ListRoomsDto } from './dto/list-rooms.dto';
import { MuteUserDto } from './dto/mute-user.dto';
import { PingDto } from './dto/ping.dto';
import { PrivateMessageDto } from './dto/private-message.dto';
import { RefreshTokenDto } from './dto/refresh-token.dto';
import { RoomMessageDto } from './dto/room-message.dto';
import { SetUserRoleDto } from './dto/set-user-role.dto';
import { UnbanUserDto } from './dto/unban-user.dto';
import { UnmuteUserDto } from './dto/unmute-user.dto';
import { PermissionGuard } from './permission.guard';
import { WsValidationPipe } from './ws-validation.pipe';
import { WsProtocolExceptionFilter } from './ws-protocol-exception.filter';

/**
 * The WebSocket endpoint `/ws`. Each handler gets a validated DTO, makes one service call and returns
 * the reply; the transport adds the `request_id`. Guards authorize, the pipe validates, the filter
 * writes refusals as `error` frames. Connections themselves are accepted by `WsTransportService`.
 */
@WebSocketGateway({ path: '/ws', [RUSTY_SOCKS_ENDPOINT]: true })
@UseGuards(WsAuthGuard, WsThrottlerGuard, PermissionGuard)
@UsePipes(WsValidationPipe)
@UseFilters(WsProtocolExceptionFilter)
export class WsGateway {
  constructor(
    private readonly sessions: SessionService,
    private readonly rooms: RoomsService,
    private readonly messaging: MessagingService,
    private readonly clock: Clock,
    private readonly roomModeration: RoomModerationService,
  ) {}

  @OnMessage('join_room')
  @RateLimit('rooms')
  async joinRoom(@CurrentConnection() connection: ClientConnection, @MessageBody() dto: JoinRoomDto): Promise<OutboundFrame> {
    const joined = await this.rooms.join(connection, dto.room_id, dto.password ?? null, dto.since ?? null);
    return success(`Joined room ${dto.room_id}`, { ...joined });
  }

  @OnMessage('leave_room')
  @RateLimit('rooms')
  async leaveRoom(@CurrentConnection() connection: ClientConnection, @MessageBody() dto: LeaveRoomDto): Promise<OutboundFrame> {
    await this.rooms.leave(connection, dto.room_id, 'left');
    return success(`Left room ${dto.room_id}`, { room_id: dto.room_id });
  }

  @OnMessage('room_message')
  @RateLimit('chat')
  @RequirePermission(Permission.SendMessages)
  async roomMessage(@CurrentConnection() connection: ClientConnection, @MessageBody() dto: RoomMessageDto): Promise<OutboundFrame | undefined> {
    const ack = await this.messaging.toRoom(connection, dto.room_id, dto.content);
    return dto.request_id === undefined ? undefined : success('Message sent', { ...ack });
  }

  @OnMessage('private_message')
  @RateLimit('private')
  async privateMessage(@CurrentConnection() connection: ClientConnection, @MessageBody() dto: PrivateMessageDto): Promise<OutboundFrame | undefined> {
    const ack = await this.messaging.toUser(connection, dto.target_user_id, dto.content);
    return dto.request_id === undefined ? undefined : success('Message sent', { ...ack });
  }

  @OnMessage('create_room')
  @RateLimit('create_room')
  @RequirePermission(Permission.CreateRooms, 'global')
  async createRoom(@CurrentConnection() connection: ClientConnection, @MessageBody() dto: CreateRoomDto): Promise<OutboundFrame> {
    const created = await this.rooms.create(connection, {
      name: dto.name,
      isPrivate: dto.is_private ?? false,
      maxMembers: dto.max_members ?? null,
      password: dto.password ?? null,
    });
    return success('Room created', created);
  }

  @OnMessage('delete_room')
  @RateLimit('rooms')
  @RequirePermission(Permission.ManageRoom)
  async deleteRoom(@CurrentConnection() connection: ClientConnection, @MessageBody() dto: DeleteRoomDto): Promise<OutboundFrame> {
    await this.rooms.delete(connection.principal, dto.room_id);
    return success(`Room ${dto.room_id} deleted`, { room_id: dto.room_id });
  }

  @OnMessage('list_rooms')
  @RateLimit('rooms')
  async listRooms(@CurrentConnection() connection: ClientConnection, @MessageBody() _dto: ListRoomsDto): Promise<OutboundFrame> {
    return { type: 'room_list', rooms: await this.rooms.list(connection.principal) };
  }

  @OnMessage('get_room_members')
  @RateLimit('rooms')
  async getRoomMembers(@CurrentConnection() connection: ClientConnection, @MessageBody() dto: GetRoomMembersDto): Promise<OutboundFrame> {
    return { type: 'room_members', room_id: dto.room_id, members: await this.rooms.members(connection.principal, dto.room_id) };
  }

  @OnMessage('get_history')
  @RateLimit('rooms')
  async getHistory(@CurrentConnection() connection: ClientConnection, @MessageBody() dto: GetHistoryDto): Promise<OutboundFrame> {
    return this.rooms.getHistory(connection.principal, dto.room_id, dto.limit ?? HISTORY_PAGE_DEFAULT, dto.before ?? null);
  }

  @OnMessage('set_user_role')
  @RateLimit('moderation')
  @RequirePermission(Permission.ManageRoles, { target: 'user_id', assigns: 'role' })
  async setUserRole(@CurrentConnection() connection: ClientConnection, @MessageBody() dto: SetUserRoleDto): Promise<OutboundFrame> {
    const changed = await this.roomModeration.setRole(connection.principal, dto.room_id, dto.user_id, parseRole(dto.role)!);
    return success(`${dto.user_id} is now ${changed.role} in room ${dto.room_id}`, { ...changed });
  }

  @OnMessage('kick_user')
  @RateLimit('moderation')
  @RequirePermission(Permission.KickUsers, { target: 'user_id' })
  async kickUser(@CurrentConnection() connection: ClientConnection, @MessageBody() dto: KickUserDto): Promise<OutboundFrame> {
    await this.roomModeration.kick(connection.principal, dto.room_id, dto.user_id);
    return success(`${dto.user_id} was kicked from room ${dto.room_id}`, { room_id: dto.room_id, user_id: dto.user_id });
  }

  @OnMessage('ban_user')
  @RateLimit('moderation')
  @RequirePermission(Permission.BanUsers, { target: 'user_id' })
  async banUser(@CurrentConnection() connection: ClientConnection, @MessageBody() dto: BanUserDto): Promise<OutboundFrame> {
    const ban = await this.roomModeration.ban(connection.principal, dto.room_id, dto.user_id, dto.duration_hours ?? null);
    return success(`${dto.user_id} is banned from room ${dto.room_id}`, { ...ban });
  }

  @OnMessage('unban_user')
  @RateLimit('moderation')
  @RequirePermission(Permission.BanUsers, { target: 'user_id', outrank: false })
  async unbanUser(@CurrentConnection() connection: ClientConnection, @MessageBody() dto: UnbanUserDto): Promise<OutboundFrame> {
    const lifted = await this.roomModeration.unban(connection.principal, dto.room_id, dto.user_id);
    const message = lifted ? `${dto.user_id} is no longer banned from room ${dto.room_id}` : `${dto.user_id} was not banned from room ${dto.room_id}`;
    return success(message, { room_id: dto.room_id, user_id: dto.user_id });
  }

  @OnMessage('mute_user')
  @RateLimit('moderation')
  @RequirePermission(Permission.MuteUsers, { target: 'user_id' })
  async muteUser(@CurrentConnection() connection: ClientConnection, @MessageBody() dto: MuteUserDto): Promise<OutboundFrame> {
    const mute = await this.roomModeration.mute(connection.principal, dto.room_id, dto.user_id, dto.duration_minutes ?? null);
    return success(`${dto.user_id} is muted in room ${dto.room_id}`, { ...mute });
  }

  @OnMessage('unmute_user')
  @RateLimit('moderation')
  @RequirePermission(Permission.MuteUsers, { target: 'user_id', outrank: false })
  async unmuteUser(@CurrentConnection() connection: ClientConnection, @MessageBody() dto: UnmuteUserDto): Promise<OutboundFrame> {
    const lifted = await this.roomModeration.unmute(connection.principal, dto.room_id, dto.user_id);
    const message = lifted ? `${dto.user_id} is no longer muted in room ${dto.room_id}` : `${dto.user_id} was not muted in room ${dto.room_id}`;
    return success(message, { room_id: dto.room_id, user_id: dto.user_id });
  }

  @OnMessage('delete_message')
  @RateLimit('moderation')
  @RequirePermission(Permission.DeleteMessages, { orSenderOf: 'message_id' })
  async deleteMessage(@CurrentConnection() connection: ClientConnection, @MessageBody() dto: DeleteMessageDto): Promise<OutboundFrame> {
    await this.roomModeration.deleteMessage(connection.principal, dto.room_id, dto.message_id);
    return success(`Message ${dto.message_id} deleted`, { room_id: dto.room_id, message_id: dto.message_id });
  }

  @OnMessage('refresh_token')
  refreshToken(@CurrentConnection() connection: ClientConnection, @MessageBody() dto: RefreshTokenDto): OutboundFrame {
    return success('Token refreshed', this.sessions.refresh(connection, dto.token));
  }

  @OnMessage('ping')
  ping(@MessageBody() _dto: PingDto): OutboundFrame {
    return { type: 'pong', timestamp: this.clock.isoNow() };
  }
}
