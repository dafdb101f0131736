import { detailFields, expectAlive, nextError, ROOM_ID, serverForSuite, TestClient } from '../support';

/**
 * Every error the frame path can answer (PROTOCOL.md §1, §3, §6): each is the exact code, and the
 * connection keeps working afterwards.
 */
describe('bad input on the frame path', () => {
  const { clients } = serverForSuite({ RUSTY_SOCKS_MAX_CONN_PER_IP: '1000' });
  let client: TestClient;
  let users = 0;

  beforeEach(async () => (client = await clients.asReady(`frames-${++users}`)));

  describe('INVALID_JSON', () => {
    it.each([
      ['text that is not JSON', 'hello there'],
      ['truncated JSON', '{"type":"ping"'],
      ['a JSON array', '[{"type":"ping"}]'],
      ['a JSON number', '42'],
      ['JSON null', 'null'],
      ['a JSON string', '"ping"'],
    ])('answers %s with INVALID_JSON and stays open', async (_what, raw) => {
      client.send(raw);
      const error = await nextError(client);
      expect(error).toEqual({ type: 'error', code: 'INVALID_JSON', message: expect.any(String) });
      await expectAlive(client);
    });
  });

  describe('UNKNOWN_TYPE', () => {
    it('answers a type not in the protocol with UNKNOWN_TYPE echoing request_id', async () => {
      const error = await client.request({ type: 'teleport', room_id: 'general' });
      expect(error).toEqual({ type: 'error', code: 'UNKNOWN_TYPE', message: expect.any(String), request_id: expect.stringMatching(/^req-/) });
      await expectAlive(client);
    });

    it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', ''])('treats type %j as unknown', async (type) => {
      const error = await client.request({ type });
      expect(error).toMatchObject({ type: 'error', code: 'UNKNOWN_TYPE' });
      await expectAlive(client);
    });
  });

  describe('INVALID_PAYLOAD', () => {
    it('names a missing field in details', async () => {
      const error = await client.request({ type: 'join_room' });
      expect(error).toMatchObject({ type: 'error', code: 'INVALID_PAYLOAD', request_id: expect.any(String) });
      expect(detailFields(error)).toEqual(['room_id']);
      expect(error.details[0].message).toEqual(expect.any(String));
      await expectAlive(client);
    });

    it('names a field of the wrong type in details', async () => {
      const error = await client.request({ type: 'join_room', room_id: 42 });
      expect(error).toMatchObject({ type: 'error', code: 'INVALID_PAYLOAD' });
      expect(detailFields(error)).toEqual(['room_id']);
      await expectAlive(client);
    });

    it('names a room_message without content', async () => {
      const error = await client.request({ type: 'room_message', room_id: 'general' });
      expect(error).toMatchObject({ type: 'error', code: 'INVALID_PAYLOAD' });
      expect(detailFields(error)).toEqual(['content']);
      await expectAlive(client);
    });

    it('names content that is not a string', async () => {
      const error = await client.request({ type: 'room_message', room_id: 'general', content: { text: 'hi' } });
      expect(error).toMatchObject({ type: 'error', code: 'INVALID_PAYLOAD' });
      expect(detailFields(error)).toEqual(['content']);
      await expectAlive(client);
    });

    it.each([0, 1001, 2.5, '10'])('refuses create_room with max_members %j', async (max_members) => {
      const error = await client.request({ type: 'create_room', name: 'Sized room', max_members });
      expect(error).toMatchObject({ type: 'error', code: 'INVALID_PAYLOAD' });
      expect(detailFields(error)).toEqual(['max_members']);
      await expectAlive(client);
    });

    it.each([
      ['a negative offset', { offset: -1, epoch: 'e' }],
      ['a missing epoch', { offset: 0 }],
      ['a string', '5'],
    ])('refuses join_room with since as %s, naming since', async (_what, since) => {
      const error = await client.request({ type: 'join_room', room_id: 'general', since });
      expect(error).toMatchObject({ type: 'error', code: 'INVALID_PAYLOAD' });
      expect(detailFields(error)).toEqual(['since']);
      await expectAlive(client);
    });

    it('names every offending field when there are several', async () => {
      const error = await client.request({ type: 'create_room', name: 7, is_private: 'yes', password: 12 });
      expect(error).toMatchObject({ type: 'error', code: 'INVALID_PAYLOAD' });
      expect(detailFields(error).sort()).toEqual(['is_private', 'name', 'password']);
      await expectAlive(client);
    });

    it.each([1, 1000])('accepts create_room with max_members %j (the bounds)', async (max_members) => {
      const reply = await client.request({ type: 'create_room', name: `Room of ${max_members}`, max_members });
      expect(reply).toMatchObject({ type: 'success', data: { room_id: expect.any(String), name: `Room of ${max_members}` } });
    });

    it.each([
      ['a number', 7],
      ['null', null],
      ['an object', { name: 'ping' }],
    ])('refuses a type that is %s, naming type', async (_what, type) => {
      const error = await client.request({ type });
      expect(error).toMatchObject({ type: 'error', code: 'INVALID_PAYLOAD', request_id: expect.any(String) });
      expect(detailFields(error)).toEqual(['type']);
      await expectAlive(client);
    });

    it('refuses a frame without type (and without content), naming type', async () => {
      const error = await client.request({ room_id: 'general' });
      expect(error).toMatchObject({ type: 'error', code: 'INVALID_PAYLOAD' });
      expect(detailFields(error)).toEqual(['type']);
      await expectAlive(client);
    });

    it.each([
      ['longer than 64 characters', 'r'.repeat(65)],
      ['a number', 12],
      ['an object', { id: 'x' }],
      ['an array', ['x']],
    ])('refuses a request_id that is %s and does not echo it', async (_what, request_id) => {
      client.send({ type: 'ping', request_id });
      const error = await nextError(client);
      expect(error).toEqual({ type: 'error', code: 'INVALID_PAYLOAD', message: expect.any(String), details: [{ field: 'request_id', message: expect.any(String) }] });
      expect(error).not.toHaveProperty('request_id');
      // The refused ping was not also answered.
      await client.expectNone('pong');
    });

    it('accepts a request_id of exactly 64 characters and echoes it', async () => {
      const request_id = 'q'.repeat(64);
      client.send({ type: 'ping', request_id });
      await expect(client.next('pong')).resolves.toMatchObject({ type: 'pong', request_id });
    });
  });

  describe('UNSUPPORTED_FRAME', () => {
    it('answers a binary frame with UNSUPPORTED_FRAME and stays open', async () => {
      client.send(Buffer.from(JSON.stringify({ type: 'ping', request_id: 'bin-1' })));
      const error = await nextError(client);
      expect(error).toEqual({ type: 'error', code: 'UNSUPPORTED_FRAME', message: expect.any(String) });
      await client.expectNone('pong');
      await expectAlive(client);
    });
  });

  describe('INVALID_ROOM_ID', () => {
    it.each([
      ['a space', 'bad room'],
      ['a slash', 'rooms/1'],
      ['an accented letter', 'général'],
      ['an emoji', 'room😀'],
      ['65 characters', 'a'.repeat(65)],
      ['nothing', ''],
    ])('refuses a room id with %s', async (_what, room_id) => {
      const error = await client.request({ type: 'join_room', room_id });
      expect(error).toEqual({ type: 'error', code: 'INVALID_ROOM_ID', message: expect.any(String), request_id: expect.any(String) });
      await expectAlive(client);
    });

    it.each(['leave_room', 'get_room_members', 'delete_room', 'room_message'])('applies the room id rule to %s', async (type) => {
      const error = await client.request({ type, room_id: 'no spaces allowed', content: 'hello' });
      expect(error).toMatchObject({ type: 'error', code: 'INVALID_ROOM_ID' });
      await expectAlive(client);
    });

    it('accepts a well-formed id of 64 characters (the room just does not exist)', async () => {
      const error = await client.request({ type: 'join_room', room_id: `A-z_0.${'9'.repeat(58)}` });
      expect(error).toMatchObject({ type: 'error', code: 'ROOM_NOT_FOUND' });
    });
  });

  describe('INVALID_NAME', () => {
    it.each([
      ['1 character after trimming', '   a   '],
      ['only spaces', '     '],
      ['51 characters', 'n'.repeat(25) + ' ' + 'm'.repeat(25)],
      ['a control character', 'bell\u0007room'],
      ['a bidi override', 'evil\u202Eroom'],
      ['a zero-width space', 'zero\u200Bwidth'],
    ])('refuses a room name with %s', async (_what, name) => {
      const error = await client.request({ type: 'create_room', name });
      expect(error).toEqual({ type: 'error', code: 'INVALID_NAME', message: expect.any(String), request_id: expect.any(String) });
      await expectAlive(client);
    });

    it.each([
      ['2 characters after trimming', '  ab  ', 'ab'],
      ['50 characters', 'x'.repeat(5).padEnd(50, 'yz'), 'x'.repeat(5).padEnd(50, 'yz')],
    ])('accepts a room name of %s', async (_what, name, stored) => {
      const reply = await client.request({ type: 'create_room', name });
      expect(reply).toMatchObject({ type: 'success', data: { room_id: expect.stringMatching(ROOM_ID), name: stored } });
    });
  });

  describe('request_id on errors', () => {
    it.each([
      ['INVALID_PAYLOAD', 'a missing field', { type: 'join_room' }],
      ['INVALID_PAYLOAD', 'a type that is not a string', { type: 42 }],
      ['INVALID_ROOM_ID', 'a bad room id', { type: 'join_room', room_id: 'x y' }],
      ['INVALID_NAME', 'a bad room name', { type: 'create_room', name: 'x' }],
      ['ROOM_NOT_FOUND', 'joining a missing room', { type: 'join_room', room_id: 'nowhere' }],
      ['ROOM_NOT_FOUND', 'sending to a missing room', { type: 'room_message', room_id: 'nowhere', content: 'hi' }],
      ['INVALID_MESSAGE', 'empty content', { type: 'room_message', room_id: 'general', content: '   ' }],
      ['UNKNOWN_TYPE', 'an unknown type', { type: 'nope' }],
    ])('echoes a valid request_id on %s (%s)', async (code, _what, message) => {
      const request_id = `echo-${code}-${Math.random().toString(36).slice(2, 8)}`;
      client.send({ ...message, request_id });
      const error = await nextError(client);
      expect(error).toMatchObject({ type: 'error', code, request_id });
      await expectAlive(client);
    });

    it('sends no request_id on an error to a message that had none', async () => {
      client.send({ type: 'join_room', room_id: 'x y' });
      const error = await nextError(client);
      expect(error.code).toBe('INVALID_ROOM_ID');
      expect(error).not.toHaveProperty('request_id');
    });
  });

  describe('prototype keys', () => {
    afterEach(() => {
      // The server runs in this process: a polluted prototype would show here too.
      expect(({} as Record<string, unknown>).is_private).toBeUndefined();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(({} as Record<string, unknown>).request_id).toBeUndefined();
    });

    it('ignores "__proto__" and "constructor" keys in a create_room', async () => {
      client.send(
        '{"type":"create_room","name":"Proto room","request_id":"proto-1",' +
          '"__proto__":{"is_private":true,"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
      );
      const reply = await client.next((f) => f.request_id === 'proto-1');
      if (reply.type === 'error') {
        expect(['INVALID_PAYLOAD']).toContain(reply.code);
      } else {
        expect(reply).toMatchObject({ type: 'success', data: { name: 'Proto room' } });
        const list = await client.request({ type: 'list_rooms' });
        const room = list.rooms.find((r: { id: string }) => r.id === reply.data.room_id);
        expect(room).toMatchObject({ is_private: false, requires_password: false });
      }
      await expectAlive(client);
    });

    it('does not take a request_id or type from "__proto__"', async () => {
      client.send('{"__proto__":{"type":"ping","request_id":"from-proto"}}');
      const error = await nextError(client);
      expect(error).toMatchObject({ type: 'error', code: 'INVALID_PAYLOAD' });
      expect(error).not.toHaveProperty('request_id');
      await expectAlive(client);
    });

    it('survives "__proto__" and "constructor" on a room_message and a ping', async () => {
      client.send('{"type":"room_message","room_id":"general","content":"proto hello","request_id":"proto-2","__proto__":{"room_id":"elsewhere"},"constructor":null}');
      const reply = await client.next((f) => f.request_id === 'proto-2');
      expect(['success', 'error']).toContain(reply.type);
      if (reply.type === 'error') expect(reply.code).toBe('INVALID_PAYLOAD');
      client.send('{"type":"ping","request_id":"proto-3","constructor":{"name":"Object"},"prototype":{}}');
      await expect(client.next((f) => f.request_id === 'proto-3')).resolves.toMatchObject({ type: 'pong' });
      await expectAlive(client);
    });
  });
});
