import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ensureWebBuilt, launchBrowser, screenshot, type TestBrowser } from '../../support/browser';
import { buildBusyboxRootfsTar } from '../../support/busybox';
import { startRegistry, type TestRegistry } from '../../support/registry';
import {
  startWharfAgent,
  startWharfServer,
  TEST_ADMIN_PASSWORD,
  type ApiClient,
  type WharfAgent,
  type WharfServer,
} from '../../support/wharf-system';
import { dockerOn, engineReady, hostIdOf } from '../fleet/fleet-helpers';

const isRoot = process.getuid?.() === 0;
if (!isRoot && process.env.CI === 'true')
  throw new Error('the images, volumes and networks browser test runs a real agent and needs root');

const VOLUME = 'ivn-data';
const NETWORK = 'ivn-net';
const BAD_NETWORK = 'ivn-bad';

/** Marks the document so a later check can tell the page was never reloaded. */
const markDocument = (page: Page) =>
  page.evaluate(() => {
    (globalThis as unknown as { ivnMark?: boolean }).ivnMark = true;
  });
const stillSameDocument = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { ivnMark?: boolean }).ivnMark === true);

describe.runIf(isRoot)('images, volumes and networks pages in a real browser', () => {
  let server: WharfServer;
  let admin: ApiClient;
  let agent: WharfAgent;
  let registry: TestRegistry;
  let ui: TestBrowser;
  let tarDir: string;
  let reference: string;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startWharfServer();
    admin = await server.createAdmin();
    agent = await startWharfAgent(server);
    await hostIdOf(admin, agent, new Set());
    await engineReady(agent);
    tarDir = mkdtempSync(join(tmpdir(), 'wharf-ivn-'));
    registry = await startRegistry();
    await registry.pushImage('demo/busybox', '1', [readFileSync(buildBusyboxRootfsTar(tarDir))]);
    reference = `${registry.address}/demo/busybox:1`;

    // Signing in through the form is the walking skeleton's subject: reuse the API session here.
    const session = server.api();
    const login = await session.request('POST', '/auth/login', {
      username: 'admin',
      password: TEST_ADMIN_PASSWORD,
    });
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    ui = await launchBrowser();
    await ui.page.setViewportSize({ width: 1280, height: 800 });
    await ui.context.addCookies(
      [...session.cookies].map(([name, value]) => ({ name, value, url: server.url })),
    );
  });

  afterAll(async () => {
    await ui?.close();
    if (agent !== undefined) {
      dockerOn(agent, ['rm', '-f', 'ivn-user', 'ivn-web']);
      dockerOn(agent, ['volume', 'rm', '-f', VOLUME]);
      dockerOn(agent, ['network', 'rm', NETWORK]);
      dockerOn(agent, ['network', 'rm', BAD_NETWORK]);
      await agent.stop();
    }
    await registry?.stop();
    await server?.stop();
    if (tarDir !== undefined) rmSync(tarDir, { recursive: true, force: true });
  });

  it('pulls an image from a private registry with a progress bar per layer', async () => {
    const { page } = ui;
    await page.goto(`${server.url}/images`);
    await page.getByRole('button', { name: 'Pull image' }).click({ timeout: 30_000 });
    await page.getByLabel('Image', { exact: true }).fill(reference);
    await page.getByRole('button', { name: 'Pull', exact: true }).click();
    await expect
      .poll(() => page.getByRole('status').allTextContents(), { timeout: 60_000 })
      .toContain(`Pulled ${reference}.`);
    const progress = page.getByLabel('Pull progress');
    const layers = progress.locator('li[data-layer]');
    expect(await layers.count()).toBeGreaterThanOrEqual(1);
    expect(await progress.locator('progress').count()).toBe(await layers.count());
    // Every layer's bar ended full, and the engine's final status line is shown.
    expect(await progress.locator('li[data-done="false"]').count()).toBe(0);
    for (const bar of await progress.locator('progress').all())
      expect(await bar.getAttribute('value')).toBe('100');
    expect(await progress.getByLabel('Pull messages').textContent()).toContain(
      `Status: Downloaded newer image for ${reference}`,
    );
    await screenshot(page, 'image-pull');
    const table = page.getByRole('table', { name: 'Images' });
    await expect.poll(() => table.textContent(), { timeout: 30_000 }).toContain(reference);
    expect(dockerOn(agent, ['image', 'inspect', reference]).code).toBe(0);
    await page.getByRole('button', { name: 'Close' }).click();
    await screenshot(page, 'images');
  });

  it('tags the pulled image and shows the new tag', async () => {
    const { page } = ui;
    await page.getByRole('button', { name: `Tag ${reference}` }).click();
    await page.getByLabel('Repository').fill('demo/tagged');
    await page.getByLabel('Tag', { exact: true }).fill('v2');
    await page.getByRole('button', { name: 'Add tag' }).click();
    const table = page.getByRole('table', { name: 'Images' });
    await expect.poll(() => table.textContent(), { timeout: 30_000 }).toContain('demo/tagged:v2');
    expect(dockerOn(agent, ['image', 'inspect', 'demo/tagged:v2']).code).toBe(0);
    // Its history lists the layer the registry served.
    await page.getByRole('button', { name: /^History of / }).click();
    const history = page.getByRole('table', { name: 'Image history' });
    await expect.poll(() => history.locator('tbody tr').count(), { timeout: 30_000 }).toBe(1);
    await page.getByRole('button', { name: 'Close' }).click();
  });

  it('loads an image archive uploaded from the page', async () => {
    const { page } = ui;
    const archive = join(tarDir, 'loaded.tar');
    expect(dockerOn(agent, ['tag', reference, 'demo/loaded:1']).code).toBe(0);
    expect(dockerOn(agent, ['save', '-o', archive, 'demo/loaded:1']).code).toBe(0);
    expect(dockerOn(agent, ['rmi', 'demo/loaded:1']).code).toBe(0);
    await page.getByRole('button', { name: 'Load archive' }).click();
    await page.getByLabel('Archive (docker save .tar)').setInputFiles(archive);
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await expect
      .poll(async () => (await page.getByRole('status').allTextContents()).join('\n'), {
        timeout: 30_000,
      })
      .toContain('Loaded image: demo/loaded:1');
    const table = page.getByRole('table', { name: 'Images' });
    await expect.poll(() => table.textContent(), { timeout: 30_000 }).toContain('demo/loaded:1');
    expect(dockerOn(agent, ['image', 'inspect', 'demo/loaded:1']).code).toBe(0);
  });

  it('creates a volume from the form and lists it without a reload', async () => {
    const { page } = ui;
    await page.goto(`${server.url}/volumes`);
    await markDocument(page);
    await page.getByRole('button', { name: 'Create volume' }).click({ timeout: 30_000 });
    await page.getByLabel('Name', { exact: true }).fill(VOLUME);
    await page.getByLabel('Labels (key=value per line)').fill('purpose=e2e');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    const row = page.getByRole('table', { name: 'Volumes' }).locator(`tr[data-volume="${VOLUME}"]`);
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    expect(await row.textContent()).toContain('purpose=e2e');
    // The mountpoint comes from the engine once the row is there.
    await expect.poll(() => row.locator('code').textContent(), { timeout: 30_000 }).toMatch(/^\//);
    expect(await stillSameDocument(page)).toBe(true);
    expect(dockerOn(agent, ['volume', 'inspect', VOLUME]).code).toBe(0);
    await screenshot(page, 'volumes');
  });

  it('refuses a gateway outside the subnet before sending, then creates a valid network', async () => {
    const { page } = ui;
    await page.goto(`${server.url}/networks`);
    await markDocument(page);
    await page.getByRole('button', { name: 'Create network' }).click({ timeout: 30_000 });
    await page.getByLabel('Name', { exact: true }).fill(BAD_NETWORK);
    await page.getByLabel('Subnet').fill('172.30.5.0/24');
    await page.getByLabel('Gateway').fill('172.30.6.1');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    expect(await page.locator('#nv-create-gateway-error').textContent()).toBe(
      'The gateway is outside the subnet 172.30.5.0/24',
    );
    expect(await page.getByLabel('Gateway').getAttribute('aria-invalid')).toBe('true');
    expect(dockerOn(agent, ['network', 'inspect', BAD_NETWORK]).code).not.toBe(0);

    await page.getByLabel('Name', { exact: true }).fill(NETWORK);
    await page.getByLabel('Gateway').fill('172.30.5.1');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    const row = page
      .getByRole('table', { name: 'Networks' })
      .locator(`tr[data-network="${NETWORK}"]`);
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toContain('172.30.5.0/24');
    expect(await stillSameDocument(page)).toBe(true);
    const inspect = dockerOn(agent, ['network', 'inspect', NETWORK, '-f', '{{json .IPAM.Config}}']);
    expect(inspect.stdout).toContain('172.30.5.1');
    expect(dockerOn(agent, ['network', 'inspect', BAD_NETWORK]).code).not.toBe(0);
    // Built-in networks offer no remove button.
    const bridge = page.locator('tr[data-network="bridge"]');
    expect(await bridge.count()).toBe(1);
    expect(await bridge.getByRole('button', { name: /^Remove/ }).count()).toBe(0);
    expect(await row.getByRole('button', { name: `Remove ${NETWORK}` }).count()).toBe(1);
    await screenshot(page, 'networks');
  });

  it('inspects the network: a connected container with its address', async () => {
    const { page } = ui;
    const run = dockerOn(agent, [
      'run',
      '-d',
      '--name',
      'ivn-web',
      '--network',
      NETWORK,
      reference,
      'sleep',
      '600',
    ]);
    expect(run.code, run.stderr).toBe(0);
    await page.getByRole('button', { name: `Inspect ${NETWORK}` }).click();
    const connected = page.getByRole('table', { name: 'Connected containers' });
    await expect
      .poll(() => connected.locator('tbody').textContent(), { timeout: 30_000 })
      .toMatch(/ivn-web.*172\.30\.5\.\d+\/24/);
    await screenshot(page, 'network-inspect');
    expect(dockerOn(agent, ['rm', '-f', 'ivn-web']).code).toBe(0);
    await page.getByRole('button', { name: 'Close' }).click();
  });

  it('removes the network and the volume after confirmation', async () => {
    const { page } = ui;
    await page.getByRole('button', { name: `Remove ${NETWORK}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove network?' });
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await expect
      .poll(() => page.locator(`tr[data-network="${NETWORK}"]`).count(), { timeout: 30_000 })
      .toBe(0);
    expect(dockerOn(agent, ['network', 'inspect', NETWORK]).code).not.toBe(0);

    // A volume a container uses is refused with the engine's message; once free it goes.
    const user = dockerOn(agent, [
      'create',
      '--name',
      'ivn-user',
      '-v',
      `${VOLUME}:/data`,
      reference,
    ]);
    expect(user.code, user.stderr).toBe(0);
    await page.goto(`${server.url}/volumes`);
    const removeVolume = async () => {
      await page.getByRole('button', { name: `Remove ${VOLUME}` }).click({ timeout: 30_000 });
      await page
        .getByRole('dialog', { name: 'Remove volume?' })
        .getByRole('button', { name: 'Remove' })
        .click();
    };
    await removeVolume();
    await expect
      .poll(() => page.locator('p.error[role="alert"]').allTextContents(), { timeout: 30_000 })
      .toEqual([expect.stringContaining('volume is in use')]);
    expect(dockerOn(agent, ['volume', 'inspect', VOLUME]).code).toBe(0);
    expect(dockerOn(agent, ['rm', 'ivn-user']).code).toBe(0);
    await removeVolume();
    await expect
      .poll(() => page.locator(`tr[data-volume="${VOLUME}"]`).count(), { timeout: 30_000 })
      .toBe(0);
    expect(dockerOn(agent, ['volume', 'inspect', VOLUME]).code).not.toBe(0);
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    await screenshot(page, 'volumes-dark');
  });
});
