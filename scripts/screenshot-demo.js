'use strict';
// `npm run demo:screenshot`: the README's picture of the browser demo (docs/demo.png). Starts the built
// server on 127.0.0.1 and a free port, lets three people chat in Debian's Chromium (playwright-core,
// no browser download), and photographs the admin's page. Everything started is stopped.
const { join } = require('node:path');
const { chromium } = require('playwright-core');
const { createServer } = require('../dist/server');

const OUT = join(__dirname, '..', 'docs', 'demo.png');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function main() {
  const app = await createServer({ host: '127.0.0.1', port: 0, passwordHashCost: 10 }, { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${app.getHttpServer().address().port}/`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const logIn = async (name, role) => {
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
      page.setDefaultTimeout(10_000);
      await page.goto(url);
      await page.fill('#login-name', name);
      await page.selectOption('#login-role', role);
      await page.click('#login-submit');
      await page.waitForSelector(`#members li[data-user-id="${name}"]`);
      return page;
    };
    const say = async (page, text, seenBy) => {
      await page.fill('#composer-input', text);
      await page.press('#composer-input', 'Enter');
      await seenBy.locator('#messages .content', { hasText: text }).waitFor();
    };

    const ada = await logIn('Ada', 'admin');
    await ada.fill('#create-name', 'Planning');
    await ada.fill('#create-password', 'ship-it');
    await ada.click('#create-form button[type=submit]');
    await ada.locator('#room-title', { hasText: 'Planning' }).waitFor();
    await ada.locator('#rooms li', { hasText: 'general' }).locator('button').click();
    await ada.locator('#room-title', { hasText: 'general' }).waitFor();

    const bob = await logIn('Bob', 'member');
    const cleo = await logIn('Cleo', 'moderator');
    await ada.waitForSelector('#members li[data-user-id="Cleo"]');
    await say(bob, 'Morning! Is the 2.0 build green?', ada);
    await say(ada, 'All green. Tagging it after lunch.', bob);
    await say(cleo, 'Release notes are in the planning room (ask Ada for the password)', ada);
    await ada.locator('#members li[data-user-id="Cleo"] select[data-action=role]').selectOption('Moderator');
    await ada.locator('#messages li.event', { hasText: 'Cleo is now Moderator' }).waitFor();
    await say(bob, '<script> tags come through as text, nice & safe', ada);
    await ada.locator('#members li[data-user-id="Bob"] button[data-action=mute]').click();
    await ada.locator('#messages li.notice', { hasText: 'You muted Bob' }).waitFor();
    await ada.click('#rooms-refresh');
    await ada.locator('#rooms li', { hasText: 'general' }).locator('.count', { hasText: '3' }).waitFor();
    await ada.fill('#composer-input', 'Thanks both!');
    await ada.screenshot({ path: OUT });
    console.log(`wrote ${OUT}`);
  } finally {
    await browser.close();
    await app.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
