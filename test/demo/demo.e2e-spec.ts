import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Locator, Page } from 'playwright-core';
import { serverForSuite, serverPerTest, signToken, startServer, TEST_SECRET, testEnv, TestServer } from '../support';

const ROOT = join(__dirname, '..', '..');
const CHROMIUM = '/usr/bin/chromium';
/**
 * As the machine notes say: without the background-networking flags Chromium keeps dialling Google's
 * hosts, which this closed network refuses. `launch` gives every run a new, empty profile directory.
 */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PRODUCTION = { NODE_ENV: 'production', RUSTY_SOCKS_JWT_SECRET: TEST_SECRET };

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`SKIPPING the browser demo tests of test/demo/demo.e2e-spec.ts: ${CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)`);
}
const describeInBrowser = hasChromium ? describe : describe.skip;

async function post(url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The claims of an HS256 token, after checking its signature against `secret`. */
function claimsOf(token: string, secret: string): Record<string, unknown> {
  const [head, body, signature] = token.split('.');
  expect(createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url')).toBe(signature);
  expect(JSON.parse(Buffer.from(head, 'base64url').toString())).toMatchObject({ alg: 'HS256' });
  return JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
}

describe('browser demo: HTTP routes in development (the default)', () => {
  const { server } = serverForSuite();

  it('serves the page at / and its files from the same origin', async () => {
    const page = await fetch(`${server.httpUrl}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    // helmet's strict defaults, which same-origin files satisfy, but no https-only upgrade: on plain http
    // from a LAN address the page would fetch its own scripts and socket over https and get nothing.
    const csp = page.headers.get('content-security-policy')!.split(';');
    expect(csp).toEqual(expect.arrayContaining(["default-src 'self'", "script-src 'self'", "script-src-attr 'none'", "object-src 'none'"]));
    expect(csp).not.toContain('upgrade-insecure-requests');
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/demo/assets/app.js"></script>');
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);

    for (const [path, type] of [
      ['/demo/assets/app.js', /^text\/javascript/],
      ['/demo/assets/demo.css', /^text\/css/],
    ] as const) {
      const res = await fetch(`${server.httpUrl}${path}`);
      expect([path, res.status, res.headers.get('content-type')]).toEqual([path, 200, expect.stringMatching(type)]);
    }
    expect(await (await fetch(`${server.httpUrl}/demo/config`)).json()).toEqual({ dev_tokens: true, default_rooms: ['general'] });
  });

  it('serves nothing outside the demo folders', async () => {
    for (const path of ['/demo/assets/..%2Fpackage.json', '/demo/assets/%2E%2E%2F%2E%2E%2Fpackage.json', '/demo/assets/missing.js', '/demo/sdk/..%2F..%2Fpackage.json', '/demo/assets/app.ts']) {
      expect([path, (await fetch(`${server.httpUrl}${path}`)).status]).toEqual([path, 404]);
    }
  });

  it('POST /dev/token signs a token with the server secret for the name and role asked', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { status, body } = await post(`${server.httpUrl}/dev/token`, { name: 'Ada Lovelace', role: 'moderator' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ user_id: 'Ada Lovelace', expires_in: 12 * 3600 });
    const claims = claimsOf(body.token as string, TEST_SECRET);
    expect(claims).toMatchObject({ sub: 'Ada Lovelace', username: 'Ada Lovelace', role: 'moderator' });
    expect(claims.exp).toBeGreaterThanOrEqual(before + 12 * 3600);
  });

  it.each([
    ['no body fields', {}, ['name', 'role']],
    ['an unknown role', { name: 'ada', role: 'superuser' }, ['role']],
    ['the guest role', { name: 'ada', role: 'guest' }, ['role']],
    ['a name too long', { name: 'a'.repeat(33), role: 'member' }, ['name']],
    ['a name with a bidi override', { name: 'ada\u202Enimda', role: 'member' }, ['name']],
    ['a name with leading spaces', { name: '  ada', role: 'member' }, ['name']],
    ['a name that is not a string', { name: 7, role: 'member' }, ['name']],
    ['an extra field', { name: 'ada', role: 'member', sub: 'someone-else' }, ['sub']],
    ['a JSON array', [], ['']],
  ])('POST /dev/token refuses %s with 400 naming the field', async (_, body, fields) => {
    const res = await post(`${server.httpUrl}/dev/token`, body);
    expect(res.status).toBe(400);
    expect((res.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual(fields);
    expect(res.body.token).toBeUndefined();
  });
});

describe('browser demo: HTTP routes when switched off, and in production', () => {
  const { start } = serverPerTest();

  it('RUSTY_SOCKS_DEMO=false in development removes the page and the token route', async () => {
    const server = await start({ RUSTY_SOCKS_DEMO: 'false' });
    expect((await fetch(`${server.httpUrl}/`)).status).toBe(404);
    expect((await post(`${server.httpUrl}/dev/token`, { name: 'ada', role: 'owner' })).status).toBe(404);
  });

  it('production has neither the page nor the token route by default', async () => {
    const server = await start(PRODUCTION);
    const page = await fetch(`${server.httpUrl}/`);
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain('<html');
    expect((await fetch(`${server.httpUrl}/demo/assets/app.js`)).status).toBe(404);
    const token = await post(`${server.httpUrl}/dev/token`, { name: 'mallory', role: 'owner' });
    expect(token.status).toBe(404);
    expect(token.body.token).toBeUndefined();
  });

  it('production with RUSTY_SOCKS_DEMO=true serves the page, still without a token route', async () => {
    const server = await start({ ...PRODUCTION, RUSTY_SOCKS_DEMO: 'true' });
    expect((await fetch(`${server.httpUrl}/`)).status).toBe(200);
    expect(await (await fetch(`${server.httpUrl}/demo/config`)).json()).toMatchObject({ dev_tokens: false });
    expect((await post(`${server.httpUrl}/dev/token`, { name: 'mallory', role: 'owner' })).status).toBe(404);
  });
});

describeInBrowser('browser demo in Chromium', () => {
  let browser: Browser;
  let server: TestServer;
  const pages: Page[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // Exactly what `npm run build` runs for the browser: tsc, then the `.js` specifiers.
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-browser-sdk.js')], { cwd: ROOT, stdio: 'pipe' });
    server = await startServer(testEnv({ RUSTY_SOCKS_PASSWORD_HASH_COST: '10' }));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 60_000);
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((p) => p.context().close()));
    expect(pageErrors.splice(0)).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A page of the demo in its own browser context (its own storage, like another person's browser). */
  async function openDemo(url = server.httpUrl): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    pages.push(page);
    page.setDefaultTimeout(5000);
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(`${url}/`);
    return page;
  }

  /** Logs in through the form and waits until the page is connected and lists the user in `general`. */
  async function logIn(name: string, role: 'member' | 'moderator' | 'admin' | 'owner'): Promise<Page> {
    const page = await openDemo();
    await page.fill('#login-name', name);
    await page.selectOption('#login-role', role);
    await page.click('#login-submit');
    await page.waitForSelector('#status[data-state=online]');
    await member(page, name).waitFor();
    return page;
  }

  const exactly = (text: string): RegExp => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const member = (page: Page, userId: string): Locator => page.locator(`#members li[data-user-id="${userId}"]`);
  const message = (page: Page, text: string): Locator => page.locator('#messages li.message').filter({ has: page.locator('.content', { hasText: exactly(text) }) });
  const room = (page: Page, name: string): Locator => page.locator('#rooms li').filter({ has: page.locator('.room-name', { hasText: exactly(name) }) });

  async function send(page: Page, text: string): Promise<void> {
    await page.fill('#composer-input', text);
    await page.press('#composer-input', 'Enter');
  }

  it('two people chat: each sees the other, by name, with the text exactly as typed', async () => {
    const ada = await logIn('Ada', 'admin');
    const bob = await logIn('Bob', 'member');
    await member(ada, 'Bob').waitFor();
    expect(await ada.textContent('#room-title')).toBe('general');

    await send(ada, 'hello from Ada');
    const received = message(bob, 'hello from Ada');
    await received.waitFor();
    expect(await received.locator('.sender').textContent()).toBe('Ada');
    // The sender's own copy comes from its ack, and the composer is cleared for the next message.
    await message(ada, 'hello from Ada').and(ada.locator('.own')).waitFor();
    expect(await ada.inputValue('#composer-input')).toBe('');

    // Relayed HTML-escaped, shown as the characters typed, never as markup.
    await send(bob, `<b>5 > 3 & "quotes" 'too'</b>`);
    await message(ada, `<b>5 > 3 & "quotes" 'too'</b>`).waitFor();
    expect(await ada.locator('#messages b').count()).toBe(0);
  });

  it('a password room: created by one, joined by the other only with the right password', async () => {
    const ada = await logIn('Ada2', 'admin');
    const bob = await logIn('Bob2', 'member');

    await ada.fill('#create-name', 'Secret plans');
    await ada.fill('#create-password', 'open sesame');
    await ada.click('#create-form button[type=submit]');
    await ada.locator('#room-title', { hasText: exactly('Secret plans') }).waitFor();
    expect(await ada.textContent('#room-role')).toBe('Owner');

    await bob.click('#rooms-refresh');
    await room(bob, 'Secret plans').locator('.tag.lock').waitFor();
    await room(bob, 'Secret plans').locator('button').click();
    await bob.fill('#join-password', 'wrong');
    await bob.click('#join-form button[type=submit]');
    await bob.locator('#notices li[data-code=WRONG_PASSWORD]').waitFor();
    expect(await bob.textContent('#room-title')).toBe('general');

    await bob.fill('#join-password', 'open sesame');
    await bob.click('#join-form button[type=submit]');
    await bob.locator('#room-title', { hasText: exactly('Secret plans') }).waitFor();
    await member(ada, 'Bob2').waitFor();
    await send(bob, 'in the secret room');
    await message(ada, 'in the secret room').waitFor();
  });

  it('an admin moderates a member: role, mute (a refused message with a notice), unmute, kick', async () => {
    const ada = await logIn('Ada3', 'admin');
    const bob = await logIn('Bob3', 'member');
    await ada.fill('#create-name', 'Moderated');
    await ada.click('#create-form button[type=submit]');
    await ada.locator('#room-title', { hasText: exactly('Moderated') }).waitFor();
    await bob.click('#rooms-refresh');
    await room(bob, 'Moderated').locator('button').click();
    await bob.locator('#room-title', { hasText: exactly('Moderated') }).waitFor();
    const bobRow = member(ada, 'Bob3');
    await bobRow.waitFor();

    await bobRow.locator('select[data-action=role]').selectOption('Moderator');
    await bob.locator('#messages li.event', { hasText: 'You are now Moderator' }).waitFor();
    expect(await bob.textContent('#room-role')).toBe('Moderator');
    await bobRow.locator('.role', { hasText: exactly('Moderator') }).waitFor();

    await bobRow.locator('button[data-action=mute]').click();
    await bob.locator('#messages li.notice[data-code=MUTED]', { hasText: 'You were muted here until' }).waitFor();
    await send(bob, 'can anyone hear me?');
    const refused = bob.locator('#messages li.notice[data-code=MUTED]', { hasText: /^Not sent: / });
    await refused.waitFor();
    expect(await message(bob, 'can anyone hear me?').count()).toBe(0);
    // The composer keeps the refused text so it can be sent later.
    expect(await bob.inputValue('#composer-input')).toBe('can anyone hear me?');

    await member(ada, 'Bob3').locator('button[data-action=unmute]').click();
    await ada.locator('#messages li.notice', { hasText: 'You unmuted Bob3' }).waitFor();
    await send(bob, 'back again');
    await message(ada, 'back again').waitFor();
    // One room delivers in order: the muted message would have come before this one.
    expect(await message(ada, 'can anyone hear me?').count()).toBe(0);

    await member(ada, 'Bob3').locator('button[data-action=kick]').click();
    await bob.locator('#notices li[data-code=KICKED]', { hasText: 'You were kicked from Moderated' }).waitFor();
    await bob.locator('#room-title', { hasText: exactly('general') }).waitFor();
    expect(await room(bob, 'Moderated').getAttribute('class')).not.toContain('joined');
    await ada.locator('#messages li.event', { hasText: 'Bob3 was kicked' }).waitFor();
    await member(ada, 'Bob3').waitFor({ state: 'detached' });
  });

  it('a member sees no moderation buttons', async () => {
    const bob = await logIn('Bob4', 'member');
    const ada = await logIn('Ada4', 'admin');
    await member(bob, 'Ada4').waitFor();
    expect(await bob.locator('#members [data-action]').count()).toBe(0);
    await member(ada, 'Bob4').locator('button[data-action=ban]').waitFor();
  });

  it('in production with the demo turned on, the page asks for a pasted token, and it works', async () => {
    const production = await startServer({ ...PRODUCTION, RUSTY_SOCKS_DEMO: 'true' });
    try {
      const page = await openDemo(production.httpUrl);
      await page.locator('#token-login').waitFor();
      expect(await page.isVisible('#dev-login')).toBe(false);
      await page.fill('#login-token', signToken({ sub: 'pasted', username: 'Pasted Pat', role: 'owner' }));
      await page.click('#login-submit');
      await page.waitForSelector('#status[data-state=online]');
      expect(await page.textContent('#whoami')).toBe('Pasted Pat · Owner');
      await member(page, 'pasted').waitFor();
    } finally {
      await Promise.all(pages.splice(0).map((p) => p.context().close()));
      await production.close();
    }
  });
});
