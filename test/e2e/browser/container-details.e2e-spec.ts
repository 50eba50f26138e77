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

const isRoot = process.getuid?.() === 0;
if (!isRoot && process.env.CI === 'true')
  throw new Error('the container details browser test runs a real agent and needs root in CI');

/** Prints a numbered line on stdout and on stderr every second. */
const TICKER = 'i=0; while true; do i=$((i+1)); echo "tick $i"; echo "warn $i" >&2; sleep 1; done';

describe.runIf(isRoot)('container details page in a real browser', () => {
  let server: WharfServer;
  let admin: ApiClient;
  let agent: WharfAgent;
  let ui: TestBrowser;
  let hostId: string;
  let containerId: string;
  let tarDir: string;

  const docker = (method: string, path: string, body?: unknown) =>
    admin.request(method, `/hosts/${hostId}/docker${path}`, body);
  const runContainer = async (name: string, config: Record<string, unknown>): Promise<string> => {
    const created = await docker('POST', `/containers/create?name=${name}`, {
      Image: 'busybox:latest',
      ...config,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = (created.body as { Id: string }).Id;
    expect((await docker('POST', `/containers/${id}/start`)).status).toBe(204);
    return id;
  };

  screenshotOnFailure(() => ui?.page);

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startWharfServer();
    admin = await server.createAdmin();
    agent = await startWharfAgent(server);
    hostId = await hostIdOf(admin, agent, new Set());
    await engineReady(agent);
    tarDir = mkdtempSync(join(tmpdir(), 'wharf-cd-'));
    expect(dockerOn(agent, ['import', buildBusyboxRootfsTar(tarDir), 'busybox:latest']).code).toBe(
      0,
    );
    const created = await docker('POST', '/containers/create?name=ticker', {
      Image: 'busybox:latest',
      Cmd: ['sh', '-c', TICKER],
      Labels: { 'test.purpose': 'container-details' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    containerId = (created.body as { Id: string }).Id;
    expect((await docker('POST', `/containers/${containerId}/start`)).status).toBe(204);

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

  it('shows the overview of a running container', async () => {
    const { page } = ui;
    await page.goto(`${server.url}/containers/view?host=${hostId}&id=${containerId}`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 30_000 })
      .toContain('ticker');
    expect(await page.locator('h1 [data-state]').getAttribute('data-state')).toBe('running');
    const summary = page.getByRole('region', { name: 'Summary' });
    expect(await summary.textContent()).toContain('busybox:latest');
    expect(await page.getByRole('region', { name: 'Labels' }).textContent()).toContain(
      'container-details',
    );
    const actions = page.getByRole('group', { name: 'Container actions' });
    // The actions appear once the page knows the user's permissions (loaded beside the container).
    await expect
      .poll(() => actions.getByRole('button', { name: 'Stop' }).isVisible(), { timeout: 30_000 })
      .toBe(true);
    await screenshot(page, 'container-overview');
  });

  it('follows the logs: a new line appears, stderr lines are marked', async () => {
    const { page } = ui;
    await page.getByRole('tab', { name: 'Logs' }).click();
    const log = page.getByRole('log', { name: 'Container logs' });
    const lastTick = async () =>
      Math.max(
        0,
        ...(await log.locator('.cd-log-line').allTextContents()).map((t) =>
          Number(/tick (\d+)/.exec(t)?.[1] ?? 0),
        ),
      );
    await expect.poll(lastTick, { timeout: 30_000 }).toBeGreaterThan(0);
    const first = await lastTick();
    // The container prints one line a second: a later one arrives over the open stream.
    await expect.poll(lastTick, { timeout: 30_000 }).toBeGreaterThan(first);
    const stderr = log.locator('.cd-log-line[data-stream="stderr"]');
    expect(await stderr.first().textContent()).toMatch(/stderr\s*warn \d+/);
    await page.getByLabel('Search logs').fill('tick 1');
    expect(await log.locator('mark').first().textContent()).toBe('tick 1');
    await screenshot(page, 'container-logs');
    await page.getByLabel('Search logs').fill('');
  });

  it('opens a console, runs echo hi and shows its output', async () => {
    const { page } = ui;
    await page.getByRole('tab', { name: 'Console' }).click();
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const state = page.locator('[data-console-state]');
    await expect
      .poll(() => state.getAttribute('data-console-state'), { timeout: 30_000 })
      .toBe('open');
    const rows = page.getByRole('region', { name: 'Terminal' }).locator('.xterm-rows > div');
    // The shell's prompt arrives first; then the typed command and its output.
    await expect
      .poll(async () => (await rows.allTextContents()).join('\n'), { timeout: 30_000 })
      .toMatch(/[#$]/);
    await page.getByRole('region', { name: 'Terminal' }).click();
    await page.keyboard.type('echo hi');
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await rows.allTextContents()).map((r) => r.trim()), { timeout: 30_000 })
      .toContain('hi');
    await screenshot(page, 'container-console');
    await page.keyboard.type('exit');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => state.getAttribute('data-console-state'), { timeout: 30_000 })
      .toBe('ended');
    expect(await state.textContent()).toContain('Session ended');
    // Another session as the image's unprivileged user (uid 1000 in the busybox passwd file).
    await page.getByLabel('User').fill('user');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect
      .poll(() => state.getAttribute('data-console-state'), { timeout: 30_000 })
      .toBe('open');
    await page.getByRole('region', { name: 'Terminal' }).click();
    await page.keyboard.type('id -u');
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await rows.allTextContents()).map((r) => r.trim()), { timeout: 30_000 })
      .toContain('1000');
  });

  it('attaches to main processes with and without a TTY, and detaching leaves them running', async () => {
    const { page } = ui;
    const state = page.locator('[data-console-state]');
    const rows = page.getByRole('region', { name: 'Terminal' }).locator('.xterm-rows > div');
    const rowTexts = async () => (await rows.allTextContents()).map((r) => r.trimEnd());
    const attach = async (id: string) => {
      await page.goto(`${server.url}/containers/view?host=${hostId}&id=${id}`);
      await page.getByRole('tab', { name: 'Console' }).click();
      await page.getByLabel('Mode').selectOption('attach');
      expect(await page.getByLabel('Shell').count()).toBe(0);
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await expect
        .poll(() => state.getAttribute('data-console-state'), { timeout: 30_000 })
        .toMatch(/^(open|failed)$/);
      expect(
        await state.getAttribute('data-console-state'),
        (await state.textContent()) ?? '',
      ).toBe('open');
    };
    const detachLeavesRunning = async (id: string) => {
      await page.getByRole('button', { name: 'Detach' }).click();
      await expect
        .poll(() => state.getAttribute('data-console-state'), { timeout: 30_000 })
        .toBe('ended');
      const inspect = await docker('GET', `/containers/${id}/json`);
      expect((inspect.body as { State: { Running: boolean } }).State.Running).toBe(true);
    };

    // The ticker has no TTY and no stdin: its stdout and stderr arrive demultiplexed, one tick per
    // row from the left margin (bare \n shown as a new line).
    await attach(containerId);
    expect(await state.textContent()).toContain('no TTY');
    await expect
      .poll(async () => (await rowTexts()).filter((r) => /^(tick|warn) \d+$/.test(r)).length, {
        timeout: 30_000,
      })
      .toBeGreaterThanOrEqual(4);
    await detachLeavesRunning(containerId);

    // Stdin without a TTY: keys are echoed in the page and a line goes to the process on Enter.
    const reader = await runContainer('reader', {
      Cmd: ['sh', '-c', 'while read line; do echo "got $line"; done'],
      OpenStdin: true,
    });
    await attach(reader);
    await page.getByRole('region', { name: 'Terminal' }).click();
    await page.keyboard.type('hellx');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('o');
    await page.keyboard.press('Enter');
    await expect
      .poll(rowTexts, { timeout: 30_000 })
      .toEqual(expect.arrayContaining(['hello', 'got hello']));
    await detachLeavesRunning(reader);

    // A TTY and stdin (`docker run -dit … sh`): the container's own shell answers.
    const shell = await runContainer('interactive', {
      Cmd: ['sh'],
      Tty: true,
      OpenStdin: true,
    });
    await attach(shell);
    expect(await state.textContent()).toBe('Connected.');
    await page.getByRole('region', { name: 'Terminal' }).click();
    await page.keyboard.type('echo attached-$((40+2))');
    await page.keyboard.press('Enter');
    await expect
      .poll(rowTexts, { timeout: 30_000 })
      .toEqual(expect.arrayContaining([expect.stringMatching(/^attached-42$/)]));
    await screenshot(page, 'container-attach');
    await detachLeavesRunning(shell);
    await page.goto(`${server.url}/containers/view?host=${hostId}&id=${containerId}`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 30_000 })
      .toContain('ticker');
  });

  it('draws live stats samples', async () => {
    const { page } = ui;
    await page.getByRole('tab', { name: 'Stats' }).click();
    const cpu = page
      .locator('figure.chart')
      .filter({ has: page.getByRole('img', { name: /^CPU:/ }) });
    await expect
      .poll(async () => Number(await cpu.getAttribute('data-samples')), { timeout: 30_000 })
      .toBeGreaterThanOrEqual(3);
    const points = await cpu.locator('polyline').first().getAttribute('points');
    expect(points?.split(' ').length).toBeGreaterThanOrEqual(3);
    const memory = page.getByRole('img', { name: /^Memory/ });
    expect(await memory.getAttribute('aria-label')).toMatch(/Used \d/);
    await screenshot(page, 'container-stats');
  });

  it('shows the inspect JSON with search, and the processes', async () => {
    const { page } = ui;
    await page.getByRole('tab', { name: 'Inspect' }).click();
    const viewer = page.getByRole('region', { name: 'Inspect JSON' });
    await viewer.getByLabel('Search Inspect JSON').fill('container-details');
    // The search opens the path to the label value and highlights it.
    await expect
      .poll(() => viewer.locator('mark').allTextContents())
      .toContain('container-details');
    expect(await viewer.getByRole('button', { name: /Labels/ }).getAttribute('aria-expanded')).toBe(
      'true',
    );
    await page.getByRole('tab', { name: 'Processes' }).click();
    const table = page.getByRole('table', { name: 'Processes' });
    await expect
      .poll(async () => (await table.locator('tbody').textContent()) ?? '', { timeout: 30_000 })
      .toContain('while true');
  });

  it('renames the container and shows the new name', async () => {
    const { page } = ui;
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.getByLabel('New name').fill('ticker-renamed');
    await page.getByRole('button', { name: 'Rename' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 30_000 })
      .toContain('ticker-renamed');
    expect(dockerOn(agent, ['inspect', '--format', '{{.Name}}', containerId]).stdout).toBe(
      '/ticker-renamed',
    );
    const theme = () => page.locator('html').getAttribute('data-theme');
    const other = (await theme()) === 'dark' ? 'light' : 'dark';
    await page.getByRole('button', { name: `Switch to ${other} theme` }).click();
    await expect.poll(theme).toBe(other);
    await screenshot(page, `container-overview-${other}`);
  });

  it('updates the memory and process limits', async () => {
    const { page } = ui;
    const form = page.getByRole('form', { name: 'Restart policy and limits' });
    await form.getByLabel('Memory limit (MiB)').fill('256');
    await form.getByLabel('Process limit').fill('100');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toBe('Saved.');
    const limits = dockerOn(agent, [
      'inspect',
      '--format',
      '{{.HostConfig.Memory}} {{.HostConfig.PidsLimit}}',
      containerId,
    ]).stdout;
    expect(limits).toBe(`${256 * 1024 * 1024} 100`);
  });

  it('stops, then removes the container from the page', async () => {
    const { page } = ui;
    const actions = page.getByRole('group', { name: 'Container actions' });
    await actions.getByRole('button', { name: 'Stop' }).click();
    await expect
      .poll(() => page.locator('h1 [data-state]').getAttribute('data-state'), { timeout: 60_000 })
      .toBe('exited');
    expect(dockerOn(agent, ['inspect', '--format', '{{.State.Status}}', containerId]).stdout).toBe(
      'exited',
    );
    await actions.getByRole('button', { name: 'Remove' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove container?' });
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await page.waitForURL('**/containers');
    expect(dockerOn(agent, ['inspect', containerId]).code).not.toBe(0);
  });
});
