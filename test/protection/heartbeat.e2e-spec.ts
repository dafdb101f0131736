import { CloseCode } from '../../src/common/close-code';
import { expectAlive, getStats, inRoom, serverForSuite, statsUntil, stillOpenAfter, userUrl, within } from '../support';

/**
 * Heartbeats and idle cleanup (RUSTY_SOCKS_PING=1, RUSTY_SOCKS_TIMEOUT=2): the server pings, and a
 * connection that shows no sign of life for the timeout is closed with 4408 and all it held is released.
 */
describe('heartbeats and idle cleanup', () => {
  const { server, clients } = serverForSuite({ RUSTY_SOCKS_PING: '1', RUSTY_SOCKS_TIMEOUT: '2' });

  it('closes a connection that answers no ping with 4408 and releases its rooms, presence and counters', async () => {
    const watcher = await clients.asReady('watcher');
    const before = await getStats(server.httpUrl);
    // autoPong off: this client receives pings and never answers them, like a vanished peer.
    const { client: silent } = await clients.connectWelcomed(userUrl(server.wsUrl, { sub: 'silent' }), { autoPong: false });
    await watcher.next(inRoom('user_joined', 'general', { user_id: 'silent' }));
    const pinged = new Promise<void>((resolve) => silent.socket.once('ping', () => resolve()));
    await within(pinged, 3000, 'a server ping');
    const { code } = await within(silent.closed, 5000, 'the idle close');
    expect(code).toBe(CloseCode.IdleTimeout);
    await expect(watcher.next(inRoom('user_left', 'general', { user_id: 'silent' }))).resolves.toMatchObject({ reason: 'disconnected' });
    await statsUntil(server.httpUrl, (s) => s.connections.current === before.connections.current, 'the idle connection to be released');
    await expectAlive(watcher);
  });

  it('keeps a quiet client that answers pings open past the timeout', async () => {
    const quiet = await clients.asReady('quiet');
    // Proving an absence: the client stays open for twice the idle timeout while sending nothing.
    await expect(stillOpenAfter(quiet, 4000)).resolves.toBe('open');
    await expectAlive(quiet);
  });
});
