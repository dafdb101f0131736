import fc from 'fast-check';
import { connectWelcomed, Frame, TestClient } from '../support/client';
import { startServer, TestServer } from '../support/server';
import { signToken, TEST_SECRET } from '../support/tokens';

/** Every frame type the server may send (PROTOCOL.md §4). */
const SERVER_TYPES = new Set([
  'connected', 'success', 'error', 'room_message', 'private_message', 'user_joined', 'user_left', 'role_changed',
  'message_deleted', 'room_deleted', 'system_message', 'room_list', 'room_members', 'room_history', 'pong',
]);
/** Every error code (PROTOCOL.md §6). */
const ERROR_CODES = new Set([
  'AUTH_FAILED', 'TOKEN_EXPIRED', 'INVALID_JSON', 'UNKNOWN_TYPE', 'INVALID_PAYLOAD', 'UNSUPPORTED_FRAME', 'INVALID_MESSAGE',
  'INVALID_ROOM_ID', 'INVALID_NAME', 'ROOM_NOT_FOUND', 'ROOM_FULL', 'WRONG_PASSWORD', 'NOT_A_MEMBER', 'USER_NOT_FOUND',
  'FORBIDDEN', 'BANNED', 'KICKED', 'MUTED', 'INVALID_ROLE', 'RATE_LIMITED', 'INTERNAL_ERROR',
]);
const CLIENT_TYPES = [
  'join_room', 'leave_room', 'room_message', 'private_message', 'create_room', 'delete_room', 'list_rooms', 'get_room_members',
  'get_history', 'set_user_role', 'ban_user', 'unban_user', 'kick_user', 'mute_user', 'unmute_user', 'delete_message', 'refresh_token', 'ping',
];
const FIELDS = ['room_id', 'content', 'target_user_id', 'name', 'is_private', 'max_members', 'password', 'since', 'limit', 'before', 'user_id', 'role', 'duration_hours', 'duration_minutes', 'message_id', 'token', 'request_id', '__proto__', 'constructor'];

/** Values of every JSON shape, with a bias toward the edges validators trip on. */
const value = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ maxLength: 80, unit: 'grapheme' }),
  fc.string({ maxLength: 80, unit: 'binary' }),
  fc.constantFrom('general', '', ' ', 'a'.repeat(65), '<script>', '\u202E', '\u0000', 'admin', 'OWNER', -1, 0, 1e309, 2 ** 53, null, true),
);
/** Objects that look like protocol messages: a known or random type and a random mix of known fields. */
const message = fc.record(
  { type: fc.oneof(fc.constantFrom(...CLIENT_TYPES), fc.string({ maxLength: 20 }), value), fields: fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 6 }) },
  { requiredKeys: ['fields'] },
).map(({ type, fields }) => JSON.stringify(type === undefined ? fields : { type, ...fields }));
/** Anything a hostile client can put in one frame. */
const frame = fc.oneof(
  message,
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200, unit: 'binary' }),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
);

/**
 * Throws thousands of random and malformed frames at the gateway. The server must never crash, must
 * answer only with frames of the protocol (errors with a code of §6), and must keep serving a
 * well-behaved client on the side.
 */
describe('fuzzing the gateway with random frames', () => {
  let server: TestServer;
  let fuzzer: TestClient;
  let bystander: TestClient;
  let speaker: TestClient;

  beforeAll(async () => {
    server = await startServer({
      RUSTY_SOCKS_JWT_SECRET: TEST_SECRET,
      // The fuzzer sends far more than any budget allows; this test is about input, not rate limits.
      RUSTY_SOCKS_RATE_LIMIT_MSG_PER_MIN: '1000000',
      RUSTY_SOCKS_RATE_LIMIT_PRIVATE_PER_MIN: '1000000',
      RUSTY_SOCKS_RATE_LIMIT_ROOM_OPS_PER_MIN: '1000000',
      RUSTY_SOCKS_RATE_LIMIT_ROOM_CREATE_PER_MIN: '1000000',
      RUSTY_SOCKS_RATE_LIMIT_MODERATION_PER_MIN: '1000000',
      RUSTY_SOCKS_PASSWORD_HASH_COST: '10',
    });
    ({ client: fuzzer } = await connectWelcomed(`${server.wsUrl}?token=${signToken({ sub: 'fuzzer', role: 'admin' })}`));
    ({ client: bystander } = await connectWelcomed(`${server.wsUrl}?token=${signToken({ sub: 'bystander' })}`));
    ({ client: speaker } = await connectWelcomed(`${server.wsUrl}?token=${signToken({ sub: 'speaker' })}`));
  });
  afterAll(async () => {
    await Promise.all([fuzzer, bystander, speaker].map((c) => c?.close()));
    await server.close();
  });

  it('answers every frame with protocol frames only and keeps serving everyone', async () => {
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(frame, async (data) => {
        const before = fuzzer.frames.length;
        fuzzer.send(data);
        // The server handles a connection's frames in order: once this ping is answered, whatever
        // the fuzz frame caused has arrived.
        await fuzzer.request({ type: 'ping' });
        for (const reply of fuzzer.frames.slice(before)) {
          expect(SERVER_TYPES.has(reply.type)).toBe(true);
          if (reply.type === 'error') expect(ERROR_CODES.has(reply.code)).toBe(true);
          expect(reply.code).not.toBe('INTERNAL_ERROR');
        }
        checked++;
      }),
      { numRuns: 2500 },
    );
    expect(checked).toBe(2500);
    expect(fuzzer.closeCode).toBeUndefined();

    // The well-behaved clients were served all along and still are.
    bystander.send({ type: 'join_room', room_id: 'general' });
    speaker.send({ type: 'room_message', room_id: 'general', content: 'still here?' });
    await expect(bystander.next((f: Frame) => f.type === 'room_message' && f.sender_id === 'speaker')).resolves.toMatchObject({ content: 'still here?' });
    await expect(fetch(`${server.httpUrl}/health`).then((r) => r.status)).resolves.toBe(200);
  });
});
