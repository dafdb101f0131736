/**
 * The wire contract (PROTOCOL.md §3–§4) as seen by a client. Standalone on purpose: the SDK ships to
 * browsers, so it shares no code with the server and this file is the client's own copy of the types.
 */

/** A role name as it appears on the wire. */
export type WireRole = 'Owner' | 'Admin' | 'Moderator' | 'Member' | 'Guest';

/** Where a client stands in a room's history: what it passes as `since` to recover missed messages. */
export interface RecoveryPosition {
  offset: number;
  epoch: string;
}

// ---- client → server (§3) -------------------------------------------------------------------

export interface JoinRoomMessage { type: 'join_room'; room_id: string; password?: string | null; since?: RecoveryPosition | null }
export interface LeaveRoomMessage { type: 'leave_room'; room_id: string }
export interface RoomMessageMessage { type: 'room_message'; room_id: string; content: string }
export interface PrivateMessageMessage { type: 'private_message'; target_user_id: string; content: string }
export interface CreateRoomMessage { type: 'create_room'; name: string; is_private?: boolean | null; max_members?: number | null; password?: string | null }
export interface DeleteRoomMessage { type: 'delete_room'; room_id: string }
export interface ListRoomsMessage { type: 'list_rooms' }
export interface GetRoomMembersMessage { type: 'get_room_members'; room_id: string }
export interface GetHistoryMessage { type: 'get_history'; room_id: string; limit?: number | null; before?: number | null }
export interface SetUserRoleMessage { type: 'set_user_role'; room_id: string; user_id: string; role: WireRole | Lowercase<WireRole> }
export interface BanUserMessage { type: 'ban_user'; room_id: string; user_id: string; duration_hours?: number | null }
export interface UnbanUserMessage { type: 'unban_user'; room_id: string; user_id: string }
export interface KickUserMessage { type: 'kick_user'; room_id: string; user_id: string }
export interface MuteUserMessage { type: 'mute_user'; room_id: string; user_id: string; duration_minutes?: number | null }
export interface UnmuteUserMessage { type: 'unmute_user'; room_id: string; user_id: string }
export interface DeleteMessageMessage { type: 'delete_message'; room_id: string; message_id: string }
export interface RefreshTokenMessage { type: 'refresh_token'; token: string }
export interface PingMessage { type: 'ping' }

/** Every message a client may send (without `request_id`: the SDK adds it). */
export type ClientMessage =
  | JoinRoomMessage
  | LeaveRoomMessage
  | RoomMessageMessage
  | PrivateMessageMessage
  | CreateRoomMessage
  | DeleteRoomMessage
  | ListRoomsMessage
  | GetRoomMembersMessage
  | GetHistoryMessage
  | SetUserRoleMessage
  | BanUserMessage
  | UnbanUserMessage
  | KickUserMessage
  | MuteUserMessage
  | UnmuteUserMessage
  | DeleteMessageMessage
  | RefreshTokenMessage
  | PingMessage;

// ---- server → client (§4) -------------------------------------------------------------------

export interface ConnectedFrame { type: 'connected'; client_id: string; connection_id: string; authenticated: boolean; username: string; global_role: WireRole }
export interface SuccessFrame<D = Record<string, unknown> | null> { type: 'success'; message: string; data: D; request_id?: string }
export interface ErrorFrame {
  type: 'error';
  code: string;
  message: string;
  request_id?: string;
  retry_after_ms?: number;
  details?: { field: string; message: string }[];
  /** With `KICKED`, `BANNED`, `MUTED`. */
  room_id?: string;
  /** With `BANNED`, `MUTED`: RFC 3339, or null when permanent. */
  until?: string | null;
}
export interface RoomMessageFrame { type: 'room_message'; id: string; offset: number; room_id: string; sender_id: string; sender_username: string; content: string; timestamp: string }
export interface PrivateMessageFrame { type: 'private_message'; id: string; sender_id: string; sender_username: string; target_user_id: string; content: string; timestamp: string }
export interface UserJoinedFrame { type: 'user_joined'; room_id: string; user_id: string; username: string }
export interface UserLeftFrame { type: 'user_left'; room_id: string; user_id: string; username: string; reason: 'left' | 'disconnected' | 'kicked' | 'banned' }
export interface RoleChangedFrame { type: 'role_changed'; room_id: string; user_id: string; role: WireRole }
export interface MessageDeletedFrame { type: 'message_deleted'; room_id: string; message_id: string }
export interface RoomDeletedFrame { type: 'room_deleted'; room_id: string }
export interface SystemMessageFrame { type: 'system_message'; room_id: string | null; content: string; timestamp: string }
export interface RoomSummary { id: string; name: string; member_count: number; max_members: number | null; is_private: boolean; requires_password: boolean }
export interface RoomListFrame { type: 'room_list'; rooms: RoomSummary[]; request_id?: string }
export interface RoomMember { id: string; username: string; role: WireRole; is_online: boolean }
export interface RoomMembersFrame { type: 'room_members'; room_id: string; members: RoomMember[]; request_id?: string }
export interface RoomHistoryFrame { type: 'room_history'; room_id: string; epoch: string; messages: RoomMessageFrame[]; request_id?: string }
export interface PongFrame { type: 'pong'; timestamp: string; request_id?: string }

/** Every frame the server sends. */
export type ServerFrame =
  | ConnectedFrame
  | SuccessFrame
  | ErrorFrame
  | RoomMessageFrame
  | PrivateMessageFrame
  | UserJoinedFrame
  | UserLeftFrame
  | RoleChangedFrame
  | MessageDeletedFrame
  | RoomDeletedFrame
  | SystemMessageFrame
  | RoomListFrame
  | RoomMembersFrame
  | RoomHistoryFrame
  | PongFrame;

/** A server frame by its `type`. */
export type ServerFrameMap = { [T in ServerFrame['type']]: Extract<ServerFrame, { type: T }> };

/** The frame that answers a request of type `T` (an `error` reply rejects instead). */
export type ReplyTo<T extends ClientMessage['type']> = T extends 'list_rooms'
  ? RoomListFrame
  : T extends 'get_room_members'
    ? RoomMembersFrame
    : T extends 'get_history'
      ? RoomHistoryFrame
      : T extends 'ping'
        ? PongFrame
        : SuccessFrame;

/** `success.data` of `join_room` (§4). */
export interface JoinRoomResult {
  room_id: string;
  role: WireRole;
  /** The room's last offset (0 when empty). */
  offset: number;
  epoch: string;
  /** With `since`: whether every missed message follows the reply. */
  recovered?: boolean;
  /** With `since`: how many missed messages follow the reply. */
  missed?: number;
}

/** `success.data` of `room_message` (the sender's ack). */
export interface RoomMessageAck { id: string; offset: number; timestamp: string }

/** `success.data` of `create_room`. */
export interface CreateRoomResult { room_id: string; name: string }

/** `success.data` of `ban_user` and `mute_user`. */
export interface SanctionResult { room_id: string; user_id: string; until: string | null }

/** A message of a type the host app added (its own fields next to `type`); the SDK adds `request_id`. */
export interface HostMessage { type: string; [field: string]: unknown }

/** A frame of a type the host app sends beyond this protocol. */
export interface HostFrame { type: string }

/** Close codes the client acts on (§6). */
export const CloseCode = {
  Normal: 1000,
  ServerShutdown: 1001,
  AuthFailed: 4401,
  TokenExpired: 4403,
} as const;
