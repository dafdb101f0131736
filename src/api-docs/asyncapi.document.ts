import type { ClientMessage, ReplyTo, ServerFrame } from '../client/protocol';
import { dtoSchema, DtoSchemaOptions } from './dto-schema';
import { InboundMessageInfo } from './inbound-catalog';
import { JsonSchema } from './json-schema';
import { CLOSE_CODE_DESCRIPTIONS, frameSchemaName, OUTBOUND_FRAMES, pascalCase, SHARED_SCHEMAS } from './wire-schemas';

/** The AsyncAPI 3.0 document of `/ws`, as served at `/asyncapi.json`. */
export interface AsyncApiDocument {
  asyncapi: '3.0.0';
  info: { title: string; version: string; description: string };
  defaultContentType: string;
  servers: Record<string, unknown>;
  channels: { ws: { address: string; messages: Record<string, { $ref: string }> } & Record<string, unknown> };
  operations: Record<string, AsyncApiOperation>;
  components: {
    schemas: Record<string, JsonSchema>;
    messages: Record<string, AsyncApiMessage>;
    securitySchemes: Record<string, unknown>;
    correlationIds: Record<string, unknown>;
  };
}

export interface AsyncApiOperation {
  action: 'send' | 'receive';
  channel: { $ref: string };
  title: string;
  description?: string;
  messages: { $ref: string }[];
  reply?: { channel: { $ref: string }; messages: { $ref: string }[] };
}

export interface AsyncApiMessage {
  name: string;
  title: string;
  summary?: string;
  payload: { $ref: string };
  correlationId?: { $ref: string };
}

/** The frame that answers each protocol request (besides `error`): held to `protocol.ts`'s `ReplyTo`. */
const REPLY_FRAME: { [T in ClientMessage['type']]: ReplyTo<T>['type'] } = {
  join_room: 'success',
  leave_room: 'success',
  room_message: 'success',
  private_message: 'success',
  create_room: 'success',
  delete_room: 'success',
  list_rooms: 'room_list',
  get_room_members: 'room_members',
  get_history: 'room_history',
  set_user_role: 'success',
  ban_user: 'success',
  unban_user: 'success',
  kick_user: 'success',
  mute_user: 'success',
  unmute_user: 'success',
  delete_message: 'success',
  refresh_token: 'success',
  ping: 'pong',
};

/** What each request does and who may send it (PROTOCOL.md §3). */
const REQUEST_SUMMARIES: Record<ClientMessage['type'], string> = {
  join_room: 'Enter a room (not banned; its password if it has one; not full). With `since`, the missed messages follow the reply',
  leave_room: 'Leave a room',
  room_message: 'Send a message to a room you are in (`SendMessages`, not muted). Acknowledged only when it has a `request_id`',
  private_message: 'Send a message to every connection of a user. Acknowledged only when it has a `request_id`',
  create_room: 'Create a room (global `CreateRooms`); the creator is its Owner',
  delete_room: 'Delete a room (`ManageRoom` in it); default rooms cannot be deleted',
  list_rooms: 'The rooms you can see',
  get_room_members: "A room's members and their roles",
  get_history: 'A page of room history: the newest `limit` messages before offset `before`',
  set_user_role: "Set a user's role in a room (`ManageRoles`, and only below your own)",
  ban_user: 'Ban a user from a room, for `duration_hours` or for good (`BanUsers`, outranking the target)',
  unban_user: 'Lift a ban (`BanUsers`)',
  kick_user: 'Put a user out of a room (`KickUsers`, outranking the target)',
  mute_user: 'Mute a user in a room, for `duration_minutes` or until unmuted (`MuteUsers`, outranking the target)',
  unmute_user: 'Lift a mute (`MuteUsers`)',
  delete_message: 'Delete a recent message (`DeleteMessages`, or your own message)',
  refresh_token: "Replace the connection's token before it expires (same `sub`)",
  ping: 'Is the connection alive? Answered with `pong`',
};

/** Examples for fields whose validators say too little to make a good one. */
const FIELD_HINTS: Readonly<Record<string, unknown>> = {
  user_id: 'bob',
  target_user_id: 'bob',
  content: 'Hello, world!',
  message_id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSJ9.signature',
  password: 'open sesame',
};

const CHANNEL = { $ref: '#/channels/ws' };
const messageRef = (key: string) => ({ $ref: `#/channels/ws/messages/${key}` });
const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** Where an inbound message's schema sits (`JoinRoomMessage`, as in `protocol.ts`). */
export function messageSchemaName(type: string): string {
  return `${pascalCase(type)}Message`;
}

/**
 * Builds the AsyncAPI 3.0 document of `/ws` from the app's handlers: each inbound type's payload from
 * the class-validator rules of its DTO, each server frame from `wire-schemas.ts`, the error and close
 * codes from `src/common/`.
 */
