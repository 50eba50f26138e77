import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile())
      newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * Runs `scripts/build.mjs <targets>` when any of `outputs` is missing or older than the newest file
 * under `sources` (paths relative to the repo root), so tests never run a missing or stale bundle.
 * `flock` keeps two test runs on one machine from writing dist/ at the same time.
 */
export function buildIfStale(targets: string[], outputs: string[], sources: string[]): void {
  const builtAt = Math.min(
    ...outputs.map((o) => (existsSync(join(ROOT, o)) ? statSync(join(ROOT, o)).mtimeMs : 0)),
  );
  if (builtAt > Math.max(...sources.map((d) => newestMtime(join(ROOT, d))))) return;
  // One lock for every target: the server and agent builds share files under dist/.
  const lock = join(tmpdir(), 'wharf-build.lock');
  const result = spawnSync('flock', [lock, process.execPath, 'scripts/build.mjs', ...targets], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`node scripts/build.mjs ${targets.join(' ')} failed`);
}
