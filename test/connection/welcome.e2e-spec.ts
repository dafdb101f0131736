import type { Socket } from 'node:net';
import { serverForSuite, userUrl, UUID } from '../support';

type WriteGeneric = (writev: boolean, data: unknown, encoding: string, cb: unknown) => unknown;

describe('welcome and default room', () => {
  const { server, clients } = serverForSuite();

  it('greets an authenticated user with the connected frame first', async () => {
    const { client, welcome } = await clients.connectWelcomed(userUrl(server.wsUrl, { sub: 'alice', username: 'Alice', role: 'ADMIN' }));
    expect(client.frames[0]).toBe(welcome);
    expect(welcome).toEqual({
      type: 'connected',
      client_id: 'alice',
      connection_id: expect.stringMatching(UUID),
      authenticated: true,
      username: 'Alice',
      global_role: 'Admin',
    });
  });

  it('sends the 101 response and the welcome frame in one write to the socket', async () => {
    // Every chunk the next accepted TCP socket hands to the OS, call by call (`_writeGeneric` is where
    // both `write` and `writev` of a net.Socket end up).
    const calls: string[] = [];
    server.app.getHttpServer().once('connection', (socket: Socket) => {
      const target = socket as unknown as { _writeGeneric: WriteGeneric };
      const original = target._writeGeneric;
      if (typeof original !== 'function') throw new Error('net.Socket#_writeGeneric is gone: this spec needs another way to see writes');
      target._writeGeneric = function (writev, data, encoding, cb) {
        const chunks = writev ? (data as { chunk: Buffer | string }[]).map((c) => c.chunk) : [data as Buffer | string];
        calls.push(chunks.map((c) => (typeof c === 'string' ? c : c.toString('latin1'))).join(''));
        return original.call(this, writev, data, encoding, cb);
      };
    });
    await clients.connectWelcomed(userUrl(server.wsUrl, { sub: 'carol' }));
    expect(calls[0]).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n[\s\S]*\r\n\r\n\x81[\s\S]{1,9}\{"type":"connected","client_id":"carol"/);
  });

  it('joins every connection to the default room, where the others see it arrive', async () => {
    const { client: alice } = await clients.connectWelcomed(userUrl(server.wsUrl, { sub: 'alice' }));
    const { client: bob } = await clients.connectWelcomed(userUrl(server.wsUrl, { sub: 'bob' }));
    await expect(alice.next('user_joined')).resolves.toEqual({ type: 'user_joined', room_id: 'general', user_id: 'bob', username: 'bob' });
    bob.send({ type: 'room_message', room_id: 'general', content: 'hi' });
    await expect(alice.next('room_message')).resolves.toMatchObject({ room_id: 'general', sender_id: 'bob', content: 'hi' });
  });
});
