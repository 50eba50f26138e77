import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildBusyboxRootfsTar } from '../../support/busybox';
import { startEngine, type TestEngine } from '../../support/engine';
import { waitFor } from '../../support/services';

const isRoot = process.getuid?.() === 0;
if (!isRoot && process.env.CI === 'true') throw new Error('engine e2e tests need root in CI');

interface Health {
  Status: string;
  FailingStreak: number;
  Log: { ExitCode: number; Output: string }[];
}

describe.runIf(isRoot)('healthchecks through the stock docker CLI', () => {
  let engine: TestEngine;
  const work = mkdtempSync(join(tmpdir(), 'wharf-health-e2e-'));
  const ok = (...args: string[]) => {
    const r = engine.docker(args);
    expect(r.stderr, `docker ${args.join(' ')}`).toBe('');
    return r.stdout.trim();
  };
  const health = (name: string): Health | null =>
    JSON.parse(ok('inspect', '-f', '{{json .State.Health}}', name)) as Health | null;

  beforeAll(async () => {
    engine = await startEngine();
    ok('import', '-c', 'CMD ["sh"]', buildBusyboxRootfsTar(work), 'busybox');
  });
  afterAll(async () => {
    await engine?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('goes starting -> unhealthy after the retries -> healthy when the probe passes, with events, ps and filters', async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    ok(
      'run',
      '-d',
      '--name',
      'probed',
      '--network',
      'none',
      '--health-cmd',
      'cat /tmp/ok',
      '--health-interval',
      '200ms',
      '--health-retries',
      '2',
      '--health-timeout',
      '2s',
      'busybox',
      'sleep',
      '300',
    );
    expect(health('probed')?.Status).toBe('starting');
    expect(ok('ps', '--filter', 'name=probed', '--format', '{{.Status}}')).toContain(
      '(health: starting)',
    );
    await waitFor(
      () => Promise.resolve(health('probed')?.Status === 'unhealthy'),
      'unhealthy',
      20_000,
    );
    const failing = health('probed');
    expect(failing?.FailingStreak).toBeGreaterThanOrEqual(2);
    expect(failing?.Log.at(-1)?.ExitCode).toBe(1);
    expect(failing?.Log.at(-1)?.Output).toContain('No such file');
    ok('exec', 'probed', 'sh', '-c', 'echo fine > /tmp/ok');
    await waitFor(() => Promise.resolve(health('probed')?.Status === 'healthy'), 'healthy', 20_000);
    expect(health('probed')?.FailingStreak).toBe(0);
    expect(health('probed')?.Log.length).toBeLessThanOrEqual(5);
    expect(ok('ps', '--filter', 'health=healthy', '--format', '{{.Names}} {{.Status}}')).toMatch(
      /^probed Up .* \(healthy\)$/,
    );
    expect(ok('ps', '--filter', 'health=unhealthy', '-q')).toBe('');
    // Probes are not user execs.
    expect(ok('inspect', '-f', '{{.ExecIDs}}', 'probed')).toBe('[]');
    const events = ok(
      'events',
      '--since',
      String(since),
      '--until',
      String(Math.floor(Date.now() / 1000) + 1),
      '--filter',
      'container=probed',
      '--format',
      '{{.Action}}',
    );
    expect(events.split('\n')).toEqual(
      expect.arrayContaining(['health_status: unhealthy', 'health_status: healthy']),
    );
    ok('rm', '-f', 'probed');
  });

  it('a probe over its timeout fails; --no-healthcheck and containers without one report no health', async () => {
    ok(
      'run',
      '-d',
      '--name',
      'slow',
      '--network',
      'none',
      '--health-cmd',
      'sleep 5',
      '--health-interval',
      '200ms',
      '--health-timeout',
      '300ms',
      '--health-retries',
      '1',
      'busybox',
      'sleep',
      '300',
    );
    await waitFor(
      () => Promise.resolve(health('slow')?.Status === 'unhealthy'),
      'timeout makes it unhealthy',
      20_000,
    );
    expect(health('slow')?.Log.at(-1)).toMatchObject({
      ExitCode: -1,
      Output: 'Health check exceeded timeout',
    });
    ok('rm', '-f', 'slow');
    ok(
      'run',
      '-d',
      '--name',
      'plain',
      '--network',
      'none',
      '--no-healthcheck',
      'busybox',
      'sleep',
      '300',
    );
    expect(health('plain')).toBeNull();
    expect(ok('ps', '--filter', 'health=none', '--format', '{{.Names}}')).toContain('plain');
    ok('rm', '-f', 'plain');
  });
});
