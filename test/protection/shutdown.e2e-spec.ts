import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CloseCode } from '../../src/common/close-code';
import { Clients, connectWelcomed, pollUntil, refusedUpgrade, serverPerTest, TEST_SECRET, userUrl, within } from '../support';

const ROOT = join(__dirname, '..', '..');

/**
 * Graceful shutdown (PROTOCOL.md §2.1, §6): the server stops admitting (503), turns
 * `/health/ready` to 503, closes every connection with 1001 so clients reconnect elsewhere, drains
 * the worker pool, and — as a process — exits 0 on SIGTERM within a bounded time.
 */
describe('graceful shutdown', () => {
  describe('in process', () => {
    const { clients, start } = serverPerTest();

    it('closes every connection with 1001, refusing new ones and reporting not ready while it drains', async () => {
      const server = await start({ RUSTY_SOCKS_SHUTDOWN_GRACE: '5' });
      const alice = await clients.asReady('alice');
      const bob = await clients.asReady('bob');
      // A client that does not read holds the drain open (until it reads or the grace ends), which
      // leaves time to look at the server while it drains.
      const slow = await clients.asReady('slow');
      slow.socket.pause();

      const closing = server.app.close();
      const [a, b] = await Promise.all([within(alice.closed, 5000, 'alice closed'), within(bob.closed, 5000, 'bob closed')]);
      expect([a.code, b.code]).toEqual([CloseCode.GoingAway, CloseCode.GoingAway]);

      const ready = await fetch(`${server.httpUrl}/health/ready`);
      expect(ready.status).toBe(503);
      const refusal = await refusedUpgrade(userUrl(server.wsUrl, { sub: 'latecomer' }));
      expect(refusal).toMatchObject({ status: 503, body: { error: expect.stringContaining('shutting down') } });

      slow.socket.resume();
      expect((await within(slow.closed, 5000, 'the slow client closed')).code).toBe(CloseCode.GoingAway);
      await within(closing, 10000, 'the shutdown to finish');
    });
  });

  describe('as a process', () => {
    const clients = new Clients();
    let child: ChildProcess | undefined;
    afterEach(async () => {
      await clients.closeAll();
      if (child && child.exitCode === null) child.kill('SIGKILL');
    });

    it('exits 0 on SIGTERM after closing its clients with 1001', async () => {
      const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, encoding: 'utf8' });
      expect(build.status).toBe(0);
      child = spawn(process.execPath, ['dist/main.js'], {
        cwd: ROOT,
        env: { ...process.env, RUSTY_SOCKS_HOST: '127.0.0.1', RUSTY_SOCKS_PORT: '0', RUSTY_SOCKS_JWT_SECRET: TEST_SECRET },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout!.on('data', (chunk) => (output += chunk));
      child.stderr!.on('data', (chunk) => (output += chunk));
      const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
      const port = await pollUntil(async () => /Listening on ws:\/\/127\.0\.0\.1:(\d+)\/ws/.exec(output)?.[1], (p) => p !== undefined, 'the server to listen', 20000);
      const { client } = await connectWelcomed(userUrl(`ws://127.0.0.1:${port}/ws`, { sub: 'alice' }));
      clients.track(client);

      child.kill('SIGTERM');
      expect((await within(client.closed, 10000, 'the client to be closed')).code).toBe(CloseCode.GoingAway);
      expect(await within(exited, 15000, 'the process to exit')).toBe(0);
      expect(output).toContain('SIGTERM received: draining');
    }, 120_000);
  });
});
