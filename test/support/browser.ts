import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

const ROOT = join(__dirname, '..', '..');
/** Screenshots of every main page land here; CI prints the path. */
export const SCREENSHOT_DIR = join(ROOT, 'test-output', 'screenshots');

let announced = false;

const WEB_SOURCES = ['apps/web/src', 'libs/web', 'libs/shared/contracts/src'];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile())
      newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * The server serves the UI from dist/apps/web; build it when it is missing or older than the UI
 * sources, so a browser test never runs against a missing or stale UI. `flock` keeps two test
 * runs on one machine from writing the export at the same time.
 */
export function ensureWebBuilt(): void {
  const index = join(ROOT, 'dist/apps/web/index.html');
  const builtAt = existsSync(index) ? statSync(index).mtimeMs : 0;
  if (builtAt > Math.max(...WEB_SOURCES.map((d) => newestMtime(join(ROOT, d))))) return;
  const result = spawnSync(
    'flock',
    [join(tmpdir(), 'wharf-web-build.lock'), process.execPath, 'scripts/build.mjs', 'web'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (result.status !== 0) throw new Error('node scripts/build.mjs web failed');
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
