import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
  const row = (name: string) => ui.page.locator(`tr[data-container="${name}"]`);

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
      const created = await docker('POST', `/containers/create?name=${name}`, {
        Image: 'busybox:latest',
        Cmd: ['sleep', '600'],
        HostConfig: { NetworkMode: 'none' },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect((await docker('POST', `/containers/${name}/start`)).status).toBe(204);
    }
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

  it('lists the containers of every host with their state, and search narrows the table', async () => {
    const { page } = ui;
    await page.goto(`${server.url}/containers`);
    await expect
      .poll(() => row('alpha-one').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('running');
    expect(await row('alpha-two').textContent()).toContain('busybox:latest');
    await page.getByRole('searchbox', { name: 'Search containers' }).fill('two');
    await expect.poll(() => row('alpha-one').count()).toBe(0);
    expect(await row('alpha-two').count()).toBe(1);
    await page.getByRole('searchbox', { name: 'Search containers' }).fill('');
    await screenshot(page, 'containers-list');
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
    expect(dockerOn(agent, ['ps', '-aq', '--filter', 'name=bad-port']).stdout.trim()).toBe('');
  });

  it('runs a container from the form and shows it running in the list without a reload', async () => {
    const { page } = ui;
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
    expect(engineState('from-form')).toBe('running');
    const env = dockerOn(agent, ['inspect', '--format', '{{json .Config.Env}}', 'from-form']);
    expect(env.stdout).toContain('GREETING=hello there');
    expect(
      dockerOn(agent, ['inspect', '--format', '{{.HostConfig.Memory}}', 'from-form']).stdout.trim(),
    ).toBe(String(64 * 1024 * 1024));
    await page.goto(`${server.url}/containers`);
    await expect
      .poll(() => row('from-form').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('running');
  });

  it('bulk-stops two containers and the rows change live; removal asks first', async () => {
    const { page } = ui;
    await page.getByRole('checkbox', { name: 'Select alpha-one' }).check();
    await page.getByRole('checkbox', { name: 'Select alpha-two' }).check();
    const actions = page.getByRole('group', { name: 'Actions on the selected containers' });
    await actions.getByRole('button', { name: 'Stop' }).click();
    await expect
      .poll(() => row('alpha-one').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('exited');
    await expect
      .poll(() => row('alpha-two').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('exited');
    expect(engineState('alpha-one')).toBe('exited');

    await page.getByRole('checkbox', { name: 'Select alpha-one' }).check();
    await actions.getByRole('button', { name: 'Remove' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).toContain('alpha-one');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await row('alpha-one').count()).toBe(1);
    await actions.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => row('alpha-one').count(), { timeout: 30_000 }).toBe(0);
    expect(dockerOn(agent, ['ps', '-aq', '--filter', 'name=alpha-one']).stdout.trim()).toBe('');
    expect(await row('alpha-two').count()).toBe(1);
  });
});
