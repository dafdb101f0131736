import { ClientSession } from './client-session';
import { dataOf } from './frames';
import {
  BanUserMessage,
  ClientMessage,
  CreateRoomMessage,
  CreateRoomResult,
  HostFrame,
  HostMessage,
  JoinRoomResult,
  MuteUserMessage,
  PongFrame,
  RoomHistoryFrame,
  RoomMember,
  RoomMessageAck,
  RoomSummary,
  SanctionResult,
  SuccessFrame,
  WireRole,
} from './protocol';
import { TypedEmitter } from './typed-emitter';

/**
 * A Rusty Socks client for browsers and Node: typed requests answered by `request_id`, typed events,
 * reconnection with backoff, and recovery of missed room messages (`since`) after a reconnect.
 * The connection itself is `ClientSession`'s; this class adds one method per request of the protocol.
 */
export class RustySocksClient extends ClientSession {
  /** Joins a room; the client joins it again (with `since`) after a reconnect until it leaves. */
  async joinRoom(roomId: string, options: { password?: string } = {}): Promise<JoinRoomResult> {
    const reply = await this.send({ type: 'join_room', room_id: roomId, ...(options.password !== undefined ? { password: options.password } : {}) }, (frame) =>
      this.trackJoin(roomId, frame, options.password, undefined),
    );
    return dataOf<JoinRoomResult>(reply);
  }

  /** Leaves a room (and stops joining it again after reconnects). */
  async leaveRoom(roomId: string): Promise<SuccessFrame> {
    return this.send({ type: 'leave_room', room_id: roomId }, () => this.rooms.forget(roomId)) as Promise<SuccessFrame>;
  }

  /** Publishes to a room; resolves with the message's id, offset and timestamp. */
  async sendRoomMessage(roomId: string, content: string): Promise<RoomMessageAck> {
    const reply = await this.send({ type: 'room_message', room_id: roomId, content }, (frame) => {
      const ack = dataOf<RoomMessageAck>(frame);
      if (ack) this.rooms.acked(roomId, ack.offset);
    });
    return dataOf<RoomMessageAck>(reply);
  }

  /** Sends a private message to every connection of `targetUserId`. */
  sendPrivateMessage(targetUserId: string, content: string): Promise<SuccessFrame> {
    return this.request({ type: 'private_message', target_user_id: targetUserId, content });
  }

  /** Creates a room (the creator is in it as Owner) and tracks it like a joined room. */
  async createRoom(name: string, options: Omit<CreateRoomMessage, 'type' | 'name'> = {}): Promise<CreateRoomResult> {
    const reply = await this.request({ type: 'create_room', name, ...options });
    const created = reply.data as unknown as CreateRoomResult;
    // The reply has no epoch; a join (a no-op for a member) gives the position recovery needs.
    await this.joinRoom(created.room_id, options.password ? { password: options.password } : {});
    return created;
  }

  /** Deletes a room (its members receive `room_deleted`). */
  deleteRoom(roomId: string): Promise<SuccessFrame> {
    return this.send({ type: 'delete_room', room_id: roomId }, () => this.rooms.forget(roomId)) as Promise<SuccessFrame>;
  }

  /** The rooms the client may see. */
  async listRooms(): Promise<RoomSummary[]> {
    return (await this.request({ type: 'list_rooms' })).rooms;
  }

  /** The members of a room, with their roles and whether they are online. */
  async getRoomMembers(roomId: string): Promise<RoomMember[]> {
    return (await this.request({ type: 'get_room_members', room_id: roomId })).members;
  }

  /** A page of history, oldest first: the newest `limit` messages before offset `before` (exclusive). */
  getHistory(roomId: string, options: { limit?: number; before?: number } = {}): Promise<RoomHistoryFrame> {
    return this.request({ type: 'get_history', room_id: roomId, ...options });
  }

  /** Gives a member of the room another role. */
  setUserRole(roomId: string, userId: string, role: WireRole): Promise<SuccessFrame> {
    return this.request({ type: 'set_user_role', room_id: roomId, user_id: userId, role });
  }

  /** Removes a member from the room. */
  kickUser(roomId: string, userId: string): Promise<SuccessFrame> {
    return this.request({ type: 'kick_user', room_id: roomId, user_id: userId });
  }

  /** Bans for `durationHours`, or permanently when absent. */
  async banUser(roomId: string, userId: string, options: Pick<BanUserMessage, 'duration_hours'> = {}): Promise<SanctionResult> {
    return (await this.request({ type: 'ban_user', room_id: roomId, user_id: userId, ...options })).data as unknown as SanctionResult;
  }

  /** Lifts a ban. */
  unbanUser(roomId: string, userId: string): Promise<SuccessFrame> {
    return this.request({ type: 'unban_user', room_id: roomId, user_id: userId });
  }

  /** Mutes for `duration_minutes`, or until unmuted when absent. */
  async muteUser(roomId: string, userId: string, options: Pick<MuteUserMessage, 'duration_minutes'> = {}): Promise<SanctionResult> {
    return (await this.request({ type: 'mute_user', room_id: roomId, user_id: userId, ...options })).data as unknown as SanctionResult;
  }

  /** Lifts a mute. */
  unmuteUser(roomId: string, userId: string): Promise<SuccessFrame> {
    return this.request({ type: 'unmute_user', room_id: roomId, user_id: userId });
  }

  /** Deletes a message of the room (its members receive `message_deleted`). */
  deleteMessage(roomId: string, messageId: string): Promise<SuccessFrame> {
    return this.request({ type: 'delete_message', room_id: roomId, message_id: messageId });
  }

  /** Replaces the connection's token before it expires; later reconnects use the new one. */
  async refreshToken(token: string): Promise<SuccessFrame> {
    const reply = await this.request({ type: 'refresh_token', token });
    if (typeof this.token !== 'function') this.token = token;
    return reply;
  }

  /** Asks the server for a `pong`. */
  ping(): Promise<PongFrame> {
    return this.request({ type: 'ping' });
  }

  // ---- message types the host app adds to the protocol ------------------------------------------

  /**
   * Sends a message type the host app added to the protocol (e.g. `game_move`), with a fresh
   * `request_id`; resolves with the reply, typed `R` by the caller. An `error` reply rejects as `request` does.
   */
  requestHostMessage<R = SuccessFrame>(message: HostMessage): Promise<R> {
    return this.send(message as unknown as ClientMessage) as Promise<R>;
  }

  /** Listens to a frame type the host app sends beyond the protocol (e.g. `game_moved`), typed `F` by the caller. */
  onHostFrame<F extends HostFrame = HostFrame>(type: string, listener: (frame: F) => void): this {
    (this as unknown as TypedEmitter<Record<string, F>>).on(type, listener);
    return this;
  }

  /** Removes a listener added with `onHostFrame`. */
  offHostFrame<F extends HostFrame = HostFrame>(type: string, listener: (frame: F) => void): this {
    (this as unknown as TypedEmitter<Record<string, F>>).off(type, listener);
    return this;
  }
}
