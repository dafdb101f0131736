/**
 * The schemas of what the server sends (PROTOCOL.md §4, §6), written once, here, against the SDK's
 * `protocol.ts` types through `FieldsOf`: a frame type, a field or an optional field added there and
 * not here does not compile. What the types cannot say (value ranges, enums) the e2e spec checks by
 * validating every frame a real server sends against these schemas.
 */
import type { ConnectedFrame, ErrorFrame, RoomMember, RoomSummary, ServerFrame, ServerFrameMap } from '../client/protocol';
import { CloseCode } from '../common/close-code';
import { ErrorCode } from '../common/error-code';
import { MAX_REQUEST_ID_LENGTH } from '../gateway/frame-decoder';
import { BOOLEAN, FieldsOf, JsonSchema, NON_NEGATIVE_INTEGER, nullable, objectSchema, opt, STRING, TIMESTAMP } from './json-schema';

/** What each error code means (PROTOCOL.md §6); a code added to `ErrorCode` must be described here. */
export const ERROR_CODE_DESCRIPTIONS: Record<ErrorCode, string> = {
  [ErrorCode.AuthFailed]: 'Bad, expired or forged token, or no token where anonymous guests are not allowed; the connection is closed with 4401',
  [ErrorCode.TokenExpired]: 'The token expired and was not refreshed with `refresh_token`; the connection is closed with 4403',
  [ErrorCode.InvalidJson]: 'The frame is not a JSON object',
  [ErrorCode.UnknownType]: 'No handler for this `type`',
  [ErrorCode.InvalidPayload]: 'A field is missing, of the wrong type or out of range; `details` names it',
  [ErrorCode.UnsupportedFrame]: 'A binary frame (only JSON text frames are read)',
  [ErrorCode.InvalidMessage]: 'Content empty, too long, with dangerous Unicode, spam, or a blocked word',
  [ErrorCode.InvalidRoomId]: 'A room id that is empty, too long or has characters outside `[A-Za-z0-9_.-]`',
  [ErrorCode.InvalidName]: 'A room name that is too short, too long or has control or invisible characters',
  [ErrorCode.RoomNotFound]: 'No such room, or a private room the sender cannot see',
  [ErrorCode.RoomFull]: 'The room has `max_members` users already',
  [ErrorCode.WrongPassword]: "The room's password is missing or wrong",
  [ErrorCode.NotAMember]: 'The sender is not in that room',
  [ErrorCode.UserNotFound]: 'The target user has no connection (or is not in the room, for `kick_user`)',
  [ErrorCode.Forbidden]: 'The permission or hierarchy check failed',
  [ErrorCode.Banned]: 'Sent to a user banned from a room (with `room_id` and `until`), or on a refused join',
  [ErrorCode.Kicked]: 'Sent to a user kicked from a room (with `room_id`)',
  [ErrorCode.Muted]: 'Sent to a user muted in a room (with `room_id` and `until`), or on a refused message',
  [ErrorCode.InvalidRole]: 'Not one of Owner, Admin, Moderator, Member, Guest',
  [ErrorCode.RateLimited]: 'A rate limit was hit; `retry_after_ms` says when to try again. 30 refusals a minute close the connection with 4429',
  [ErrorCode.InternalError]: 'A bug on the server, or (with several instances) Redis briefly unreachable: nothing was done, try again; the message leaks nothing',
};

