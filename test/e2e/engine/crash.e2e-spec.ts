import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildBusyboxRootfsTar } from '../../support/busybox';
import { startEngine, type TestEngine } from '../../support/engine';

const isRoot = process.getuid?.() === 0;
if (!isRoot && process.env.CI === 'true') throw new Error('engine e2e tests need root in CI');

/**
 * wharfd killed with SIGKILL while a commit or a container start is under way. Where the kill lands
 * varies from run to run; every landing must leave a store that is whole: the object is either
 * fully there and usable, or absent, and nothing half-made stays behind.
 */
describe.runIf(isRoot)('kill -9 of wharfd during a commit or a start', () => {
  let engine: TestEngine;
  const work = mkdtempSync(join(tmpdir(), 'wharf-crash-e2e-'));

  beforeAll(async () => {
    engine = await startEngine();
    engine.docker(['import', '-c', 'CMD ["sh"]', buildBusyboxRootfsTar(work), 'busybox']);
  });
  afterAll(async () => {
    await engine?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  /** Starts a docker CLI command in the background and SIGKILLs wharfd after `afterMs`. */
  async function crashDuring(args: string[], afterMs: number): Promise<void> {
    const cli = spawn('/usr/local/bin/docker', args, {
      env: { ...process.env, DOCKER_HOST: `unix://${engine.socket}` },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => cli.once('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, afterMs));
    await engine.kill9();
    await exited;
    await engine.start();
  }

  const leftovers = (dir: string, pattern: RegExp) =>
    existsSync(dir) ? readdirSync(dir).filter((name) => pattern.test(name)) : [];

  it('a commit is whole or absent after a crash, and the container is intact', async () => {
    engine.docker([
      'run',
      '-d',
      '--name',
      'source',
      '--network',
      'none',
      'busybox',
      'sleep',
      '600',
    ]);
    // A writable layer big enough that the commit is still writing when the kill lands.
    engine.docker(['exec', 'source', 'sh', '-c', 'head -c 150000000 /dev/urandom > /payload']);
    await crashDuring(['commit', 'source', 'committed:1'], 400);
    const found = engine.docker(['images', '-q', 'committed:1']).stdout.trim();
    if (found !== '') {
      const size = engine.docker([
        'run',
        '--rm',
        '--network',
        'none',
        'committed:1',
        'sh',
        '-c',
        'wc -c < /payload',
      ]);
      expect(size.stdout.trim()).toBe('150000000');
    }
    expect(leftovers(join(engine.dataDir, 'engine', 'layers'), /^tmp-/)).toEqual([]);
    expect(leftovers(join(engine.dataDir, 'engine', 'content', 'ingest'), /./)).toEqual([]);
    // The source container was re-adopted and still has its data.
    expect(engine.docker(['exec', 'source', 'sh', '-c', 'wc -c < /payload']).stdout.trim()).toBe(
      '150000000',
    );
    // A commit after the restart works.
    expect(engine.docker(['commit', 'source', 'committed:2']).code).toBe(0);
    engine.docker(['rm', '-f', 'source']);
  });

  it('a container whose start was cut short is running or stopped, and removes cleanly', async () => {
    for (const [n, afterMs] of [40, 120, 250].entries()) {
      const name = `starter${n}`;
      expect(
        engine.docker(['create', '--name', name, '--network', 'none', 'busybox', 'sleep', '600'])
          .code,
      ).toBe(0);
      const id = engine.docker(['inspect', '-f', '{{.Id}}', name]).stdout.trim();
      await crashDuring(['start', name], afterMs);
      const state = engine.docker(['inspect', '-f', '{{.State.Status}}', name]).stdout.trim();
      expect(['running', 'created', 'exited']).toContain(state);
      if (state === 'running')
        expect(engine.docker(['exec', name, 'echo', 'alive']).stdout).toBe('alive\n');
      // Whatever the landing, a start now works, then removal leaves nothing of the container.
      if (state !== 'running') expect(engine.docker(['start', name]).code).toBe(0);
      expect(engine.docker(['rm', '-f', name]).code).toBe(0);
      expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(id);
      const conmons = spawnSync('pgrep', ['-f', `conmon.*${id}`])
        .stdout.toString()
        .trim();
      expect(conmons).toBe('');
      expect(existsSync(join(engine.dataDir, 'engine', 'containers', id))).toBe(false);
    }
  });
});
