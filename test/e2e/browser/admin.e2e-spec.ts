import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type Team } from '@wharf/contracts';
import { authenticator } from 'otplib';
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ensureWebBuilt, launchBrowser, screenshot, type TestBrowser } from '../../support/browser';
import { buildBusyboxRootfsTar } from '../../support/busybox';
import {
  startWharfAgent,
  startWharfServer,
  TEST_ADMIN_PASSWORD,
  type ApiClient,
  type WharfAgent,
  type WharfServer,
} from '../../support/wharf-system';
import { dockerOn, engineReady, hostIdOf, removeAllContainers } from '../fleet/fleet-helpers';
import { bearer } from '../server/identity-helpers';

const isRoot = process.getuid?.() === 0;
if (!isRoot && process.env.CI === 'true')
  throw new Error('the admin browser test runs a real agent and needs root in CI');

const VIEWER = 'viewer';
const FIRST_PASSWORD = 'first password long enough';
const VIEWER_PASSWORD = 'viewer password long enough';

/** Resolves when the page has the user's permissions (before that, actions are hidden anyway). */
function accessAnswered(page: Page): Promise<unknown> {
  const answered = page.waitForResponse(
    (r) => r.url().endsWith('/api/v1/auth/me/access') && r.ok(),
  );
  answered.catch(() => undefined); // awaited by the test; an earlier failure is reported instead
  return answered;
}

/** Adds what the page says went wrong to a failed expectation. */
async function withPageErrors(page: Page, check: Promise<unknown>): Promise<void> {
  await check.catch(async (error: unknown) => {
    const shown = await page.locator('p.error').allTextContents();
    throw new Error(`${String(error)}\npage errors: ${JSON.stringify(shown)}`);
  });
}

