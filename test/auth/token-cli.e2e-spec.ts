import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { bearer, serverPerTest, TEST_SECRET } from '../support';

const PROJECT_ROOT = resolve(__dirname, '../..');

/** Runs `npm run -s token -- <args>` in the project (it builds first) with only the given RUSTY_SOCKS_* variables. */
function runTokenCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('RUSTY_SOCKS_') && k !== 'NODE_ENV'));
  return new Promise((done, fail) => {
    const child = spawn('npm', ['run', '-s', 'token', '--', ...args], { cwd: PROJECT_ROOT, env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

function payloadOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

/** The README's token command (`npm run token`). Both tests build the project first, hence the long timeouts. */
describe('auth: the token CLI', () => {
  const { server, clients, start } = serverPerTest();

  it('prints a token that a server with the same secret accepts as that user and role', async () => {
    const { code, stdout, stderr } = await runTokenCli(['--sub', 'alice', '--role', 'admin'], { RUSTY_SOCKS_JWT_SECRET: TEST_SECRET });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const token = stdout.trim();
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(payloadOf(token)).toMatchObject({ sub: 'alice', role: expect.stringMatching(/^admin$/i), exp: expect.any(Number) });

    await start();
    const { welcome } = await clients.connectWelcomed(server.wsUrl, bearer(token));
    expect(welcome).toMatchObject({ type: 'connected', client_id: 'alice', authenticated: true, username: 'alice', global_role: 'Admin' });
  }, 120_000);

  it('exits non-zero with a usage line and prints no token when --sub is missing', async () => {
    const { code, stdout, stderr } = await runTokenCli(['--role', 'admin'], { RUSTY_SOCKS_JWT_SECRET: TEST_SECRET });
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(stdout.trim()).toBe('');
    expect(stderr).toMatch(/usage: .*--sub/i);
  }, 120_000);
});
