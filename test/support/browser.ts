import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterEach } from 'vitest';

import { buildIfStale } from './build';

const ROOT = join(__dirname, '..', '..');
/** Screenshots of every main page land here; CI prints the path. */
export const SCREENSHOT_DIR = join(ROOT, 'test-output', 'screenshots');

let announced = false;

/**
 * The server serves the UI from dist/apps/web; build it when it is missing or older than the UI
 * sources, so a browser test never runs against a missing or stale UI.
 */
export function ensureWebBuilt(): void {
  buildIfStale(
    ['web'],
    ['dist/apps/web/index.html'],
    ['apps/web/src', 'libs/web', 'libs/shared/contracts/src'],
  );
}

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Debian's chromium driven by playwright-core, headless, with a fresh profile and the flags this
 * closed network needs. The server's CA is private, so HTTPS errors are ignored for this context only.
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'wharf-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    ignoreHTTPSErrors: true,
    viewport: { width: 1280, height: 800 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page PNG as `<name>.png` in {@link SCREENSHOT_DIR}. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  if (!announced) {
    process.stdout.write(`screenshots: ${SCREENSHOT_DIR}\n`);
    announced = true;
  }
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * After a failed test of the calling suite, saves a screenshot named `failed-<test>` and prints the
 * page's URL and visible text, so a failure in CI shows what the browser showed.
 */
export function screenshotOnFailure(page: () => Page | undefined): void {
  afterEach(async (context) => {
    const current = page();
    if (context.task.result?.state !== 'fail' || current === undefined) return;
    const name = `failed-${context.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`;
    const path = await screenshot(current, name).catch(() => 'none');
    const text = await current
      .locator('body')
      .innerText({ timeout: 2000 })
      .catch(() => '');
    process.stdout.write(
      `failed test "${context.task.name}": ${current.url()}\nscreenshot: ${path}\npage text:\n${text.slice(0, 3000)}\n`,
    );
  });
}