/** What each close code means (PROTOCOL.md §6); a code added to `CloseCode` must be described here. */
export const CLOSE_CODE_DESCRIPTIONS: Record<CloseCode, string> = {
  [CloseCode.GoingAway]: 'The server is shutting down: reconnect (to another instance)',
  [CloseCode.MessageTooBig]: 'A frame was larger than `RUSTY_SOCKS_MAX_FRAME_BYTES`',
  [CloseCode.TryAgainLater]: 'With several instances: Redis was briefly unreachable while the connection was being admitted; reconnect after a moment',
  [CloseCode.AuthFailed]: 'Authentication failed (after an `AUTH_FAILED` frame): get a new token before reconnecting',
  [CloseCode.TokenExpired]: 'The token expired (after a `TOKEN_EXPIRED` frame): get a new token before reconnecting',
  [CloseCode.IdleTimeout]: 'No frame or pong within `RUSTY_SOCKS_TIMEOUT` seconds',
  [CloseCode.TooSlow]: 'The client read too slowly: its send queue passed `RUSTY_SOCKS_BUFFER` frames or `RUSTY_SOCKS_BUFFER_BYTES` bytes',
  [CloseCode.PolicyViolation]: 'Rate-limit abuse, or one connection too many for this user',
};

/** `[{const, description}]`: an enum whose values each say what they mean. */
function describedEnum(type: 'string' | 'integer', descriptions: Record<string | number, string>): JsonSchema {
  return { type, oneOf: Object.entries(descriptions).map(([value, description]) => ({ const: type === 'integer' ? Number(value) : value, description })) };
}

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

/** `room_message` → `RoomMessage`: the names `protocol.ts` gives the types. */
export function pascalCase(type: string): string {
  return type.replace(/(^|[_\-.])([a-z0-9])/gi, (_, _sep: string, c: string) => c.toUpperCase());
}

/** Where a server frame's schema sits under `components.schemas` (`RoomMessageFrame`, as in `protocol.ts`). */
export function frameSchemaName(type: string): string {
  return `${pascalCase(type)}Frame`;
}

/** Shared schemas, under `components.schemas`. */
export const SHARED_SCHEMAS: Record<string, JsonSchema> = {
  ErrorCode: { description: 'The stable error codes (PROTOCOL.md §6)', ...describedEnum('string', ERROR_CODE_DESCRIPTIONS) },
  CloseCode: { description: 'WebSocket close codes the server uses (PROTOCOL.md §6)', ...describedEnum('integer', CLOSE_CODE_DESCRIPTIONS) },
  WireRole: { type: 'string', enum: ['Owner', 'Admin', 'Moderator', 'Member', 'Guest'], description: 'Roles on the wire are capitalised' },
  RequestId: { type: 'string', maxLength: MAX_REQUEST_ID_LENGTH, description: 'Echoed on the direct reply to the request that carried it', examples: ['42'] },
  RoomSummary: objectSchema<RoomSummary>({
    id: STRING,
    name: STRING,
    member_count: NON_NEGATIVE_INTEGER,
    max_members: nullable({ type: 'integer', minimum: 1 }),
    is_private: BOOLEAN,
    requires_password: BOOLEAN,
  }),
  RoomMember: objectSchema<RoomMember>({ id: STRING, username: STRING, role: ref('WireRole'), is_online: BOOLEAN }),
};

const REQUEST_ID = opt(ref('RequestId'));
const ROOM_MESSAGE_FIELDS: FieldsOf<Omit<ServerFrameMap['room_message'], 'type'>> = {
  id: { type: 'string', description: 'The message id (a UUID)' },
  offset: { type: 'integer', minimum: 1, description: "The message's position in the room; rises by one per message" },
  room_id: STRING,
  sender_id: STRING,
  sender_username: { type: 'string', description: 'HTML-escaped' },
  content: { type: 'string', description: 'HTML-escaped' },
  timestamp: TIMESTAMP,
};

type FrameFields<T extends ServerFrame['type']> = FieldsOf<Omit<ServerFrameMap[T], 'type'>>;

/** A frame's schema: its `type` constant and its fields. */
function frame<T extends ServerFrame['type']>(type: T, description: string, fields: FrameFields<T>): JsonSchema {
  const schema = objectSchema<Omit<ServerFrameMap[T], 'type'>>(fields, description);
  return { ...schema, properties: { type: { type: 'string', const: type }, ...schema.properties }, required: ['type', ...schema.required!] };
}

