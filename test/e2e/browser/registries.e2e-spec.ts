import { randomBytes } from 'node:crypto';

import { type Page } from 'playwright-core';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ensureWebBuilt, launchBrowser, screenshot, type TestBrowser } from '../../support/browser';
import { startRegistry, type TestRegistry } from '../../support/registry';
import {
  startWharfServer,
  TEST_ADMIN_PASSWORD,
  type ApiClient,
  type WharfServer,
} from '../../support/wharf-system';
import { bind, createUser, USER_PASSWORD } from '../server/identity-helpers';

async function layer(): Promise<Buffer> {
  const tar = pack();
  tar.entry({ name: 'hello.txt', mode: 0o644 }, randomBytes(128).toString('hex'));
  tar.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of tar as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Puts the session of `username` into the browser (signing in through the form is the walking skeleton's subject). */
async function signIn(ui: TestBrowser, server: WharfServer, username: string, password: string) {
  const session = server.api();
  const login = await session.request('POST', '/auth/login', { username, password });
  expect(login.status, JSON.stringify(login.body)).toBe(200);
  await ui.context.clearCookies();
  await ui.context.addCookies(
    [...session.cookies].map(([name, value]) => ({ name, value, url: server.url })),
  );
}

const row = (page: Page, name: string) => page.getByRole('row').filter({ hasText: name });

describe('registries page in a real browser', () => {
  let server: WharfServer;
  let admin: ApiClient;
  let registry: TestRegistry;
  let ui: TestBrowser;
  const credentials = { username: 'ci', password: `pw-${randomBytes(6).toString('hex')}` };

  beforeAll(async () => {
    ensureWebBuilt();
    registry = await startRegistry({ credentials });
    await registry.pushImage('team/app', 'v1', [await layer()]);
    await registry.pushImage('team/app', 'v2', [await layer()]);
    await registry.pushImage('base', 'latest', [await layer()]);
    server = await startWharfServer();
    admin = await server.createAdmin();
    ui = await launchBrowser();
    await signIn(ui, server, 'admin', TEST_ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await ui?.close();
    await server?.stop();
    await registry?.stop();
  });

  it('checks the form before sending, adds the registry and tests its connection', async () => {
    const { page } = ui;
    await page.goto(`${server.url}/registries`);
    await expect
      .poll(() => page.getByText('No registries yet').isVisible(), { timeout: 30_000 })
      .toBe(true);
    await page.getByRole('button', { name: 'Add registry' }).click();
    const form = page.getByRole('form', { name: 'Add registry' });
    await form.getByLabel('Name', { exact: true }).fill('Team registry');
    await form.getByLabel('Address', { exact: true }).fill('ftp://registry.example');
    await form.getByLabel('Password or token', { exact: true }).fill(credentials.password);
    await form.getByRole('button', { name: 'Add registry' }).click();
    await expect
      .poll(() => form.getByText('an http:// or https:// address').isVisible())
      .toBe(true);
    expect(await form.getByText('a password or token needs a username').isVisible()).toBe(true);
    expect((await admin.request('GET', '/registries')).body).toEqual([]);

    await form.getByLabel('Address', { exact: true }).fill(registry.url);
    await form.getByLabel('Username (optional)').fill(credentials.username);
    await form.getByRole('button', { name: 'Add registry' }).click();
    await expect.poll(() => row(page, 'Team registry').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await row(page, 'Team registry').textContent()).toContain('password stored');

    await row(page, 'Team registry').getByRole('button', { name: 'Test connection' }).click();
    await expect
      .poll(() => row(page, 'Team registry').getByRole('status').textContent(), { timeout: 30_000 })
      .toBe('OK: connected (Basic authentication)');
  });

  it('browses to the pushed repository and its tags', async () => {
    const { page } = ui;
    await row(page, 'Team registry').getByRole('button', { name: 'Browse' }).click();
    const repos = page.getByRole('list', { name: 'Repositories' });
    await expect
      .poll(() => repos.getByRole('listitem').allTextContents(), { timeout: 30_000 })
      .toEqual(['base', 'team/app']);
    await repos.getByRole('button', { name: 'team/app' }).click();
    const tags = page.getByRole('list', { name: 'Tags of team/app' });
    await expect
      .poll(() => tags.getByRole('listitem').allTextContents(), { timeout: 30_000 })
      .toEqual([`${registry.address}/team/app:v1`, `${registry.address}/team/app:v2`]);
    await screenshot(page, 'registries');
  });

  it('shows the registry refusing a wrong password after an edit', async () => {
    const { page } = ui;
    await row(page, 'Team registry').getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('form', { name: 'Edit Team registry' });
    expect(await form.getByLabel('Password or token', { exact: true }).inputValue()).toBe('');
    await form.getByLabel('Password or token', { exact: true }).fill('not-the-password');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => form.isVisible(), { timeout: 15_000 }).toBe(false);
    await row(page, 'Team registry').getByRole('button', { name: 'Test connection' }).click();
    await expect
      .poll(() => row(page, 'Team registry').getByRole('status').textContent(), { timeout: 30_000 })
      .toMatch(/^Failed: the registry refused the credentials of ci/);
  });

  it('deletes after confirmation', async () => {
    const { page } = ui;
    await row(page, 'Team registry').getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete Team registry?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await row(page, 'Team registry').isVisible()).toBe(true);
    await row(page, 'Team registry').getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Delete registry' }).click();
    await expect
      .poll(() => page.getByText('No registries yet').isVisible(), { timeout: 15_000 })
      .toBe(true);
    expect((await admin.request('GET', '/registries')).body).toEqual([]);
  });

  it('hides adding, editing and deleting from users without registry:manage', async () => {
    await admin.request('POST', '/registries', { name: 'Shared', url: registry.url });
    const role = await admin.request('POST', '/roles', {
      name: 'registry-viewer',
      permissions: ['registry:read'],
    });
    const viewer = await createUser(admin, 'viewer');
    await bind(admin, { roleId: (role.body as { id: string }).id, userId: viewer.id });
    await signIn(ui, server, 'viewer', USER_PASSWORD);
    const { page } = ui;
    await page.goto(`${server.url}/registries`);
    await expect.poll(() => row(page, 'Shared').isVisible(), { timeout: 30_000 }).toBe(true);
    const buttons = await row(page, 'Shared').getByRole('button').allTextContents();
    expect(buttons).toEqual(['Test connection', 'Browse']);
    expect(await page.getByRole('button', { name: 'Add registry' }).count()).toBe(0);
  });
});
