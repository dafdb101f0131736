import { ClientOptions } from 'ws';
import { expectAuthFailed, serverForSuite, signToken, TestServer, UUID } from '../support';

/** The four places a client can put its token (PROTOCOL.md §2.2), in precedence order. */
type TokenSource = 'authorization' | 'subprotocol' | 'x-auth-token' | 'query';
const TOKEN_SOURCES: TokenSource[] = ['authorization', 'subprotocol', 'x-auth-token', 'query'];

/** The URL and client options that carry each given token in its source. */
function carrying(server: TestServer, tokens: Partial<Record<TokenSource, string>>): { url: string; options: ClientOptions & { protocols?: string[]; headers: Record<string, string> } } {
  const headers: Record<string, string> = {};
  const protocols: string[] = [];
  let url = server.wsUrl;
  if (tokens.authorization !== undefined) headers.Authorization = `Bearer ${tokens.authorization}`;
  if (tokens.subprotocol !== undefined) protocols.push(`bearer.${tokens.subprotocol}`);
  if (tokens['x-auth-token'] !== undefined) headers['X-Auth-Token'] = tokens['x-auth-token'];
  if (tokens.query !== undefined) url += `?token=${encodeURIComponent(tokens.query)}`;
  return { url, options: { headers, ...(protocols.length > 0 && { protocols }) } };
}

/** PROTOCOL.md §2.2: where the token may be, and which one counts when there are several. */
describe('auth: token sources', () => {
  const { server, clients } = serverForSuite({ RUSTY_SOCKS_MAX_CONN_PER_IP: '1000' });

  describe.each(TOKEN_SOURCES)('a valid token in %s', (source) => {
    it('authenticates the user it names', async () => {
      const { url, options } = carrying(server, { [source]: signToken({ sub: `user-${source}`, username: 'Via ' + source, role: 'moderator' }) });
      const { client, welcome } = await clients.connectWelcomed(url, options);
      expect(client.frames[0]).toBe(welcome);
      expect(welcome).toEqual({
        type: 'connected',
        client_id: `user-${source}`,
        connection_id: expect.stringMatching(UUID),
        authenticated: true,
        username: 'Via ' + source,
        global_role: 'Moderator',
      });
    });

    it('is refused with AUTH_FAILED + 4401 when it is forged', async () => {
      const forged = signToken({ sub: `user-${source}` }, { secret: 'some-other-secret-of-at-least-32-characters' });
      const { url, options } = carrying(server, { [source]: forged });
      await expectAuthFailed(await clients.connect(url, options));
    });
  });

  describe('the Sec-WebSocket-Protocol "bearer.<jwt>" entry', () => {
    it('is selected and echoed back by the server', async () => {
      const token = signToken({ sub: 'sp-user' });
      const { client, welcome } = await clients.connectWelcomed(server.wsUrl, { protocols: [`bearer.${token}`] });
      expect(client.socket.protocol).toBe(`bearer.${token}`);
      expect(welcome).toMatchObject({ type: 'connected', client_id: 'sp-user', authenticated: true });
    });

    it('lets a browser-like client (Origin, no custom headers, only the subprotocol) connect', async () => {
      const token = signToken({ sub: 'browser-user', role: 'admin' });
      const { client, welcome } = await clients.connectWelcomed(server.wsUrl, { protocols: [`bearer.${token}`], origin: 'http://localhost:5173' });
      expect(client.socket.protocol).toBe(`bearer.${token}`);
      expect(welcome).toMatchObject({ type: 'connected', client_id: 'browser-user', authenticated: true, global_role: 'Admin' });
      await expect(client.request({ type: 'ping' })).resolves.toMatchObject({ type: 'pong' });
    });

    it('is the entry selected when other subprotocols are offered too', async () => {
      const token = signToken({ sub: 'sp-mixed' });
      const { client, welcome } = await clients.connectWelcomed(server.wsUrl, { protocols: ['rusty-socks.v1', `bearer.${token}`] });
      expect(client.socket.protocol).toBe(`bearer.${token}`);
      expect(welcome).toMatchObject({ client_id: 'sp-mixed', authenticated: true });
    });
  });

  describe('source details', () => {
    it('accepts the Authorization scheme in any case ("bearer", "BEARER")', async () => {
      for (const scheme of ['bearer', 'BEARER']) {
        const { welcome } = await clients.connectWelcomed(server.wsUrl, { headers: { Authorization: `${scheme} ${signToken({ sub: `scheme-${scheme}` })}` } });
        expect(welcome).toMatchObject({ client_id: `scheme-${scheme}`, authenticated: true });
      }
    });

    it('finds ?token= among other query parameters', async () => {
      const { welcome } = await clients.connectWelcomed(`${server.wsUrl}?client=web&token=${signToken({ sub: 'query-mixed' })}&v=2`);
      expect(welcome).toMatchObject({ client_id: 'query-mixed', authenticated: true });
    });
  });

  describe('precedence: Authorization, then subprotocol, then X-Auth-Token, then ?token=', () => {
    const pairs: [TokenSource, TokenSource][] = [];
    for (let i = 0; i < TOKEN_SOURCES.length; i++) for (let j = i + 1; j < TOKEN_SOURCES.length; j++) pairs.push([TOKEN_SOURCES[i], TOKEN_SOURCES[j]]);

    it.each(pairs)('a valid token in %s beats a bad one in %s', async (first, later) => {
      const { url, options } = carrying(server, { [first]: signToken({ sub: `winner-${first}` }), [later]: 'not-a-valid-jwt' });
      const { welcome } = await clients.connectWelcomed(url, options);
      expect(welcome).toMatchObject({ type: 'connected', client_id: `winner-${first}`, authenticated: true });
    });

    it.each(pairs)('a bad token in %s fails even with a valid one in %s', async (first, later) => {
      const { url, options } = carrying(server, { [first]: 'not-a-valid-jwt', [later]: signToken({ sub: `loser-${later}` }) });
      await expectAuthFailed(await clients.connect(url, options));
    });

    it('with a valid token in all four places, the Authorization one names the user', async () => {
      const tokens = Object.fromEntries(TOKEN_SOURCES.map((s) => [s, signToken({ sub: `all-${s}` })]));
      const { url, options } = carrying(server, tokens);
      const { welcome } = await clients.connectWelcomed(url, options);
      expect(welcome).toMatchObject({ client_id: 'all-authorization', authenticated: true });
    });

    it('without Authorization, the subprotocol token beats X-Auth-Token and ?token=', async () => {
      const { url, options } = carrying(server, {
        subprotocol: signToken({ sub: 'sp-wins' }),
        'x-auth-token': signToken({ sub: 'header-loses' }),
        query: signToken({ sub: 'query-loses' }),
      });
      const { welcome } = await clients.connectWelcomed(url, options);
      expect(welcome).toMatchObject({ client_id: 'sp-wins' });
    });
  });

  describe('a present but empty token is bad, not anonymous', () => {
    it('an empty ?token= is refused', async () => {
      await expectAuthFailed(await clients.connect(`${server.wsUrl}?token=`));
    });

    it('an empty X-Auth-Token header is refused', async () => {
      await expectAuthFailed(await clients.connect(server.wsUrl, { headers: { 'X-Auth-Token': '' } }));
    });

    it('an Authorization header of just "Bearer " is refused', async () => {
      await expectAuthFailed(await clients.connect(server.wsUrl, { headers: { Authorization: 'Bearer ' } }));
    });
  });
});
