import { ErrorCode } from '../common/error-code';
import { OutboundFrame } from '../common/outbound-frames';

/** Longest `request_id` (PROTOCOL.md §3). */
export const MAX_REQUEST_ID_LENGTH = 64;

type ErrorFrame = Extract<OutboundFrame, { type: 'error' }>;

/** A frame read as a message with its `type`, or the error to answer it with. */
export type DecodedFrame = { ok: true; type: string; message: Record<string, unknown>; requestId?: string } | { ok: false; error: ErrorFrame };

/** The message's `request_id` when it is a valid one. */
export function requestIdOf(message: unknown): string | undefined {
  const id = (message as { request_id?: unknown } | null)?.request_id;
  return typeof id === 'string' && id.length <= MAX_REQUEST_ID_LENGTH ? id : undefined;
}

/**
 * Reads one WebSocket frame into a protocol message: text only, one JSON object, a string `type`
 * (or the original README's typeless `{content}` frame, taken as a `room_message` to the default
 * room), and a valid `request_id` when there is one.
 */
export function decodeFrame(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean, defaultRoom: string): DecodedFrame {
  if (isBinary) return refuse(ErrorCode.UnsupportedFrame, 'Binary frames are not supported; send JSON text frames');
  let message: unknown;
  try {
    message = JSON.parse(data.toString());
  } catch {
    return refuse(ErrorCode.InvalidJson, 'Frame is not valid JSON');
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return refuse(ErrorCode.InvalidJson, 'Frame must be a JSON object');
  }
  const fields = message as Record<string, unknown>;
  const requestId = requestIdOf(fields);
  if (fields.request_id !== undefined && requestId === undefined) {
    return refuse(ErrorCode.InvalidPayload, `request_id must be a string of at most ${MAX_REQUEST_ID_LENGTH} characters`, 'request_id');
  }
  const { type } = fields;
  if (type === undefined && typeof fields.content === 'string') {
    return { ok: true, type: 'room_message', message: { type: 'room_message', room_id: defaultRoom, content: fields.content, request_id: requestId }, requestId };
  }
  if (typeof type !== 'string') return refuse(ErrorCode.InvalidPayload, 'type must be a string naming the message', 'type', requestId);
  return { ok: true, type, message: fields, requestId };
}

function refuse(code: ErrorCode, message: string, field?: string, requestId?: string): DecodedFrame {
  const error: ErrorFrame = { type: 'error', code, message };
  if (field) error.details = [{ field, message }];
  if (requestId !== undefined) error.request_id = requestId;
  return { ok: false, error };
}