/** Waits for React to own the login form (a click before hydration would submit it natively). */
async function signIn(page: Page, url: string, username: string, password: string) {
  await page.goto(`${url}/login`);
  await page.waitForFunction(
    "Object.keys(document.getElementById('username') ?? {}).some((k) => k.startsWith('__reactProps'))",
  );
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe.runIf(isRoot)('identity and administration pages in a real browser', () => {
  let server: WharfServer;
  let admin: ApiClient;
  let agent: WharfAgent;
  let ui: TestBrowser;
  let viewerUi: TestBrowser;
  let hostId: string;
  let tarDir: string;
  let totpSecret: string;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startWharfServer();
    admin = await server.createAdmin();
    agent = await startWharfAgent(server);
    hostId = await hostIdOf(admin, agent, new Set());
    await engineReady(agent);
    tarDir = mkdtempSync(join(tmpdir(), 'wharf-admin-'));
    expect(dockerOn(agent, ['import', buildBusyboxRootfsTar(tarDir), 'busybox:latest']).code).toBe(
      0,
    );
    const created = await admin.request(
      'POST',
      `/hosts/${hostId}/docker/containers/create?name=web1`,
      {
        Image: 'busybox:latest',
        Cmd: ['sleep', '3600'],
      },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // Running, so the prune job below leaves it (and its image) alone.
    const started = await admin.request('POST', `/hosts/${hostId}/docker/containers/web1/start`);
    expect(started.status).toBe(204);
    ui = await launchBrowser();
    await signIn(ui.page, server.url, 'admin', TEST_ADMIN_PASSWORD);
    await ui.page.waitForURL('**/hosts');
  });

  afterAll(async () => {
    await viewerUi?.close();
    await ui?.close();
    if (agent !== undefined) {
      removeAllContainers(agent);
      await agent.stop();
    }
    await server?.stop();
    if (tarDir !== undefined) rmSync(tarDir, { recursive: true, force: true });
  });

  it('creates a user and binds the built-in read-only role globally', async () => {
    const { page } = ui;
    await page.goto(`${server.url}/users`);
    await page.getByRole('button', { name: 'New user' }).click();
    await page.getByLabel('Username').fill(VIEWER);
    await page.getByLabel('Password', { exact: true }).fill(FIRST_PASSWORD);
    await page.getByRole('button', { name: 'Create user' }).click();
    const row = page.locator(`tr[data-username="${VIEWER}"]`);
    await withPageErrors(page, expect.poll(() => row.count()).toBe(1));
    await row.getByRole('button', { name: 'Access' }).click();
    const panel = page.getByRole('region', { name: `Access of ${VIEWER}` });
    await expect.poll(() => panel.getByText('No roles').isVisible()).toBe(true);
    await panel.getByLabel('Role', { exact: true }).selectOption({ label: 'Read-only' });
    expect(await panel.getByLabel('Scope', { exact: true }).inputValue()).toBe('global');
    await panel.getByRole('button', { name: 'Bind role' }).click();
    const grants = panel.getByRole('table', { name: 'Effective access' });
    await expect.poll(() => grants.locator('tbody th').allTextContents()).toEqual(['Read-only']);
    expect(await grants.textContent()).toContain('container:read');
    const direct = panel.getByRole('table', { name: 'Role bindings' });
    await expect.poll(() => direct.textContent()).toContain('Read-only');
    // The new password is the one the user signs in with below.
    await row.getByRole('button', { name: 'Reset password' }).click();
    const dialog = page.getByRole('dialog', { name: `Reset the password of ${VIEWER}?` });
    await dialog.getByLabel('New password').fill(VIEWER_PASSWORD);
    await dialog.getByRole('button', { name: 'Reset password' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    // The signed-in admin cannot disable or delete their own account, the new user can be.
    const adminRow = page.locator('tr[data-username="admin"]');
    expect(await adminRow.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    expect(await row.getByRole('button', { name: 'Delete' }).count()).toBe(1);
    await screenshot(page, 'users');

    await page.getByRole('navigation', { name: 'Users and teams' }).getByText('Roles').click();
    await page.waitForURL('**/users/roles');
    const readOnly = page.locator('tr[data-role-id="read-only"]');
    await expect.poll(() => readOnly.textContent()).toContain('read-only');
    expect(await readOnly.getByRole('button').count()).toBe(0);
    const bindings = page.getByRole('table', { name: 'Role bindings' });
    await expect.poll(() => bindings.textContent()).toContain(VIEWER);
    await screenshot(page, 'roles');
  });

  it('makes a team with the new user as its leader', async () => {
    const { page } = ui;
    await page.goto(`${server.url}/users/teams`);
    await page.getByLabel('Team name').fill('ops');
    await page.getByRole('button', { name: 'Create team' }).click();
    const card = page.getByRole('region', { name: 'Team ops' });
    await expect.poll(() => card.getByText('No members yet.').isVisible()).toBe(true);
    await card.getByLabel('Add member').selectOption({ label: VIEWER });
    await card.getByRole('button', { name: 'Add', exact: true }).click();
    const leads = card.getByRole('checkbox', { name: `${VIEWER} leads ops` });
    await expect.poll(() => leads.count()).toBe(1);
    expect(await leads.isChecked()).toBe(false);
    await leads.click();
    await expect.poll(() => leads.isChecked()).toBe(true);
    const teams = (await admin.request('GET', '/teams')).body as Team[];
    expect(teams.find((t) => t.name === 'ops')?.members).toEqual([
      expect.objectContaining({ username: VIEWER, isLeader: true }),
    ]);
  });

  it('shows the read-only user hosts and containers without actions, and the API refuses them', async () => {
    viewerUi = await launchBrowser();
    const { page } = viewerUi;
    const hostsAccess = accessAnswered(page);
    await signIn(page, server.url, VIEWER, VIEWER_PASSWORD);
    await page.waitForURL('**/hosts');
    await hostsAccess;
    const row = page.locator(`tr[data-host-id="${hostId}"]`);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('online');
    await page.getByRole('heading', { name: 'Hosts' }).waitFor();
    expect(await page.getByRole('button', { name: 'Add host' }).count()).toBe(0);
    expect(await row.getByRole('button').count()).toBe(0);
    // The admin's page shows the same host with its actions: the check above can fail.
    await ui.page.goto(`${server.url}/hosts`);
    const adminRow = ui.page.locator(`tr[data-host-id="${hostId}"]`);
    await expect.poll(() => adminRow.getByRole('button', { name: 'Remove' }).count()).toBe(1);
    expect(await ui.page.getByRole('button', { name: 'Add host' }).count()).toBe(1);

    const containersAccess = accessAnswered(page);
    await page.goto(`${server.url}/containers`);
    await containersAccess;
    await expect
      .poll(() => page.getByText('web1').first().isVisible(), { timeout: 30_000 })
      .toBe(true);
    // Selecting a container is what brings up the bulk actions for those who may act.
    const select = page.getByRole('checkbox', { name: 'Select web1' });
    if ((await select.count()) > 0) await select.check();
    for (const name of ['Start', 'Stop', 'Restart', 'Remove', 'Kill'])
      expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(0);
    expect(await page.getByRole('link', { name: 'Create container' }).count()).toBe(0);

    const status: unknown = await page.evaluate(`(async () => {
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('wharf_csrf=')).slice(11);
      const res = await fetch('/api/v1/hosts/${hostId}/docker/containers/create?name=sneaky', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf) },
        body: JSON.stringify({ Image: 'busybox:latest' }),
      });
      return res.status;
    })()`);
    expect(status).toBe(403);
    expect(dockerOn(agent, ['ps', '-a', '--format', '{{.Names}}']).stdout).not.toContain('sneaky');
  });

  it('turns on two-factor sign-in, after which signing in asks for a code', async () => {
    const { page } = ui;
    await page.goto(`${server.url}/profile`);
    await page.getByRole('button', { name: 'Set up two-factor' }).click();
    const secret = page.getByLabel('TOTP secret');
    await expect.poll(() => secret.textContent()).toMatch(/^[A-Z2-7]{16,}$/);
    totpSecret = (await secret.textContent()) ?? '';
    expect(await page.getByLabel('otpauth URI').textContent()).toContain(`secret=${totpSecret}`);
    await page.getByLabel('Code from the app').fill(authenticator.generate(totpSecret));
    await page.getByRole('button', { name: 'Turn on two-factor' }).click();
    const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await expect.poll(() => codes.count()).toBe(10);
    await screenshot(page, 'profile');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login');
    await signIn(page, server.url, 'admin', TEST_ADMIN_PASSWORD);
    await expect
      .poll(() => page.getByRole('heading', { name: 'Two-factor authentication' }).isVisible())
      .toBe(true);
    expect(page.url()).toContain('/login');
    await page.getByLabel('Authentication code').fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect
      .poll(() => page.locator('p.error').textContent())
      .toMatch(/invalid username or password/i);
    await page.getByLabel('Authentication code').fill(authenticator.generate(totpSecret));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL('**/hosts');
  });

  it('shows a new API token once, and it works as a Bearer token', async () => {
    const { page } = ui;
    await page.goto(`${server.url}/profile`);
    await page.getByLabel('Token name').fill('ci');
    await page.getByRole('checkbox', { name: 'host:read' }).check();
    await page.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByLabel('New API token', { exact: true });
    await expect.poll(() => shown.textContent()).toMatch(/\S{20,}/);
    const token = (await shown.textContent()) ?? '';
    const me = await bearer(server, token)('GET', '/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: 'admin' });
    const row = page.getByRole('table', { name: 'API tokens' }).locator('tr[data-token-id]');
    await expect.poll(() => row.textContent()).toContain('host:read');
    await page.reload();
    await expect.poll(() => row.count()).toBe(1);
    expect(await page.getByText(token).count()).toBe(0);
  });

  it('runs a prune job on the host and shows its progress to completion', async () => {
    const { page } = ui;
    await page.goto(`${server.url}/jobs`);
    await expect.poll(() => page.getByText('No jobs yet').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'New job' }).click();
    await page.getByLabel('Kind').selectOption('system.prune');
    const hostName = (await admin.request('GET', `/hosts/${hostId}`)).body.name as string;
    await page.getByRole('group', { name: 'Hosts' }).getByLabel(hostName).check();
    await page.getByRole('button', { name: 'Start job' }).click();
    const card = page.locator('article[data-job-id]');
    await expect.poll(() => card.count()).toBe(1);
    await expect
      .poll(() => card.getAttribute('data-state'), { timeout: 60_000 })
      .toBe('completed')
      .catch(async (error: unknown) => {
        const jobs = (await admin.request('GET', '/jobs')).body as unknown;
        throw new Error(`${String(error)}\njobs: ${JSON.stringify(jobs)}`);
      });
    expect(await card.locator(`li[data-host-id="${hostId}"]`).getAttribute('data-state')).toBe(
      'succeeded',
    );
    expect(await card.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    await screenshot(page, 'jobs');
  });

  it('lists those actions in the audit log, exports CSV and verifies the chain', async () => {
    const { page } = ui;
    await page.goto(`${server.url}/audit`);
    const table = page.getByRole('table', { name: 'Audit log' });
    const actions = async () =>
      Promise.all(
        (await table.locator('tbody tr').all()).map((r) => r.getAttribute('data-action')),
      );
    for (const action of [
      'user.create',
      'role-binding.create',
      'auth.totp.enable',
      'token.create',
      'job.create',
    ])
      await expect.poll(actions).toContain(action);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv).toContain('user.create');
    expect(csv).toContain('token.create');
    await page.getByLabel('Action', { exact: true }).fill('user.create');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(actions).toEqual(['user.create']);
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await expect
      .poll(() => page.getByRole('status', { name: 'Chain verification' }).textContent())
      .toMatch(/Chain intact: \d+ events checked/);
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(async () => (await actions()).length).toBeGreaterThan(5);
    await screenshot(page, 'audit');
  });

  it('shows host usage and container counts, and edits groups and labels', async () => {
    const { page } = ui;
    await page.goto(`${server.url}/hosts`);
    const row = page.locator(`tr[data-host-id="${hostId}"]`);
    await expect
      .poll(() => row.locator('[data-column="containers"]').textContent())
      .toMatch(/of 1/);
    await row.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Groups', { exact: true }).fill('edge, web');
    await page.getByLabel('Labels', { exact: true }).fill('zone=a');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => row.textContent()).toContain('zone=a');
    const host = (await admin.request('GET', `/hosts/${hostId}`)).body;
    expect(host).toMatchObject({ groups: ['edge', 'web'], labels: { zone: 'a' } });
    await screenshot(page, 'hosts');
  });

  it('rotates the host certificate from its row', async () => {
    const { page } = ui;
    const serial = async () =>
      (await server.sql('SELECT "certificateSerial" FROM "Host" WHERE id = ?', [hostId]))[0]![
        'certificateSerial'
      ];
    const before = await serial();
    const row = page.locator(`tr[data-host-id="${hostId}"]`);
    await row.getByRole('button', { name: 'Rotate' }).click();
    const dialog = page.getByRole('dialog', { name: /^Rotate the certificate of/ });
    expect(await dialog.textContent()).toContain('valid until');
    await dialog.getByRole('button', { name: 'Rotate certificate' }).click();
    await withPageErrors(page, expect.poll(() => dialog.count()).toBe(0));
    expect(await serial()).not.toBe(before);
  });
});
