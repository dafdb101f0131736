import { Frame, TestClient } from '../support/client';
import { Cast, castRoom, inRoom, joinRoom, moderationSuite, ok, refusal, refused, rolesIn, say, uniqueId } from './helpers';

/**
 * PROTOCOL.md §5's permission matrix, walked end to end: every role in a room (Owner by creating it,
 * Admin by the token, Moderator given by the Owner, plain Member, anonymous Guest) tries every
 * moderation action on a plain Member. Allowed actions take effect as the users see it; refused
 * ones answer FORBIDDEN naming the role and the missing permission, and change nothing.
 */
type Actor = 'owner' | 'admin' | 'moderator' | 'member' | 'guest';

const ACTORS: [Actor, string][] = [
  ['owner', 'Owner'],
  ['admin', 'Admin'],
  ['moderator', 'Moderator'],
  ['member', 'Member'],
  ['guest', 'Guest'],
];

/** The cast, plus the plain Member acted on and a Member who watches the room. */
interface Scene extends Cast {
  target: TestClient;
  targetId: string;
  witness: TestClient;
}

interface ActionCase {
  permission: string;
  allowed: Actor[];
  /** Fields of the request besides type, room_id and user_id. */
  fields?: Record<string, unknown>;
  /** Sets the scene (bans the target before an unban, …); returns more request fields. */
  prepare?(s: Scene): Promise<Record<string, unknown>>;
  /** What users see once the action was allowed. */
  took(s: Scene, reply: Frame): Promise<void>;
  /** That the target is as before after a refusal. */
  untouched(s: Scene): Promise<void>;
}

const ACTIONS: Record<string, ActionCase> = {
  set_user_role: {
    permission: 'ManageRoles',
    allowed: ['owner', 'admin'],
    fields: { role: 'moderator' },
    async took(s, reply) {
      expect(reply.data).toEqual({ room_id: s.roomId, user_id: s.targetId, role: 'Moderator' });
      const changed = { type: 'role_changed', room_id: s.roomId, user_id: s.targetId, role: 'Moderator' };
      await expect(s.witness.next(inRoom('role_changed', s.roomId))).resolves.toEqual(changed);
      await expect(s.target.next(inRoom('role_changed', s.roomId))).resolves.toEqual(changed);
      expect((await rolesIn(s.witness, s.roomId))[s.targetId]).toBe('Moderator');
    },
    async untouched(s) {
      await s.witness.expectNone(inRoom('role_changed', s.roomId));
      expect((await rolesIn(s.witness, s.roomId))[s.targetId]).toBe('Member');
    },
  },
  kick_user: {
    permission: 'KickUsers',
    allowed: ['owner', 'admin', 'moderator'],
    async took(s, reply) {
      expect(reply.data).toEqual({ room_id: s.roomId, user_id: s.targetId });
      await expect(s.target.next(refusal('KICKED', s.roomId))).resolves.toMatchObject({ message: expect.stringContaining('kicked') });
      await expect(s.witness.next(inRoom('user_left', s.roomId))).resolves.toMatchObject({ user_id: s.targetId, reason: 'kicked' });
      expect(await rolesIn(s.witness, s.roomId)).not.toHaveProperty(s.targetId);
    },
    async untouched(s) {
      await s.target.expectNone(refusal('KICKED', s.roomId));
      expect(await rolesIn(s.witness, s.roomId)).toHaveProperty(s.targetId, 'Member');
    },
  },
  ban_user: {
    permission: 'BanUsers',
    allowed: ['owner', 'admin'],
    async took(s, reply) {
      expect(reply.data).toEqual({ room_id: s.roomId, user_id: s.targetId, until: null });
      await expect(s.target.next(refusal('BANNED', s.roomId))).resolves.toMatchObject({ until: null });
      await expect(s.witness.next(inRoom('user_left', s.roomId))).resolves.toMatchObject({ user_id: s.targetId, reason: 'banned' });
      await refused(s.target, { type: 'join_room', room_id: s.roomId }, 'BANNED');
    },
    async untouched(s) {
      await s.target.expectNone(refusal('BANNED', s.roomId));
      expect(await rolesIn(s.witness, s.roomId)).toHaveProperty(s.targetId, 'Member');
    },
  },
  unban_user: {
    permission: 'BanUsers',
    allowed: ['owner', 'admin'],
    async prepare(s) {
      await ok(s.owner, { type: 'ban_user', room_id: s.roomId, user_id: s.targetId });
      await s.target.next(refusal('BANNED', s.roomId));
      return {};
    },
    async took(s, reply) {
      expect(reply.data).toEqual({ room_id: s.roomId, user_id: s.targetId });
      await joinRoom(s.target, s.roomId);
      await expect(s.witness.next(inRoom('user_joined', s.roomId))).resolves.toMatchObject({ user_id: s.targetId });
    },
    async untouched(s) {
      await refused(s.target, { type: 'join_room', room_id: s.roomId }, 'BANNED');
    },
  },
  mute_user: {
    permission: 'MuteUsers',
    allowed: ['owner', 'admin', 'moderator'],
    async took(s, reply) {
      expect(reply.data).toEqual({ room_id: s.roomId, user_id: s.targetId, until: null });
      await expect(s.target.next(refusal('MUTED', s.roomId))).resolves.toMatchObject({ until: null });
      await refused(s.target, { type: 'room_message', room_id: s.roomId, content: 'can anyone hear me?' }, 'MUTED');
      await s.witness.expectNone(inRoom('room_message', s.roomId));
    },
    async untouched(s) {
      await s.target.expectNone(refusal('MUTED', s.roomId));
      const id = await say(s.target, s.roomId, 'still talking');
      await expect(s.witness.next(inRoom('room_message', s.roomId))).resolves.toMatchObject({ id, content: 'still talking' });
    },
  },
  unmute_user: {
    permission: 'MuteUsers',
    allowed: ['owner', 'admin', 'moderator'],
    async prepare(s) {
      await ok(s.owner, { type: 'mute_user', room_id: s.roomId, user_id: s.targetId });
      await s.target.next(refusal('MUTED', s.roomId));
      return {};
    },
    async took(s, reply) {
      expect(reply.data).toEqual({ room_id: s.roomId, user_id: s.targetId });
      const id = await say(s.target, s.roomId, 'back again');
      await expect(s.witness.next(inRoom('room_message', s.roomId))).resolves.toMatchObject({ id, content: 'back again' });
    },
    async untouched(s) {
      await refused(s.target, { type: 'room_message', room_id: s.roomId, content: 'still muted?' }, 'MUTED');
      await s.witness.expectNone(inRoom('room_message', s.roomId));
    },
  },
  delete_message: {
    permission: 'DeleteMessages',
    allowed: ['owner', 'admin', 'moderator'],
    async prepare(s) {
      const messageId = await say(s.target, s.roomId, 'delete me?');
      await s.witness.next(inRoom('room_message', s.roomId, { id: messageId }));
      return { message_id: messageId };
    },
    async took(s, reply) {
      const deleted = { type: 'message_deleted', room_id: s.roomId, message_id: reply.data.message_id };
      expect(reply.data).toEqual({ room_id: s.roomId, message_id: expect.any(String) });
      await expect(s.witness.next(inRoom('message_deleted', s.roomId))).resolves.toEqual(deleted);
      await expect(s.target.next(inRoom('message_deleted', s.roomId))).resolves.toEqual(deleted);
    },
    async untouched(s) {
      await s.witness.expectNone(inRoom('message_deleted', s.roomId));
    },
  },
};

