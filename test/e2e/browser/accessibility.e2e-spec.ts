import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ensureWebBuilt, launchBrowser, type TestBrowser } from '../../support/browser';
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
  throw new Error('the accessibility browser test runs a real agent and needs root in CI');

/** Roles a user operates; each needs a name a screen reader can announce. */
const INTERACTIVE = new Set([
  'button',
  'checkbox',
  'combobox',
  'link',
  'listbox',
  'menuitem',
  'radio',
  'searchbox',
  'slider',
  'spinbutton',
  'switch',
  'tab',
  'textbox',
]);

interface AxNode {
  ignored: boolean;
  role?: { value?: string };
  name?: { value?: string };
  backendDOMNodeId?: number;
}

/** Controls in Chromium's computed accessibility tree that have no accessible name. */
async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
    const unnamed = nodes.filter(
      (n) => !n.ignored && INTERACTIVE.has(n.role?.value ?? '') && !n.name?.value?.trim(),
    );
    const described: string[] = [];
    for (const node of unnamed) {
      const { object } = (await cdp.send('DOM.resolveNode', {
        backendNodeId: node.backendDOMNodeId,
      })) as { object: { objectId?: string } };
      const html = (await cdp.send('Runtime.callFunctionOn', {
        objectId: object.objectId,
        functionDeclaration: 'function () { return this.outerHTML.slice(0, 200); }',
        returnByValue: true,
      })) as { result: { value: string } };
      described.push(`${node.role?.value}: ${html.result.value}`);
    }
    return described;
  } finally {
    await cdp.detach();
  }
}

describe.runIf(isRoot)('every page is labelled for assistive technology and fits 1280×800', () => {
  let server: WharfServer;
  let admin: ApiClient;
  let agent: WharfAgent;
  let ui: TestBrowser;
  let hostId: string;
  let containerId: string;
  let tarDir: string;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startWharfServer();
    admin = await server.createAdmin();
    agent = await startWharfAgent(server);
    hostId = await hostIdOf(admin, agent, new Set());
    await engineReady(agent);
    tarDir = mkdtempSync(join(tmpdir(), 'wharf-a11y-'));
    expect(dockerOn(agent, ['import', buildBusyboxRootfsTar(tarDir), 'busybox:latest']).code).toBe(
      0,
    );
    // Rows with their action buttons on every list.
    const run = dockerOn(agent, ['run', '-d', '--name', 'a11y', 'busybox:latest', 'sleep', '600']);
    expect(run.code, run.stderr).toBe(0);
    containerId = run.stdout.trim();
    expect(dockerOn(agent, ['volume', 'create', 'a11y-data']).code).toBe(0);
    expect(dockerOn(agent, ['network', 'create', 'a11y-net']).code).toBe(0);

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
      dockerOn(agent, ['volume', 'rm', '-f', 'a11y-data']);
      dockerOn(agent, ['network', 'rm', 'a11y-net']);
      await agent.stop();
    }
    await server?.stop();
    if (tarDir !== undefined) rmSync(tarDir, { recursive: true, force: true });
  });

  const pages = () => [
    ['/hosts', `tr[data-host-id="${hostId}"]`],
    ['/containers', 'tr[data-container="a11y"]'],
    ['/containers/new', 'form'],
    [`/containers/view?host=${hostId}&id=${containerId}`, 'h1 [data-state="running"]'],
    ['/images', 'text=busybox:latest'],
    ['/volumes', 'text=a11y-data'],
    ['/networks', 'text=a11y-net'],
    ['/registries', 'h1'],
    ['/users', 'tr[data-username="admin"]'],
    ['/users/teams', 'h1'],
    ['/users/roles', 'h1'],
    ['/jobs', 'h1'],
    ['/audit', 'table'],
    ['/profile', 'h1'],
  ];

  it('names every control, has one main heading, and needs no sideways scrolling', async () => {
    const { page } = ui;
    // The checker itself: an unnamed button put into a page is reported.
    await page.goto(`${server.url}/hosts`);
    await page.locator('h1').waitFor();
    await page.evaluate(`document.querySelector('main').append(document.createElement('button'))`);
    expect(await unnamedControls(page)).toEqual(['button: <button></button>']);

    const problems: Record<string, string[]> = {};
    for (const [path, loaded] of pages()) {
      await page.goto(`${server.url}${path}`);
      await page.locator(loaded!).first().waitFor({ timeout: 30_000 });
      const found = await unnamedControls(page);
      if ((await page.locator('h1').count()) !== 1) found.push('not exactly one h1');
      const overflow = Number(
        await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
      );
      if (overflow > 0) found.push(`${overflow}px wider than the 1280px window`);
      if (found.length > 0) problems[path!] = found;
    }
    expect(problems).toEqual({});
  });

  it('reaches the main navigation and a page action with the keyboard alone', async () => {
    const { page } = ui;
    await page.goto(`${server.url}/containers`);
    await page.locator('tr[data-container="a11y"]').waitFor({ timeout: 30_000 });
    // The focused element's label (aria-label, else its text), read in the page.
    const focusedName = async () =>
      String(
        await page.evaluate(`(() => {
          const el = document.activeElement;
          return ((el && (el.getAttribute('aria-label') || el.textContent)) || '').trim();
        })()`),
      );
    const seen: string[] = [];
    for (let i = 0; i < 60 && !seen.includes('Volumes'); i++) {
      await page.keyboard.press('Tab');
      seen.push(await focusedName());
    }
    expect(seen).toContain('Volumes');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/volumes');
  });
});
