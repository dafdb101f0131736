import { WireRole } from '../moderation/role';

/** `room_message` as delivered (PROTOCOL.md §4). */
export interface RoomMessageFrame {
  type: 'room_message';
  id: string;
  offset: number;
  room_id: string;
  sender_id: string;
  sender_username: string;
  content: string;
  timestamp: string;
}

/** `private_message` as delivered. */
export interface PrivateMessageFrame {
  type: 'private_message';
  id: string;
  sender_id: string;
  sender_username: string;
  target_user_id: string;
  content: string;
  timestamp: string;
}

/** One entry of `room_list`. */
export interface RoomSummary {
  id: string;
  name: string;
  member_count: number;
  max_members: number | null;
  is_private: boolean;
  requires_password: boolean;
}

/** One entry of `room_members`. */
export interface RoomMemberView {
  id: string;
  username: string;
  role: WireRole;
  is_online: boolean;
}

/** Every frame the server sends, by type: the outbound half of the wire contract. */
export type OutboundFrame =
  | {
      type: 'connected';
      client_id: string;
      connection_id: string;
      authenticated: boolean;
      username: string;
      global_role: WireRole;
    }
  | { type: 'success'; message: string; data: Record<string, unknown> | null; request_id?: string }
  | {
      type: 'error';
      code: string;
      message: string;
      request_id?: string;
      retry_after_ms?: number;
      details?: { field: string; message: string }[];
      room_id?: string;
      until?: string | null;
    }
  | RoomMessageFrame
  | PrivateMessageFrame
  | { type: 'user_joined'; room_id: string; user_id: string; username: string }
  | { type: 'user_left'; room_id: string; user_id: string; username: string; reason: 'left' | 'disconnected' | 'kicked' | 'banned' }
  | { type: 'role_changed'; room_id: string; user_id: string; role: WireRole }
  | { type: 'message_deleted'; room_id: string; message_id: string }
  | { type: 'room_deleted'; room_id: string }
  | { type: 'system_message'; room_id: string | null; content: string; timestamp: string }
  | { type: 'room_list'; rooms: RoomSummary[]; request_id?: string }
  | { type: 'room_members'; room_id: string; members: RoomMemberView[]; request_id?: string }
  | { type: 'room_history'; room_id: string; epoch: string; messages: RoomMessageFrame[]; request_id?: string }
  | { type: 'pong'; timestamp: string; request_id?: string };

/** The `success` reply. */
export function success(message: string, data: Record<string, unknown> | null = null): OutboundFrame {
  return { type: 'success', message, data };
}
