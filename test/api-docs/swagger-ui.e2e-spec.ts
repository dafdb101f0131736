import { existsSync } from 'node:fs';
import { Browser, chromium, Page } from 'playwright-core';
import { serverForSuite } from '../support';

const CHROMIUM = '/usr/bin/chromium';
/** As in the demo's spec: no background networking (this network refuses Google's hosts). */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/**
 * A name that is not `localhost`: browsers treat loopback as secure, but a server reached by name over
 * plain http (a LAN host, a proxy's backend port) is not, which is where `upgrade-insecure-requests`
 * would break the page.
 */
const HOST = 'docs.rusty-socks.test';

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`SKIPPING the Swagger UI browser tests of test/api-docs/swagger-ui.e2e-spec.ts: ${CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)`);
}
const describeInBrowser = hasChromium ? describe : describe.skip;

describeInBrowser('the Swagger UI at /docs in Chromium, under the server’s Content-Security-Policy', () => {
  const { server } = serverForSuite();
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${HOST} 127.0.0.1`] });
  }, 60_000);
  beforeEach(async () => {
    page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (message) => {
      // Chromium's notice that helmet's COOP header means nothing on plain http: true, and harmless.
      if (message.type() === 'error' && !message.text().startsWith('The Cross-Origin-Opener-Policy header has been ignored')) problems.push(`console: ${message.text()}`);
    });
    page.on('requestfailed', (request) => problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`));
    // Runs before the page's own scripts and outside its CSP, so it sees every violation.
    await page.addInitScript({ content: "document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));" });
  });
  afterEach(async () => {
    await page.context().close();
    expect(problems.splice(0)).toEqual([]);
  });
  afterAll(() => browser?.close());

  it('renders every HTTP route, with no CSP violation, failed request or script error', async () => {
    await page.goto(`http://${HOST}:${server.port}/docs`);
    await page.locator('.opblock').first().waitFor();
    const paths = await page.locator('.opblock-summary-path').allInnerTexts();
    expect(paths.map((p) => p.replace(/\u200B/g, ''))).toEqual(expect.arrayContaining(['/health', '/health/live', '/health/ready', '/stats', '/metrics', '/asyncapi.json']));
  });

  it('calls a route from the page ("Try it out" on /stats) and shows its answer', async () => {
    await page.goto(`http://${HOST}:${server.port}/docs`);
    const stats = page.locator('#operations-Stats-StatsController_getStats');
    await stats.locator('.opblock-summary').click();
    await stats.getByRole('button', { name: 'Try it out' }).click();
    await stats.getByRole('button', { name: 'Execute' }).click();
    await stats.locator('.live-responses-table .response-col_status', { hasText: '200' }).waitFor();
    expect(await stats.locator('.live-responses-table .microlight').first().innerText()).toContain('"connections"');
  });
});