export function buildAsyncApiDocument(inbound: readonly InboundMessageInfo[], version: string, options: Pick<DtoSchemaOptions, 'onUnknownRule'> = {}): AsyncApiDocument {
  const schemas: Record<string, JsonSchema> = { ...SHARED_SCHEMAS };
  const messages: Record<string, AsyncApiMessage> = {};
  const operations: Record<string, AsyncApiOperation> = {};

  for (const [type, schema] of Object.entries(OUTBOUND_FRAMES) as [ServerFrame['type'], JsonSchema][]) {
    const key = frameSchemaName(type);
    schemas[key] = schema;
    messages[key] = { name: type, title: key, summary: schema.description, payload: schemaRef(key), ...(schema.properties?.request_id && { correlationId: { $ref: '#/components/correlationIds/requestId' } }) };
    operations[`send_${type}`] = { action: 'send', channel: CHANNEL, title: `Server sends ${type}`, messages: [messageRef(key)] };
  }

  for (const { type, dto, handler } of [...inbound].sort((a, b) => a.type.localeCompare(b.type))) {
    const key = messageSchemaName(type);
    const fields = dto ? dtoSchema(dto, { hints: FIELD_HINTS, onUnknownRule: options.onUnknownRule }) : { type: 'object' as const, properties: {}, required: [] };
    schemas[key] = {
      type: 'object',
      description: 'Fields not listed are ignored.',
      properties: { type: { type: 'string', const: type }, request_id: schemaRef('RequestId'), ...fields.properties },
      required: ['type', ...(fields.required ?? [])],
    };
    const summary = (REQUEST_SUMMARIES as Record<string, string>)[type];
    messages[key] = { name: type, title: key, ...(summary && { summary }), payload: schemaRef(key), correlationId: { $ref: '#/components/correlationIds/requestId' } };
    const reply = (REPLY_FRAME as Record<string, ServerFrame['type']>)[type];
    operations[`receive_${type}`] = {
      action: 'receive',
      channel: CHANNEL,
      title: `Client sends ${type}`,
      description: `${summary ?? 'Handled by a host app'} (handler \`${handler}\`).`,
      messages: [messageRef(key)],
      reply: { channel: CHANNEL, messages: [...(reply ? [messageRef(frameSchemaName(reply))] : []), messageRef(frameSchemaName('error'))] },
    };
  }

  return {
    asyncapi: '3.0.0',
    info: { title: 'Rusty Socks WebSocket protocol', version, description: PROTOCOL_DESCRIPTION },
    defaultContentType: 'application/json',
    servers: {
      rustySocks: {
        host: '{host}',
        protocol: 'ws',
        description: 'This server: `wss` when it serves TLS itself (`RUSTY_SOCKS_ENABLE_TLS`) or behind a TLS proxy.',
        variables: { host: { default: 'localhost:3030', description: 'Host and port the server is reached at' } },
        security: ['bearer', 'subprotocol', 'xAuthToken', 'queryToken'].map((name) => ({ $ref: `#/components/securitySchemes/${name}` })),
      },
    },
    channels: {
      ws: {
        address: '/ws',
        title: 'The WebSocket endpoint',
        description: CHANNEL_DESCRIPTION,
        messages: Object.fromEntries(Object.keys(messages).map((key) => [key, { $ref: `#/components/messages/${key}` }])),
        bindings: {
          ws: {
            method: 'GET',
            query: { type: 'object', properties: { token: { type: 'string', description: 'The JWT, when no header carries it (never logged)' } } },
            bindingVersion: '0.1.0',
          },
        },
      },
    },
    operations,
    components: {
      schemas,
      messages,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: '`Authorization: Bearer <jwt>` (HS256; claims `sub`, `username`?, `role`?, `exp`)' },
        subprotocol: { type: 'httpApiKey', in: 'header', name: 'Sec-WebSocket-Protocol', description: 'A subprotocol entry `bearer.<jwt>`, echoed back: how browsers send a token' },
        xAuthToken: { type: 'httpApiKey', in: 'header', name: 'X-Auth-Token', description: 'The JWT' },
        queryToken: { type: 'httpApiKey', in: 'query', name: 'token', description: 'The JWT as `?token=` (as in the original README)' },
      },
      correlationIds: { requestId: { description: 'A request and its direct reply carry the same `request_id`', location: '$message.payload#/request_id' } },
    },
  };
}

const PROTOCOL_DESCRIPTION = [
  'Every protocol message is one JSON object in one text frame, tagged by `type`; a binary frame is answered `UNSUPPORTED_FRAME`.',
  'Each request may carry `request_id` (a string of at most 64 characters), echoed on its direct reply (`success`, `error`, `room_list`, `room_members`, `room_history`, `pong`).',
  "Frames of one connection are handled in order. A typeless object with a string `content` (the original README's frame) is a `room_message` to the first default room.",
  'Refusals are `error` frames with a stable `code` (`components.schemas.ErrorCode`); the connection stays open unless a close code follows (`components.schemas.CloseCode`).',
  'The full contract: docs/protocol.md.',
].join('\n\n');

const CHANNEL_DESCRIPTION = [
  'Before the upgrade, admission answers with an HTTP status and a JSON body: 403 (`Origin` not allowed), 429 (too many connections from this IP), 503 with `Retry-After` (server full, worker pool busy, or draining).',
  'The token is read from the first of `Authorization: Bearer`, a `bearer.<jwt>` subprotocol, `X-Auth-Token` and `?token=`; without one, the client is an anonymous guest where that is allowed. The first frame of an accepted connection is `connected`.',
  `Close codes: ${Object.entries(CLOSE_CODE_DESCRIPTIONS)
    .map(([code, text]) => `${code} ${text}`)
    .join('; ')}.`,
].join('\n\n');
