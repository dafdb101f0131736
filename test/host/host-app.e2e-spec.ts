import { Clients, expectAlive, TEST_SECRET, TestClient, uniqueId, userUrl } from '../support';
import { HostServer, startHostApp } from './host-app';

/**
 * Rusty Socks inside a host Nest app: a host module's own message types get the whole pipeline
 * (`@RustySocksMessage`), and the host talks to clients through `RustySocksService` and listens to
 * `RustySocksEvents`.
 */
describe('Rusty Socks as a library in a host app', () => {
  let server: HostServer;
  const clients = new Clients(() => server);

  beforeAll(async () => {
    server = await startHostApp(TEST_SECRET);
  });
  afterEach(() => clients.closeAll());
  afterAll(() => server.close());

  const post = (path: string, body: unknown = {}): Promise<Response> =>
    fetch(`${server.httpUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  async function createRoom(owner: TestClient): Promise<string> {
    const reply = await owner.request({ type: 'create_room', name: uniqueId('board') });
    expect(reply.type).toBe('success');
    return reply.data.room_id as string;
  }

  describe('a host message type', () => {
    it('runs the host handler and answers with the request_id', async () => {
      const sub = uniqueId('player');
      const player = await clients.asReady(sub);
      await expect(player.request({ type: 'game_move', room_id: 'general', x: 3, y: 4 })).resolves.toEqual({
        type: 'game_moved',
        room_id: 'general',
        x: 3,
        y: 4,
        by: sub,
        request_id: expect.any(String),
      });
    });

    it('validates the host DTO: INVALID_PAYLOAD with details naming the fields', async () => {
      const player = await clients.asReady(uniqueId('player'));
      const reply = await player.request({ type: 'game_move', room_id: 'general', x: 'three', y: 99 });
      expect(reply).toMatchObject({ type: 'error', code: 'INVALID_PAYLOAD' });
      expect(reply.details.map((d: { field: string }) => d.field).sort()).toEqual(['x', 'y']);
    });

    it('checks the permission in the room: FORBIDDEN for a Member, allowed for the room Owner', async () => {
      const owner = await clients.asReady(uniqueId('owner'));
      const roomId = await createRoom(owner);
      const member = await clients.asReady(uniqueId('member'));
      expect((await member.request({ type: 'join_room', room_id: roomId })).type).toBe('success');

      await expect(member.request({ type: 'game_reset', room_id: roomId })).resolves.toMatchObject({ type: 'error', code: 'FORBIDDEN' });
      await expect(owner.request({ type: 'game_reset', room_id: roomId })).resolves.toEqual({ type: 'game_reset_done', room_id: roomId, request_id: expect.any(String) });
    });

    it('refuses a room the sender cannot see with ROOM_NOT_FOUND', async () => {
      const player = await clients.asReady(uniqueId('player'));
      await expect(player.request({ type: 'game_move', room_id: 'no-such-room', x: 1, y: 1 })).resolves.toMatchObject({ type: 'error', code: 'ROOM_NOT_FOUND' });
    });

    it('refuses an unauthenticated client before any handler runs (AUTH_FAILED, 4401)', async () => {
      const client = await clients.connect(userUrl(server.wsUrl, { sub: uniqueId('forger') }, { secret: 'another-secret-of-at-least-thirty-two-chars' }));
      client.send({ type: 'game_move', room_id: 'general', x: 1, y: 1, request_id: 'r1' });
      await expect(client.closed).resolves.toMatchObject({ code: 4401 });
      expect(client.frames).toEqual([{ type: 'error', code: 'AUTH_FAILED', message: 'Authentication failed' }]);
    });

    it('draws on the rate-limit budget it names (chat)', async () => {
      const player = await clients.asReady(uniqueId('spammer'));
      let limited: Record<string, unknown> | undefined;
      for (let i = 0; i < 200 && limited === undefined; i++) {
        const reply = await player.request({ type: 'game_move', room_id: 'general', x: 1, y: 1 });
        if (reply.type === 'error') limited = reply;
      }
      expect(limited).toMatchObject({ code: 'RATE_LIMITED', retry_after_ms: expect.any(Number) });
    });

    it('still answers UNKNOWN_TYPE for a type nobody handles', async () => {
      const player = await clients.asReady(uniqueId('player'));
      await expect(player.request({ type: 'game_undo', room_id: 'general' })).resolves.toMatchObject({ type: 'error', code: 'UNKNOWN_TYPE' });
    });
  });

  describe('RustySocksService from an HTTP controller', () => {
    it('sends an escaped system_message to every member of a room', async () => {
      const owner = await clients.asReady(uniqueId('owner'));
      const roomId = await createRoom(owner);
      const member = await clients.asReady(uniqueId('member'));
      await member.request({ type: 'join_room', room_id: roomId });

      expect((await post(`/game/rooms/${roomId}/announce`, { text: 'Round 2 <starts>' })).status).toBe(204);
      for (const client of [owner, member]) {
        await expect(client.next((f) => f.type === 'system_message' && f.room_id === roomId)).resolves.toEqual({
          type: 'system_message',
          room_id: roomId,
          content: 'Round 2 &lt;starts&gt;',
          timestamp: expect.any(String),
        });
      }
    });

    it('sends to every connection of a user, and to one connection by id', async () => {
      const sub = uniqueId('user');
      const first = await clients.connectWelcomed(userUrl(server.wsUrl, { sub }));
      const second = await clients.connectWelcomed(userUrl(server.wsUrl, { sub }));

      await expect((await post(`/game/users/${sub}/notify`, { n: 1 })).json()).resolves.toEqual({ delivered: 2 });
      await first.client.next((f) => f.type === 'game_notice' && f.n === 1);
      await second.client.next((f) => f.type === 'game_notice' && f.n === 1);

      await expect((await post(`/game/connections/${second.welcome.connection_id}/notify`, { n: 2 })).json()).resolves.toEqual({ delivered: true });
      await second.client.next((f) => f.type === 'game_notice' && f.n === 2);
      await first.client.expectNone((f) => f.type === 'game_notice' && f.n === 2);
      await expect((await post('/game/connections/nope/notify', { n: 3 })).json()).resolves.toEqual({ delivered: false });
    });

    it('kicks a user as the server: KICKED to them, user_left "kicked" to the room, gone from presence', async () => {
      const owner = await clients.asReady(uniqueId('owner'));
      const roomId = await createRoom(owner);
      const sub = uniqueId('member');
      const member = await clients.asReady(sub);
      await member.request({ type: 'join_room', room_id: roomId });
      const before = (await (await fetch(`${server.httpUrl}/game/rooms/${roomId}/presence`)).json()) as { id: string }[];
      expect(before.map((m) => m.id)).toContain(sub);

      expect((await post(`/game/rooms/${roomId}/kick/${sub}`)).status).toBe(204);
      await member.next((f) => f.type === 'error' && f.code === 'KICKED' && f.room_id === roomId);
      await expect(owner.next((f) => f.type === 'user_left' && f.room_id === roomId)).resolves.toMatchObject({ user_id: sub, reason: 'kicked' });
      const after = (await (await fetch(`${server.httpUrl}/game/rooms/${roomId}/presence`)).json()) as { id: string }[];
      expect(after.map((m) => m.id)).not.toContain(sub);
      expect(server.log.moderation).toContainEqual(expect.objectContaining({ action: 'kick', actor: 'rusty-socks:system', target: sub, room: roomId }));
    });

    it('bans a user as the server: they leave with "banned" and cannot join again', async () => {
      const owner = await clients.asReady(uniqueId('owner'));
      const roomId = await createRoom(owner);
      const sub = uniqueId('member');
      const member = await clients.asReady(sub);
      await member.request({ type: 'join_room', room_id: roomId });

      await expect((await post(`/game/rooms/${roomId}/ban/${sub}`)).json()).resolves.toMatchObject({ room_id: roomId, user_id: sub, until: expect.any(String) });
      await expect(owner.next((f) => f.type === 'user_left' && f.room_id === roomId)).resolves.toMatchObject({ user_id: sub, reason: 'banned' });
      await expect(member.request({ type: 'join_room', room_id: roomId })).resolves.toMatchObject({ type: 'error', code: 'BANNED' });
    });
  });

  describe('RustySocksEvents in a host provider', () => {
    it('hears room.joined and message.sent', async () => {
      const owner = await clients.asReady(uniqueId('owner'));
      const roomId = await createRoom(owner);
      const sub = uniqueId('member');
      const member = await clients.asReady(sub);
      await member.request({ type: 'join_room', room_id: roomId });
      expect(server.log.joins).toContainEqual(expect.objectContaining({ roomId, userId: sub, firstForUser: true, connectionId: expect.any(String) }));

      const ack = await member.request({ type: 'room_message', room_id: roomId, content: 'gg <3' });
      expect(ack.type).toBe('success');
      expect(server.log.messages).toContainEqual({
        roomId,
        connectionId: expect.any(String),
        message: expect.objectContaining({ id: ack.data.id, sender_id: sub, content: 'gg &lt;3' }),
      });
      await expectAlive(owner);
    });

    it('hears message.sent for a private message too: roomId null, the target and the delivered frame', async () => {
      const senderId = uniqueId('sender');
      const targetId = uniqueId('target');
      const sender = await clients.asReady(senderId);
      const target = await clients.asReady(targetId);

      const ack = await sender.request({ type: 'private_message', target_user_id: targetId, content: 'psst <b>' });
      expect(ack.type).toBe('success');
      const delivered = await target.next('private_message');
      expect(server.log.messages).toContainEqual({ roomId: null, targetUserId: targetId, connectionId: expect.any(String), message: delivered });
      expect(delivered).toMatchObject({ id: ack.data.id, sender_id: senderId, content: 'psst &lt;b&gt;' });
    });

    it('hears no message.sent for a private message that was refused', async () => {
      const sender = await clients.asReady(uniqueId('sender'));
      const nobody = uniqueId('offline');
      await expect(sender.request({ type: 'private_message', target_user_id: nobody, content: 'hello?' })).resolves.toMatchObject({ type: 'error', code: 'USER_NOT_FOUND' });
      expect(server.log.messages.filter((e) => e.roomId === null && e.targetUserId === nobody)).toEqual([]);
    });
  });

  describe('RustySocksService refusals in a host controller', () => {
    it('answer with the HTTP status of their code and the code in the body', async () => {
      const missingRoom = await post('/game/rooms/no-such-room/announce', { text: 'hi' });
      expect(missingRoom.status).toBe(404);
      await expect(missingRoom.json()).resolves.toEqual({ statusCode: 404, code: 'ROOM_NOT_FOUND', message: expect.any(String) });

      const missingUser = await post(`/game/rooms/general/kick/${uniqueId('nobody')}`);
      expect(missingUser.status).toBe(404);
      await expect(missingUser.json()).resolves.toMatchObject({ statusCode: 404, code: 'USER_NOT_FOUND' });
    });
  });
});
