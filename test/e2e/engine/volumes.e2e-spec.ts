import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildBusyboxRootfsTar, writeBusyboxRootfs } from '../../support/busybox';
import { startEngine, type TestEngine } from '../../support/engine';

const isRoot = process.getuid?.() === 0;
if (!isRoot && process.env.CI === 'true') throw new Error('engine e2e tests need root in CI');

describe.runIf(isRoot)('volumes through the stock docker CLI', () => {
  let engine: TestEngine;
  const work = mkdtempSync(join(tmpdir(), 'wharf-vol-e2e-'));
  const run = (...args: string[]) => engine.docker(['run', '--rm', '--network', 'none', ...args]);

  beforeAll(async () => {
    engine = await startEngine();
    // An image with content under a VOLUME, and a symlinked VOLUME that points at the host's /etc.
    const rootfs = join(work, 'rootfs');
    writeBusyboxRootfs(rootfs);
    mkdirSync(join(rootfs, 'seed'));
    writeFileSync(join(rootfs, 'seed', 'hello.txt'), 'from the image\n');
    symlinkSync('/etc', join(rootfs, 'evil'));
    const tar = join(work, 'seeded.tar');
    spawnSync('tar', ['-C', rootfs, '-cf', tar, '.']);
    const imported = engine.docker([
      'import',
      '-c',
      'VOLUME /seed',
      '-c',
      'VOLUME /evil',
      '-c',
      'CMD ["sh"]',
      tar,
      'seeded:1',
    ]);
    expect(imported.stderr).toBe('');
    expect(engine.docker(['import', buildBusyboxRootfsTar(work), 'busybox:latest']).code).toBe(0);
  });
  afterAll(async () => {
    await engine?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('creates, lists, inspects and removes named volumes', () => {
    expect(engine.docker(['volume', 'create', '--label', 'tier=db', 'pgdata']).stdout).toBe(
      'pgdata\n',
    );
    expect(engine.docker(['volume', 'create', 'pgdata']).code).toBe(0);
    expect(
      engine.docker([
        'volume',
        'ls',
        '--filter',
        'label=tier=db',
        '--format',
        '{{.Name}} {{.Driver}}',
      ]).stdout,
    ).toBe('pgdata local\n');
    const mountpoint = engine
      .docker(['volume', 'inspect', '--format', '{{.Mountpoint}}', 'pgdata'])
      .stdout.trim();
    expect(mountpoint).toBe(join(engine.dataDir, 'engine', 'volumes', 'pgdata', '_data'));
    expect(engine.docker(['volume', 'rm', 'pgdata']).stdout).toBe('pgdata\n');
    expect(engine.docker(['volume', 'inspect', 'pgdata']).stderr).toContain('no such volume');
  });

  it('keeps data across containers, honours :ro, and refuses removal while in use', () => {
    expect(run('-v', 'shared:/data', 'busybox', 'sh', '-c', 'echo kept > /data/f').code).toBe(0);
    expect(run('-v', 'shared:/data:ro', 'busybox', 'cat', '/data/f').stdout).toBe('kept\n');
    const readOnly = run('-v', 'shared:/data:ro', 'busybox', 'touch', '/data/g');
    expect(readOnly.code).not.toBe(0);
    expect(readOnly.stderr).toContain('Read-only file system');
    const holder = engine
      .docker(['run', '-d', '--network', 'none', '-v', 'shared:/data', 'busybox', 'sleep', '300'])
      .stdout.trim();
    const refused = engine.docker(['volume', 'rm', 'shared']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`remove shared: volume is in use - [${holder}]`);
    engine.docker(['rm', '-f', holder]);
    expect(engine.docker(['volume', 'rm', 'shared']).code).toBe(0);
  });

  it("copies the image's content into a fresh volume, but never through a symlink to the host", () => {
    expect(run('-v', 'seeded-vol:/seed', 'seeded:1', 'cat', '/seed/hello.txt').stdout).toBe(
      'from the image\n',
    );
    const evilVolume = engine
      .docker(['volume', 'ls', '-q'])
      .stdout.split('\n')
      .filter((n) => /^[0-9a-f]{64}$/.test(n));
    for (const name of evilVolume) {
      const dir = engine
        .docker(['volume', 'inspect', '--format', '{{.Mountpoint}}', name])
        .stdout.trim();
      expect(spawnSync('ls', ['-A', dir]).stdout.toString()).not.toContain('passwd');
    }
  });

  it('gives -v /path and image VOLUMEs anonymous volumes that rm -v removes, named ones stay', () => {
    const before = new Set(
      engine.docker(['volume', 'ls', '-q']).stdout.split('\n').filter(Boolean),
    );
    const id = engine
      .docker([
        'create',
        '--network',
        'none',
        '-v',
        '/scratch',
        '-v',
        'named-stays:/named',
        'seeded:1',
      ])
      .stdout.trim();
    const mounts = JSON.parse(
      engine.docker(['inspect', '--format', '{{json .Mounts}}', id]).stdout,
    ) as { Type: string; Name: string; Destination: string }[];
    expect(mounts.map((m) => m.Destination).sort()).toEqual([
      '/evil',
      '/named',
      '/scratch',
      '/seed',
    ]);
    const anonymous = mounts.filter((m) => m.Name !== 'named-stays').map((m) => m.Name);
    expect(anonymous.every((n) => /^[0-9a-f]{64}$/.test(n) && !before.has(n))).toBe(true);
    expect(engine.docker(['rm', '-v', id]).code).toBe(0);
    const after = engine.docker(['volume', 'ls', '-q']).stdout;
    for (const name of anonymous) expect(after).not.toContain(name);
    expect(after).toContain('named-stays');
  });

  it('prunes unused anonymous volumes by default and named ones with --all', () => {
    engine.docker(['volume', 'create', 'keep-me']);
    engine.docker(['create', '--network', 'none', '-v', '/anon', 'busybox']);
    engine.docker(['rm', engine.docker(['ps', '-aq', '-l']).stdout.trim()]);
    const pruned = engine.docker(['volume', 'prune', '-f']);
    expect(pruned.code).toBe(0);
    expect(engine.docker(['volume', 'ls', '-q']).stdout).toContain('keep-me');
    expect(
      engine
        .docker(['volume', 'ls', '-q'])
        .stdout.split('\n')
        .filter((n) => /^[0-9a-f]{64}$/.test(n)),
    ).toEqual([]);
    expect(engine.docker(['volume', 'prune', '-a', '-f']).code).toBe(0);
    expect(engine.docker(['volume', 'ls', '-q']).stdout).not.toContain('keep-me');
  });

  it('creates a missing host directory for a bind mount', () => {
    const dir = join(work, 'made-by-the-engine');
    expect(
      run('-v', `${dir}:/host`, 'busybox', 'sh', '-c', 'echo from-container > /host/out').code,
    ).toBe(0);
    expect(readFileSync(join(dir, 'out'), 'utf8')).toBe('from-container\n');
  });

  it('docker cp reads and writes through volumes and binds, running or stopped; :ro refuses', async () => {
    const hostDir = join(work, 'cp-bind');
    mkdirSync(hostDir);
    writeFileSync(join(hostDir, 'on-host.txt'), 'bound\n');
    const payload = join(work, 'payload.txt');
    writeFileSync(payload, 'copied in\n');
    const create = (name: string, ...cmd: string[]) =>
      engine.docker([
        'run',
        '-d',
        '--name',
        name,
        '--network',
        'none',
        '-v',
        'cpvol:/vol',
        '-v',
        `${hostDir}:/bind`,
        '-v',
        'cpro:/ro:ro',
        'busybox',
        ...cmd,
      ]);
    expect(create('cp-live', 'sleep', '300').code).toBe(0);
    // Into a running container's volume: the container sees it, and so does the volume.
    expect(engine.docker(['cp', payload, 'cp-live:/vol/in.txt']).code).toBe(0);
    expect(engine.docker(['exec', 'cp-live', 'cat', '/vol/in.txt']).stdout).toBe('copied in\n');
    // Out of a bind mount of a running container.
    const out = join(work, 'out-bind.txt');
    expect(engine.docker(['cp', 'cp-live:/bind/on-host.txt', out]).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('bound\n');
    // A read-only volume refuses the copy and keeps nothing.
    const ro = engine.docker(['cp', payload, 'cp-live:/ro/in.txt']);
    expect(ro.stderr).toContain('mounted volume is marked read-only');
    expect(engine.docker(['exec', 'cp-live', 'ls', '/ro']).stdout).toBe('');
    // Stopped: the volume is still what cp sees, both ways.
    expect(engine.docker(['stop', '-t', '0', 'cp-live']).code).toBe(0);
    expect(engine.docker(['cp', payload, 'cp-live:/bind/while-stopped.txt']).code).toBe(0);
    expect(readFileSync(join(hostDir, 'while-stopped.txt'), 'utf8')).toBe('copied in\n');
    const fromVolume = join(work, 'out-vol.txt');
    expect(engine.docker(['cp', 'cp-live:/vol/in.txt', fromVolume]).code).toBe(0);
    expect(readFileSync(fromVolume, 'utf8')).toBe('copied in\n');
    // Nothing stays mounted over the stopped container's root filesystem.
    // (The CLI stops reading at the tar's end marker, so it may exit just before the release.)
    const id = engine.docker(['inspect', '-f', '{{.Id}}', 'cp-live']).stdout.trim();
    await expect.poll(() => readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(id);
    engine.docker(['rm', '-f', '-v', 'cp-live']);
    engine.docker(['volume', 'rm', 'cpvol', 'cpro']);
  });
});