describe('the permission matrix of PROTOCOL.md §5, role × moderation action', () => {
  const suite = moderationSuite();

  async function scene(): Promise<Scene> {
    const cast = await castRoom(suite);
    const targetId = uniqueId('target');
    const target = await suite.user(targetId);
    const witness = await suite.user(uniqueId('witness'));
    await joinRoom(target, cast.roomId);
    await joinRoom(witness, cast.roomId);
    return { ...cast, target, targetId, witness };
  }

  const cases = Object.entries(ACTIONS).flatMap(([type, action]) =>
    ACTORS.map(([actor, roleName]) => ({ type, action, actor, roleName, allowed: action.allowed.includes(actor) })),
  );

  it.each(cases)('$roleName $type: allowed = $allowed', async ({ type, action, actor, roleName, allowed }) => {
    const s = await scene();
    const fields = { ...action.fields, ...(await action.prepare?.(s)) };
    const request = { type, room_id: s.roomId, ...(type === 'delete_message' ? {} : { user_id: s.targetId }), ...fields };
    const reply = await s[actor].request(request);
    if (allowed) {
      expect(reply).toMatchObject({ type: 'success', request_id: expect.any(String) });
      await action.took(s, reply);
    } else {
      expect(reply).toMatchObject({ type: 'error', code: 'FORBIDDEN', request_id: expect.any(String) });
      expect(reply.message).toContain(`(${roleName})`);
      expect(reply.message).toContain(action.permission);
      await action.untouched(s);
    }
  });
});

describe('room creation rights (global CreateRooms)', () => {
  describe('by default', () => {
    const suite = moderationSuite();

    it.each([
      ['owner', true],
      ['admin', true],
      ['member', true],
      ['moderator', false],
    ])('a global %s may create rooms: %s', async (role, allowed) => {
      const client = await suite.user(uniqueId(role), { role });
      const reply = await client.request({ type: 'create_room', name: 'Made by role' });
      if (allowed) expect(reply).toMatchObject({ type: 'success', data: { room_id: expect.any(String) } });
      else expect(reply).toMatchObject({ type: 'error', code: 'FORBIDDEN', message: expect.stringContaining('CreateRooms') });
    });

    it('an anonymous guest may not create rooms', async () => {
      const { client } = await suite.guest();
      const reply = await refused(client, { type: 'create_room', name: 'Guest room' }, 'FORBIDDEN');
      expect(reply.message).toContain('(Guest)');
    });
  });

  describe('with RUSTY_SOCKS_MEMBERS_CAN_CREATE_ROOMS=false', () => {
    const suite = moderationSuite({ RUSTY_SOCKS_MEMBERS_CAN_CREATE_ROOMS: 'false' });

    it('refuses plain Members and still lets Admins create rooms', async () => {
      const member = await suite.user(uniqueId('member'));
      const admin = await suite.user(uniqueId('admin'), { role: 'admin' });
      const reply = await refused(member, { type: 'create_room', name: 'Members room' }, 'FORBIDDEN');
      expect(reply.message).toContain('(Member) does not have the CreateRooms permission');
      await ok(admin, { type: 'create_room', name: 'Admins room' });
    });
  });
});
