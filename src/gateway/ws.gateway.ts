import { UseFilters, UseGuards, UsePipes } from '@nestjs/common';
import { MessageBody, OnGatewayConnection, OnGatewayDisconnect, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { AuthService } from '../auth/auth.service';
import { WsAuthGuard } from '../auth/ws-auth.guard';
import { Clock } from '../common/clock';
import { OutboundFrame, success } from '../common/outbound-frames';
import { ClientConnection, connectionOf } from '../connections/client-connection';
import { MessagingService } from '../messaging/messaging.service';
import { SessionService } from '../messaging/session.service';
import { Permission } from '../moderation/permission';
import { RequirePermission } from '../moderation/require-permission.decorator';
import { RoomsService } from '../rooms/rooms.service';
import { CurrentConnection } from './current-connection.decorator';
import { CreateRoomDto } from './dto/create-room.dto';
import { DeleteRoomDto } from './dto/delete-room.dto';
import { GetRoomMembersDto } from './dto/get-room-members.dto';
import { JoinRoomDto } from './dto/join-room.dto';
import { LeaveRoomDto } from './dto/leave-room.dto';
import { ListRoomsDto } from './dto/list-rooms.dto';
import { PingDto } from './dto/ping.dto';
import { PrivateMessageDto } from './dto/private-message.dto';
import { RefreshTokenDto } from './dto/refresh-token.dto';
import { RoomMessageDto } from './dto/room-message.dto';
import { PermissionGuard } from './permission.guard';
import { WsValidationPipe } from './ws-validation.pipe';
import { WsProtocolExceptionFilter } from './ws-protocol-exception.filter';

/**
 * The WebSocket endpoint `/ws`. Each handler gets a validated DTO, makes one service call and returns
 * the reply; the transport adds the `request_id`. Guards authorize, the pipe validates, the filter
 * writes refusals as `error` frames.
 */
@WebSocketGateway({ path: '/ws' })
@UseGuards(WsAuthGuard, PermissionGuard)
@UsePipes(WsValidationPipe)
@UseFilters(WsProtocolExceptionFilter)
export class WsGateway implements OnGatewayConnection, OnGatewayDisconnect {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
    private readonly rooms: RoomsService,
    private readonly messaging: MessagingService,
    private readonly clock: Clock,
  ) {}

  handleConnection(client: WebSocket, req: IncomingMessage): void {
    this.sessions.open(client, this.auth.authenticate(req));
  }

  handleDisconnect(client: WebSocket): void {
    const connection = connectionOf(client);
    if (connection) void this.sessions.close(connection);
  }

  @SubscribeMessage('join_room')
  async joinRoom(@CurrentConnection() connection: ClientConnection, @MessageBody() dto: JoinRoomDto): Promise<OutboundFrame> {
    const joined = await this.rooms.join(connection, dto.room_id, dto.password ?? null, dto.since != null);
    return success(`Joined room ${dto.room_id}`, { ...joined });
  }

  @SubscribeMessage('leave_room')
  async leaveRoom(@CurrentConnection() connection: ClientConnection, @MessageBody() dto: LeaveRoomDto): Promise<OutboundFrame> {
    await this.rooms.leave(connection, dto.room_id, 'left');
    return success(`Left room ${dto.room_id}`, { room_id: dto.room_id });
  }

  @SubscribeMessage('room_message')
  @RequirePermission(Permission.SendMessages)
  async roomMessage(@CurrentConnection() connection: ClientConnection, @MessageBody() dto: RoomMessageDto): Promise<OutboundFrame | undefined> {
    const ack = await this.messaging.toRoom(connection, dto.room_id, dto.content);
    return dto.request_id === undefined ? undefined : success('Message sent', { ...ack });
  }

  @SubscribeMessage('private_message')
  privateMessage(@CurrentConnection() connection: ClientConnection, @MessageBody() dto: PrivateMessageDto): OutboundFrame | undefined {
    const ack = this.messaging.toUser(connection, dto.target_user_id, dto.content);
    return dto.request_id === undefined ? undefined : success('Message sent', { ...ack });
  }

  @SubscribeMessage('create_room')
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

  @SubscribeMessage('delete_room')
  @RequirePermission(Permission.ManageRoom)
  async deleteRoom(@CurrentConnection() connection: ClientConnection, @MessageBody() dto: DeleteRoomDto): Promise<OutboundFrame> {
    await this.rooms.delete(connection.principal, dto.room_id);
    return success(`Room ${dto.room_id} deleted`, { room_id: dto.room_id });
  }

  @SubscribeMessage('list_rooms')
  async listRooms(@CurrentConnection() connection: ClientConnection, @MessageBody() _dto: ListRoomsDto): Promise<OutboundFrame> {
    return { type: 'room_list', rooms: await this.rooms.list(connection.principal) };
  }

  @SubscribeMessage('get_room_members')
  async getRoomMembers(@CurrentConnection() connection: ClientConnection, @MessageBody() dto: GetRoomMembersDto): Promise<OutboundFrame> {
    return { type: 'room_members', room_id: dto.room_id, members: await this.rooms.members(connection.principal, dto.room_id) };
  }

  @SubscribeMessage('refresh_token')
  refreshToken(@CurrentConnection() connection: ClientConnection, @MessageBody() dto: RefreshTokenDto): OutboundFrame {
    return success('Token refreshed', this.sessions.refresh(connection, dto.token));
  }

  @SubscribeMessage('ping')
  ping(@MessageBody() _dto: PingDto): OutboundFrame {
    return { type: 'pong', timestamp: this.clock.isoNow() };
  }
}