const ERROR_FIELDS: FieldsOf<Omit<ErrorFrame, 'type'>> = {
  code: ref('ErrorCode'),
  message: { type: 'string', description: 'For humans; may change' },
  request_id: REQUEST_ID,
  retry_after_ms: opt({ ...NON_NEGATIVE_INTEGER, description: 'With `RATE_LIMITED`' }),
  details: opt({
    type: 'array',
    description: 'With `INVALID_PAYLOAD`: the offending fields',
    items: objectSchema<{ field: string; message: string }>({ field: STRING, message: STRING }),
  }),
  room_id: opt({ type: 'string', description: 'With `KICKED`, `BANNED`, `MUTED`' }),
  until: opt({ ...nullable(TIMESTAMP), description: 'With `BANNED`, `MUTED`: when it ends, or null when permanent' }),
};

const CONNECTED_FIELDS: FieldsOf<Omit<ConnectedFrame, 'type'>> = {
  client_id: { type: 'string', description: "The token's `sub`, or `anon-<uuid>` for a guest" },
  connection_id: { type: 'string', format: 'uuid' },
  authenticated: BOOLEAN,
  username: STRING,
  global_role: ref('WireRole'),
};

/** Every server frame by type: the compiler holds this to `ServerFrame`. */
export const OUTBOUND_FRAMES: { [T in ServerFrame['type']]: JsonSchema } = {
  connected: frame('connected', 'The first frame of every accepted connection', CONNECTED_FIELDS),
  success: frame('success', 'The reply to a request that has no richer reply', {
    message: STRING,
    data: { type: ['object', 'null'], description: 'What the request produced (e.g. `join_room`: `{room_id, role, offset, epoch, recovered?, missed?}`)' },
    request_id: REQUEST_ID,
  }),
  error: frame('error', 'A refusal; the connection stays open unless a close code follows', ERROR_FIELDS),
  room_message: frame('room_message', 'A message in a room (not sent back to the connection that sent it)', ROOM_MESSAGE_FIELDS),
  private_message: frame('private_message', "A private message, to every connection of the target except the sender's", {
    id: STRING,
    sender_id: STRING,
    sender_username: { type: 'string', description: 'HTML-escaped' },
    target_user_id: STRING,
    content: { type: 'string', description: 'HTML-escaped' },
    timestamp: TIMESTAMP,
  }),
  user_joined: frame('user_joined', "A user's first connection entered the room", { room_id: STRING, user_id: STRING, username: STRING }),
  user_left: frame('user_left', "A user's last connection left the room", {
    room_id: STRING,
    user_id: STRING,
    username: STRING,
    reason: { type: 'string', enum: ['left', 'disconnected', 'kicked', 'banned'] },
  }),
  role_changed: frame('role_changed', "A user's role in the room changed", { room_id: STRING, user_id: STRING, role: ref('WireRole') }),
  message_deleted: frame('message_deleted', 'A message was deleted (and left history)', { room_id: STRING, message_id: STRING }),
  room_deleted: frame('room_deleted', 'The room was deleted; its members are out of it', { room_id: STRING }),
  system_message: frame('system_message', 'A notice from the server (or a host app)', {
    room_id: nullable(STRING),
    content: { type: 'string', description: 'HTML-escaped' },
    timestamp: TIMESTAMP,
  }),
  room_list: frame('room_list', 'The reply to `list_rooms`', { rooms: { type: 'array', items: ref('RoomSummary') }, request_id: REQUEST_ID }),
  room_members: frame('room_members', 'The reply to `get_room_members`', { room_id: STRING, members: { type: 'array', items: ref('RoomMember') }, request_id: REQUEST_ID }),
  room_history: frame('room_history', 'The reply to `get_history`: messages oldest first', {
    room_id: STRING,
    epoch: STRING,
    messages: { type: 'array', items: ref(frameSchemaName('room_message')) },
    request_id: REQUEST_ID,
  }),
  pong: frame('pong', 'The reply to `ping`', { timestamp: TIMESTAMP, request_id: REQUEST_ID }),
};
