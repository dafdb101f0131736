import { connectWelcomed, Frame, TestClient } from '../support/client';
import { startServer, TestServer } from '../support/server';
import { signToken, TEST_SECRET } from '../support/tokens';
import { ManualClock } from '../../src/common/clock';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;

/**
 * Settings for moderation suites: many connections from 127.0.0.1 and many requests per minute are
 * normal here, and the idle timeout is long enough that moving the manual clock by hours does not
 * look like silence.
 */
const MODERATION_ENV: Record<string, string> = {
  RUSTY_SOCKS_JWT_SECRET: TEST_SECRET,
  RUSTY_SOCKS_MAX_CONN_PER_IP: '100000',
  RUSTY_SOCKS_RATE_LIMIT_MSG_PER_MIN: '100000',
  RUSTY_SOCKS_RATE_LIMIT_ROOM_OPS_PER_MIN: '100000',
  RUSTY_SOCKS_RATE_LIMIT_ROOM_CREATE_PER_MIN: '100000',
  RUSTY_SOCKS_RATE_LIMIT_MODERATION_PER_MIN: '100000',
  RUSTY_SOCKS_TIMEOUT: '86400',
  RUSTY_SOCKS_PING: '43200',
};

let counter = 0;
/** A user id no other test of the run uses, so late frames of one test cannot be taken for another's. */
export function uniqueId(name: string): string {
  return `${name}-${process.pid}-${++counter}`;
}

/** Matches frames of one type in one room, with optional further fields. */
export function inRoom(type: string, roomId: string, fields: Record<string, unknown> = {}): (f: Frame) => boolean {
  return (f) => f.type === type && f.room_id === roomId && Object.entries(fields).every(([k, v]) => f[k] === v);
}

/** Matches an `error` frame with this code in this room (KICKED, BANNED, MUTED). */
export function refusal(code: string, roomId: string): (f: Frame) => boolean {
  return (f) => f.type === 'error' && f.code === code && f.room_id === roomId;
}

/** A test server with a manual clock, and the clients of the running test. */
export interface ModerationSuite {
  readonly server: TestServer;
  readonly clock: ManualClock;
  /** Connects as `sub` (claims such as `role` optional) and waits until its default rooms are joined. */
  user(sub: string, claims?: Record<string, unknown>): Promise<TestClient>;
  /** Connects an anonymous guest, ready like `user`; resolves with its client id too. */
  guest(): Promise<{ client: TestClient; id: string }>;
}

/**
 * Registers a real server for the enclosing `describe` (booted with a manual clock, closed after
 * all) and closes the clients each test opened after it.
 */
export function moderationSuite(env: Record<string, string> = {}): ModerationSuite {
  const clock = new ManualClock();
  const open: TestClient[] = [];
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startServer({ ...MODERATION_ENV, ...env }, {}, { clock });
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await server?.close();
  });

  const running = (): TestServer => {
    if (!server) throw new Error('The moderation test server is not running');
    return server;
  };
  const ready = async (url: string): Promise<{ client: TestClient; welcome: Frame }> => {
    const welcomed = await connectWelcomed(url);
    open.push(welcomed.client);
    // Joining the default rooms runs first in the connection's queue: the pong proves it is done.
    await welcomed.client.request({ type: 'ping' });
    return welcomed;
  };

  return {
    get server() {
      return running();
    },
    clock,
    async user(sub, claims = {}) {
      // Tokens outlive any time the tests move the server's clock by.
      const exp = Math.floor(Date.now() / 1000) + 30 * 24 * 3600;
      return (await ready(`${running().wsUrl}?token=${signToken({ sub, exp, ...claims })}`)).client;
    },
    async guest() {
      const { client, welcome } = await ready(running().wsUrl);
      return { client, id: welcome.client_id as string };
    },
  };
}

/** Sends a request and asserts a `success` reply; returns its `data`. */
export async function ok(client: TestClient, message: Record<string, unknown>): Promise<Record<string, any>> {
  const reply = await client.request(message);
  expect(reply).toMatchObject({ type: 'success', request_id: expect.any(String) });
  return reply.data as Record<string, any>;
}

/** Sends a request and asserts an `error` reply with this code; returns the frame. */
export async function refused(client: TestClient, message: Record<string, unknown>, code: string): Promise<Frame> {
  const reply = await client.request(message);
  expect(reply).toMatchObject({ type: 'error', code, message: expect.any(String), request_id: expect.any(String) });
  return reply;
}

/** Creates a room and returns its id. */
export async function createRoom(owner: TestClient, name = 'Moderated room'): Promise<string> {
  return (await ok(owner, { type: 'create_room', name })).room_id as string;
}

/** Joins a room and returns the `join_room` reply's data. */
export function joinRoom(client: TestClient, roomId: string): Promise<Record<string, any>> {
  return ok(client, { type: 'join_room', room_id: roomId });
}

/** Sends a room message with an ack and returns the message id. */
export async function say(client: TestClient, roomId: string, content: string): Promise<string> {
  return (await ok(client, { type: 'room_message', room_id: roomId, content })).id as string;
}

/** The roles `get_room_members` reports, by user id. */
export async function rolesIn(client: TestClient, roomId: string): Promise<Record<string, string>> {
  const reply = await client.request({ type: 'get_room_members', room_id: roomId });
  expect(reply.type).toBe('room_members');
  return Object.fromEntries((reply.members as { id: string; role: string }[]).map((m) => [m.id, m.role]));
}

/** One room with a user of every role in it, each with its own connection. */
export interface Cast {
  roomId: string;
  ids: Record<'owner' | 'admin' | 'moderator' | 'member' | 'guest', string>;
  owner: TestClient;
  admin: TestClient;
  moderator: TestClient;
  member: TestClient;
  guest: TestClient;
}

/**
 * A fresh room created by its Owner, with a global Admin, a Moderator (given the role by the Owner),
 * a plain Member and an anonymous Guest in it.
 */
export async function castRoom(suite: ModerationSuite): Promise<Cast> {
  const ids = { owner: uniqueId('owner'), admin: uniqueId('admin'), moderator: uniqueId('moderator'), member: uniqueId('member'), guest: '' };
  const owner = await suite.user(ids.owner);
  const roomId = await createRoom(owner);
  const admin = await suite.user(ids.admin, { role: 'admin' });
  const moderator = await suite.user(ids.moderator);
  const member = await suite.user(ids.member);
  const guest = await suite.guest();
  ids.guest = guest.id;
  for (const client of [admin, moderator, member, guest.client]) await joinRoom(client, roomId);
  await ok(owner, { type: 'set_user_role', room_id: roomId, user_id: ids.moderator, role: 'moderator' });
  return { roomId, ids, owner, admin, moderator, member, guest: guest.client };
}
