import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  ensureWebBuilt,
  launchBrowser,
  screenshot,
  screenshotOnFailure,
  type TestBrowser,
} from '../../support/browser';
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
import { userWithRole } from '../server/identity-helpers';

const isRoot = process.getuid?.() === 0;
if (!isRoot && process.env.CI === 'true')
  throw new Error('the containers browser test runs a real agent and needs root in CI');

describe.runIf(isRoot)('containers list and create form in a real browser', () => {
  let server: WharfServer;
  let admin: ApiClient;
  let agent: WharfAgent;
  let ui: TestBrowser;
  let hostId: string;
  let tarDir: string;

  const docker = (method: string, path: string, body?: unknown) =>
    admin.request(method, `/hosts/${hostId}/docker${path}`, body);
  const engineState = (name: string) =>
    dockerOn(agent, ['inspect', '--format', '{{.State.Status}}', name]).stdout.trim();
  const row = (name: string, page = ui.page) => page.locator(`tr[data-container="${name}"]`);
  const idOf = (name: string) => dockerOn(agent, ['inspect', '--format', '{{.Id}}', name]).stdout;
  const create = async (name: string, cmd: string[]) => {
    const created = await docker('POST', `/containers/create?name=${name}`, {
      Image: 'busybox:latest',
      Cmd: cmd,
      HostConfig: { NetworkMode: 'none' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  };

  screenshotOnFailure(() => ui?.page);

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startWharfServer();
    admin = await server.createAdmin();
    agent = await startWharfAgent(server);
    hostId = await hostIdOf(admin, agent, new Set());
    await engineReady(agent);
    tarDir = mkdtempSync(join(tmpdir(), 'wharf-ct-'));
    expect(dockerOn(agent, ['import', buildBusyboxRootfsTar(tarDir), 'busybox:latest']).code).toBe(
      0,
    );
    for (const name of ['alpha-one', 'alpha-two']) {
      await create(name, ['sleep', '600']);
      expect((await docker('POST', `/containers/${name}/start`)).status).toBe(204);
    }
    // Created, never started: one that idles, one whose command does not exist (start fails).
    await create('gamma-idle', ['sleep', '600']);
    await create('broken', ['/no/such/binary']);
    // Signing in through the form is the walking skeleton's subject: reuse the API session here.
    const session = server.api();
    const login = await session.request('POST', '/auth/login', {
      username: 'admin',
      password: TEST_ADMIN_PASSWORD,
    });
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    ui = await launchBrowser();
    await ui.context.addCookies(
      [...session.cookies].map(([name, value]) => ({ name, value, url: server.url })),
    );
  });

  afterAll(async () => {
    await ui?.close();
    if (agent !== undefined) {
      removeAllContainers(agent);
      await agent.stop();
    }
    await server?.stop();
    if (tarDir !== undefined) rmSync(tarDir, { recursive: true, force: true });
  });

  it('lists the containers of every host with state and uptime; search and state filter narrow the table', async () => {
    const { page } = ui;
    await page.goto(`${server.url}/containers`);
    await expect
      .poll(() => row('alpha-one').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('running');
    expect(await row('alpha-two').textContent()).toContain('busybox:latest');
    expect(await row('gamma-idle').getAttribute('data-state')).toBe('created');
    // Running containers show how long they have been up (the server derives the start time).
    expect(
      await row('alpha-one').locator('td[title^="started"], span[title^="started"]').count(),
    ).toBe(1);
    expect(await row('gamma-idle').locator('span[title^="started"]').count()).toBe(0);

    const search = page.getByRole('searchbox', { name: 'Search containers' });
    await search.fill('two');
    await expect.poll(() => row('alpha-one').count()).toBe(0);
    expect(await row('alpha-two').count()).toBe(1);
    await search.fill('');
    const state = page.getByLabel('State', { exact: true });
    await state.selectOption('created');
    await expect.poll(() => row('alpha-one').count()).toBe(0);
    expect(await row('gamma-idle').count()).toBe(1);
    expect(await row('broken').count()).toBe(1);
    await state.selectOption('running');
    await expect.poll(() => row('gamma-idle').count()).toBe(0);
    expect(await row('alpha-one').count()).toBe(1);
    await page.getByLabel('Host', { exact: true }).selectOption(hostId);
    expect(await row('alpha-two').count()).toBe(1);
    await state.selectOption('');
    await expect.poll(() => row('gamma-idle').count()).toBe(1);
    await screenshot(page, 'containers-list');
    const theme = () => page.locator('html').getAttribute('data-theme');
    const other = (await theme()) === 'dark' ? 'light' : 'dark';
    await page.getByRole('button', { name: `Switch to ${other} theme` }).click();
    await expect.poll(theme).toBe(other);
    await screenshot(page, `containers-list-${other}`);
    await page.getByRole('button', { name: /^Switch to (dark|light) theme$/ }).click();
  });

  it('refuses a bad port in the form before sending anything', async () => {
    const { page } = ui;
    await page.goto(`${server.url}/containers/new`);
    await page.getByLabel('Host', { exact: true }).selectOption(hostId);
    await page.getByLabel('Image', { exact: true }).fill('busybox:latest');
    await page.getByLabel('Name', { exact: true }).fill('bad-port');
    await page.getByRole('button', { name: 'Add port' }).click();
    await page.getByLabel('Port 1 container port', { exact: true }).fill('99999');
    await page.getByRole('button', { name: 'Create and start' }).click();
    await expect
      .poll(() => page.locator('#err-ports\\.0\\.containerPort').textContent())
      .toContain('from 1 to 65535');
    expect(
      await page.getByLabel('Port 1 container port', { exact: true }).getAttribute('aria-invalid'),
    ).toBe('true');
    expect(dockerOn(agent, ['ps', '-aq', '--filter', 'name=bad-port']).stdout.trim()).toBe('');
  });

  it('shows the server’s message when the engine refuses to create, and suggests known images', async () => {
    const { page } = ui;
    await page.goto(`${server.url}/containers/new`);
    await page.getByLabel('Host', { exact: true }).selectOption(hostId);
    const image = page.getByLabel('Image', { exact: true });
    const known = page.locator(`datalist#${await image.getAttribute('list')} option`);
    await expect.poll(() => known.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await known.first().getAttribute('value')).toBe('busybox:latest');

    const refused = await docker('POST', '/containers/create?name=no-image', {
      Image: 'nosuch:latest',
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    const message = (refused.body as { message: string }).message;
    await image.fill('nosuch:latest');
    await page.getByLabel('Name', { exact: true }).fill('no-image');
    await page.getByRole('button', { name: 'Create and start' }).click();
    await expect
      .poll(() => page.locator('form p[role="alert"]').textContent(), { timeout: 30_000 })
      .toBe(message);
    expect(page.url()).toContain('/containers/new');
    expect(dockerOn(agent, ['ps', '-aq', '--filter', 'name=no-image']).stdout.trim()).toBe('');
  });

  it('runs a container from the form and an open list shows it running without a reload', async () => {
    const { page } = ui;
    const list = await ui.context.newPage();
    await list.goto(`${server.url}/containers`);
    await expect.poll(() => row('alpha-one', list).count(), { timeout: 30_000 }).toBe(1);
    expect(await row('from-form', list).count()).toBe(0);

    await page.goto(`${server.url}/containers/new`);
    await page.getByLabel('Host', { exact: true }).selectOption(hostId);
    await page.getByLabel('Image', { exact: true }).fill('busybox:latest');
    await page.getByLabel('Name', { exact: true }).fill('from-form');
    await page.getByLabel('Command', { exact: true }).fill(`sh -c 'echo started; sleep 600'`);
    await page.getByRole('button', { name: 'Add variable' }).click();
    await page.getByLabel('variable 1 name', { exact: true }).fill('GREETING');
    await page.getByLabel('variable 1 value', { exact: true }).fill('hello there');
    await page.getByLabel('Memory limit', { exact: true }).fill('64m');
    await page.getByLabel('Restart policy', { exact: true }).selectOption('on-failure');
    await screenshot(page, 'container-create');
    await page.getByRole('button', { name: 'Create and start' }).click();
    await page.waitForURL('**/containers/view?**', { timeout: 30_000 });
    expect(new URL(page.url()).searchParams.get('id')).toBe(idOf('from-form'));
    expect(engineState('from-form')).toBe('running');
    const env = dockerOn(agent, ['inspect', '--format', '{{json .Config.Env}}', 'from-form']);
    expect(env.stdout).toContain('GREETING=hello there');
    expect(
      dockerOn(agent, ['inspect', '--format', '{{.HostConfig.Memory}}', 'from-form']).stdout.trim(),
    ).toBe(String(64 * 1024 * 1024));

    await expect
      .poll(() => row('from-form', list).getAttribute('data-state'), { timeout: 30_000 })
      .toBe('running');
    await list.close();
  });

  it('edits a container from its settings and replaces the original only when asked', async () => {
    const { page } = ui;
    const original = idOf('from-form');
    await page.goto(`${server.url}/containers/new?from=${hostId}/${original}`);
    const name = page.getByLabel('Name', { exact: true });
    await expect.poll(() => name.inputValue(), { timeout: 30_000 }).toBe('from-form');
    expect(await page.getByLabel('variable 1 value', { exact: true }).inputValue()).toBe(
      'hello there',
    );
    await page.getByLabel('variable 1 value', { exact: true }).fill('edited');
    await page.getByRole('button', { name: 'Create and start' }).click();
    await expect
      .poll(() => page.locator('#err-name').textContent())
      .toContain('the original has this name');
    expect(idOf('from-form')).toBe(original);

    await page.getByRole('checkbox', { name: /Replace the original/ }).check();
    await page.getByRole('button', { name: 'Create and start' }).click();
    await page.waitForURL('**/containers/view?**', { timeout: 30_000 });
    const replacement = idOf('from-form');
    expect(replacement).not.toBe(original);
    expect(new URL(page.url()).searchParams.get('id')).toBe(replacement);
    expect(engineState('from-form')).toBe('running');
    const env = dockerOn(agent, ['inspect', '--format', '{{json .Config.Env}}', 'from-form']);
    expect(env.stdout).toContain('GREETING=edited');
    // The original is gone and no container is left under the temporary name.
    expect(dockerOn(agent, ['ps', '-aq', '--filter', `id=${original}`]).stdout).toBe('');
    expect(
      dockerOn(agent, ['ps', '-a', '--format', '{{.Names}}']).stdout.split('\n').sort(),
    ).toEqual(['alpha-one', 'alpha-two', 'broken', 'from-form', 'gamma-idle']);
  });

  it('bulk-stops two containers live, shows a failed start on its row, and removes after confirmation', async () => {
    const { page } = ui;
    await page.goto(`${server.url}/containers`);
    await expect.poll(() => row('alpha-one').count(), { timeout: 30_000 }).toBe(1);
    await page.getByRole('checkbox', { name: 'Select alpha-one' }).check();
    await page.getByRole('checkbox', { name: 'Select alpha-two' }).check();
    const actions = page.getByRole('group', { name: 'Actions on the selected containers' });
    await actions.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect
      .poll(() => row('alpha-one').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('exited');
    await expect
      .poll(() => row('alpha-two').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('exited');
    expect(engineState('alpha-one')).toBe('exited');
    expect(await actions.getByRole('status').textContent()).toContain('Stopped 2 containers');

    // Starting a container whose command does not exist fails; the row says why, in the engine's words.
    const refused = await docker('POST', '/containers/broken/start');
    expect(refused.status).toBeGreaterThanOrEqual(400);
    // The runtime's log line carries its own timestamp: compare without it.
    const untimed = (text: string | null) => (text ?? '').replace(/time="[^"]*"/g, 'time=…');
    const message = untimed((refused.body as { message: string }).message);
    expect(message).toContain('/no/such/binary');
    await page.getByRole('checkbox', { name: 'Select alpha-two' }).check();
    await page.getByRole('checkbox', { name: 'Select broken' }).check();
    await actions.getByRole('button', { name: 'Start', exact: true }).click();
    await expect
      .poll(async () => untimed(await row('broken').locator('.ct-row-error').textContent()), {
        timeout: 30_000,
      })
      .toBe(message);
    expect(untimed(await actions.getByRole('alert').textContent())).toContain(`broken: ${message}`);
    await expect
      .poll(() => row('alpha-two').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('running');
    expect(await row('alpha-two').locator('.ct-row-error').count()).toBe(0);
    await screenshot(page, 'containers-bulk-result');
    // What failed stays selected for another try.
    expect(await page.getByRole('checkbox', { name: 'Select broken' }).isChecked()).toBe(true);
    await page.getByRole('checkbox', { name: 'Select broken' }).uncheck();

    await page.getByRole('checkbox', { name: 'Select alpha-one' }).check();
    await actions.getByRole('button', { name: 'Remove' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).toContain('alpha-one');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await row('alpha-one').count()).toBe(1);
    expect(engineState('alpha-one')).toBe('exited');
    await actions.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => row('alpha-one').count(), { timeout: 30_000 }).toBe(0);
    expect(dockerOn(agent, ['ps', '-aq', '--filter', 'name=alpha-one']).stdout.trim()).toBe('');
    expect(await row('alpha-two').count()).toBe(1);
  });

  it('shows a read-only user the containers without action or create controls; the server refuses them too', async () => {
    const { client } = await userWithRole(server, admin, 'ct-reader', 'read-only');
    const reader = await launchBrowser();
    try {
      await reader.context.addCookies(
        [...client.cookies].map(([name, value]) => ({ name, value, url: server.url })),
      );
      const { page } = reader;
      await page.goto(`${server.url}/containers`);
      await expect.poll(() => row('alpha-two', page).count(), { timeout: 30_000 }).toBe(1);
      // The note appears once the user's permissions are known: only then is absence meaningful.
      await expect
        .poll(() => page.getByRole('note').textContent(), { timeout: 30_000 })
        .toContain('You may view these containers');
      expect(
        await page.getByRole('group', { name: 'Actions on the selected containers' }).count(),
      ).toBe(0);
      expect(await page.getByRole('link', { name: 'Create container' }).count()).toBe(0);

      await page.goto(`${server.url}/containers/new`);
      await expect
        .poll(() => page.locator('form p[role="alert"]').textContent(), { timeout: 30_000 })
        .toContain('no online host on which you may create containers');
      expect(await page.getByLabel('Host', { exact: true }).locator('option').count()).toBe(1);

      const refused = await client.request(
        'POST',
        `/hosts/${hostId}/docker/containers/alpha-two/stop`,
      );
      expect(refused.status).toBe(403);
      expect(engineState('alpha-two')).toBe('running');
    } finally {
      await reader.close();
    }
  });

  it('keeps five thousand containers virtualized: few rows in the page, search and sort over all', async () => {
    const { page } = ui;
    const total = 5000;
    const started = new Date(Date.now() - 3_600_000).toISOString();
    const fleet = Array.from({ length: total }, (_, i) => ({
      hostId,
      id: `f${String(i).padStart(63, '0')}`,
      name: `bulk-${String(i).padStart(5, '0')}`,
      state: i % 2 === 0 ? 'running' : 'exited',
      detail: 'busybox:latest',
      labels: {},
      createdAt: '2026-01-01T00:00:00.000Z',
      sizeBytes: 0,
      status: i % 2 === 0 ? 'Up About an hour' : 'Exited (0) 5 minutes ago',
      ports: [],
      ...(i % 2 === 0 ? { startedAt: started } : {}),
    }));
    // The server's list answers with this fleet; pushes for the real containers still arrive.
    await page.route(/\/api\/v1\/containers\?/, (route) => {
      const query = new URL(route.request().url()).searchParams;
      const at = Number(query.get('page') ?? '1');
      const size = Number(query.get('pageSize') ?? '50');
      return route.fulfill({
        json: { items: fleet.slice((at - 1) * size, at * size), total, page: at, pageSize: size },
      });
    });
    try {
      await page.goto(`${server.url}/containers`);
      await expect
        .poll(() => page.getByTestId('containers-summary').textContent(), { timeout: 30_000 })
        .toContain(`${total} on 1 host`);
      await screenshot(page, 'containers-5000');
      const inPage = await page.locator('tr[data-container]').count();
      expect(inPage).toBeGreaterThan(5);
      expect(inPage).toBeLessThan(100);

      await page.getByRole('searchbox', { name: 'Search containers' }).fill('bulk-04321');
      await expect.poll(() => page.locator('tr[data-container]').count()).toBe(1);
      expect(await row('bulk-04321').count()).toBe(1);
      await page.getByRole('searchbox', { name: 'Search containers' }).fill('');
      await page.getByLabel('State', { exact: true }).selectOption('exited');
      await expect
        .poll(() => page.locator('.ct-shown').textContent())
        .toBe(`Showing ${total / 2} of ${total}.`);
      await page.getByLabel('State', { exact: true }).selectOption('');

      await page.getByRole('button', { name: 'Name' }).click();
      await expect
        .poll(() => page.locator('tr[data-container]').first().getAttribute('data-container'))
        .toBe('bulk-04999');
      expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('Name');
      await page.locator('.ct-scroller').evaluate((el) => {
        el.scrollTop = el.scrollHeight;
      });
      await expect.poll(() => row('bulk-00000').count()).toBe(1);
      expect(await page.locator('tr[data-container]').count()).toBeLessThan(100);
    } finally {
      await page.unroute(/\/api\/v1\/containers\?/);
    }
  });
});
