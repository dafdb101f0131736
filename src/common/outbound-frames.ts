/**
 * The outbound half of the wire contract. The types are the client SDK's (`src/client/protocol.ts`),
 * which cannot import server code: one definition of every frame, so server and SDK cannot drift.
 */
import type { ErrorFrame, RoomMember, ServerFrame, SuccessFrame } from '../client/protocol';

export type { JoinRoomResult, PrivateMessageFrame, RoomHistoryFrame, RoomMessageFrame, RoomSummary } from '../client/protocol';

/** One entry of `room_members`. */
export type RoomMemberView = RoomMember;

/** Every frame the server sends, by type (PROTOCOL.md §4). */
export type OutboundFrame = ServerFrame;

/** The `error` frame. */
export type OutboundErrorFrame = ErrorFrame;

/** The `success` reply. */
export function success(message: string, data: Record<string, unknown> | null = null): SuccessFrame {
  return { type: 'success', message, data };
}
