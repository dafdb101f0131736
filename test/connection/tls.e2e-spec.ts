import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { Clients, expectAlive, inRoom, signToken, startServer, testEnv, TestServer, uniqueId } from '../support';

/** A self-signed certificate for 127.0.0.1, for this spec only (its key protects nothing). */
const TLS_DIR = join(__dirname, '..', 'fixtures', 'tls');
const ca = readFileSync(join(TLS_DIR, 'cert.pem'));

/**
 * `RUSTY_SOCKS_ENABLE_TLS`: https and wss on the server's own port. The welcome leaves with the 101 in
 * one write and room frames are written to the socket as prepared bytes — both through TLS here.
 */
describe('TLS (wss)', () => {
  let server: TestServer;
  const clients = new Clients();
  let wssUrl: string;

  beforeAll(async () => {
    server = await startServer(testEnv({ RUSTY_SOCKS_ENABLE_TLS: 'true', RUSTY_SOCKS_TLS_CERT_PATH: join(TLS_DIR, 'cert.pem'), RUSTY_SOCKS_TLS_KEY_PATH: join(TLS_DIR, 'key.pem') }));
    wssUrl = `wss://127.0.0.1:${server.port}/ws`;
  });
  afterEach(() => clients.closeAll());
  afterAll(() => server.close());

  const asUser = async (sub: string) => {
    const { client, welcome } = await clients.connectWelcomed(`${wssUrl}?token=${signToken({ sub })}`, { ca });
    expect(welcome).toMatchObject({ type: 'connected', client_id: sub, authenticated: true });
    await expectAlive(client);
    return client;
  };

  it('welcomes a wss client and delivers room messages to the other members, in order', async () => {
    const alice = await asUser(uniqueId('alice'));
    const bob = await asUser(uniqueId('bob'));
    for (let i = 0; i < 20; i++) alice.send({ type: 'room_message', room_id: 'general', content: `over tls ${i}` });
    for (let i = 0; i < 20; i++) await expect(bob.next(inRoom('room_message', 'general'))).resolves.toMatchObject({ content: `over tls ${i}` });
  });

  it('answers /health over https', async () => {
    const body = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      request(`https://127.0.0.1:${server.port}/health`, { ca }, (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      })
        .on('error', reject)
        .end();
    });
    expect(body).toEqual({ status: 200, text: 'OK' });
  });
});
