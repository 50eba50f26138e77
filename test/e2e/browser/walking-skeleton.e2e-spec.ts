import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ensureWebBuilt, launchBrowser, screenshot, type TestBrowser } from '../../support/browser';
import {
  startWharfAgent,
  startWharfServer,
  TEST_ADMIN_PASSWORD,
  type WharfAgent,
  type WharfServer,
} from '../../support/wharf-system';

const isRoot = process.getuid?.() === 0;
if (!isRoot && process.env.CI === 'true')
  throw new Error('the walking-skeleton browser test runs a real agent and needs root in CI');

describe.runIf(isRoot)('walking skeleton in a real browser', () => {
  let server: WharfServer;
  let agent: WharfAgent;
  let ui: TestBrowser;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startWharfServer();
    ui = await launchBrowser();
  });
  afterAll(async () => {
    await ui?.close();
    await agent?.stop();
    await server?.stop();
  });

  it('asks for the admin password on first visit, then signs in', async () => {
    const { page } = ui;
    await page.goto(server.url);
    await page.waitForURL('**/setup');
    await screenshot(page, '01-setup');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByLabel('Confirm password').fill('short');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await expect
      .poll(() => page.locator('p.error').textContent())
      .toContain('at least 12 characters');
    await page.getByLabel('Password', { exact: true }).fill(TEST_ADMIN_PASSWORD);
    await page.getByLabel('Confirm password').fill(TEST_ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.waitForURL('**/login**');
    await page.getByLabel('Password').fill('wrong password here');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.locator('p.error').textContent())
      .toMatch(/invalid username or password/i);
    await screenshot(page, '02-login-error');
    await page.getByLabel('Password').fill(TEST_ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/hosts');
    await expect.poll(() => page.getByText('No hosts yet').isVisible()).toBe(true);
  });

  it('shows a joining host online, then offline when its agent stops, without a reload', async () => {
    const { page } = ui;
    agent = await startWharfAgent(server);
    const row = page.locator('tr[data-host-id]');
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 60_000 }).toBe('online');
    await expect.poll(() => row.getByText('Online').isVisible()).toBe(true);
    expect(await row.locator('th').textContent()).toBeTruthy();
    await screenshot(page, '03-hosts-online');
    // A marker on the window survives only if the page is never reloaded or navigated away.
    await page.evaluate(() => Object.assign(globalThis, { wharfNoReload: true }));
    await agent.stopProcess('SIGKILL');
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('offline');
    await expect.poll(() => row.getByText('Offline').isVisible()).toBe(true);
    expect(await page.evaluate(() => 'wharfNoReload' in globalThis)).toBe(true);
    await screenshot(page, '04-hosts-offline');
  });

  it('shows a join command for a new host', async () => {
    const { page } = ui;
    await page.getByRole('button', { name: 'Add host' }).click();
    const command = page.getByLabel('Join command', { exact: true });
    await expect.poll(() => command.textContent()).toMatch(/WHARF-1-[0-9a-f]{64}-/);
    await screenshot(page, '05-add-host');
    await ui.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: server.url,
    });
    await page.getByRole('button', { name: 'Copy command' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Copied' }).isVisible()).toBe(true);
    // A string expression: this file is type-checked without the DOM library.
    const copied: unknown = await page.evaluate('navigator.clipboard.readText()');
    expect(copied).toBe(await command.textContent());
  });

  it('says "not available yet" for sections that have not landed', async () => {
    const { page } = ui;
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /Stacks/ })
      .click();
    await page.waitForURL('**/stacks');
    await expect.poll(() => page.getByText('Not available yet').isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('heading', { name: 'Stacks' }).isVisible()).toBe(true);
    await screenshot(page, '06-not-available');
  });

  it('switches to the dark theme and remembers it across a reload', async () => {
    const { page } = ui;
    const theme = () => page.locator('html').getAttribute('data-theme');
    const before = await theme();
    const other = before === 'dark' ? 'light' : 'dark';
    await page.getByRole('button', { name: `Switch to ${other} theme` }).click();
    await expect.poll(theme).toBe(other);
    await page.goto(`${server.url}/hosts`);
    await expect.poll(() => page.locator('tr[data-host-id]').count()).toBe(1);
    expect(await theme()).toBe(other);
    await screenshot(page, `07-hosts-${other}`);
  });

  it('shows the live connection reconnecting when the server goes away', async () => {
    const { page } = ui;
    const indicator = page.getByRole('status', { name: /Live updates/ });
    await expect.poll(() => indicator.textContent()).toBe('Live');
    await server.stopProcess();
    await expect
      .poll(() => indicator.textContent(), { timeout: 30_000 })
      .toMatch(/Reconnecting|Offline/);
    await screenshot(page, '08-reconnecting');
  });
});
