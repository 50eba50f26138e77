import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildBusyboxRootfsTar } from '../../support/busybox';
import { startEngine, type TestEngine } from '../../support/engine';

const isRoot = process.getuid?.() === 0;
if (!isRoot && process.env.CI === 'true') throw new Error('engine e2e tests need root in CI');

describe.runIf(isRoot)('disk usage and pruning through the stock docker CLI', () => {
  let engine: TestEngine;
  const work = mkdtempSync(join(tmpdir(), 'wharf-disk-e2e-'));
  let tar = '';
  const ok = (...args: string[]) => {
    const r = engine.docker(args);
    expect(r.stderr, `docker ${args.join(' ')}`).toBe('');
    expect(r.code).toBe(0);
    return r.stdout.trim();
  };

  beforeAll(async () => {
    engine = await startEngine();
    tar = buildBusyboxRootfsTar(work);
    ok('import', '-c', 'CMD ["sh"]', tar, 'busybox');
  });
  afterAll(async () => {
    await engine?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('ps -s and system df report what containers, images and volumes use', () => {
    ok(
      'run',
      '--name',
      'writer',
      '--network',
      'none',
      '-v',
      'data:/data',
      'busybox',
      'sh',
      '-c',
      'head -c 300000 /dev/zero > /big; head -c 200000 /dev/zero > /data/f',
    );
    const size = ok('ps', '-a', '-s', '--filter', 'name=writer', '--format', '{{.Size}}');
    expect(size).toMatch(/^30\dkB \(virtual 2\.\d+MB\)$/);
    const df = ok(
      'system',
      'df',
      '--format',
      '{{.Type}} {{.TotalCount}} {{.Active}} {{.Size}}',
    ).split('\n');
    expect(df[0]).toMatch(/^Images 1 1 2\.\d+MB$/);
    expect(df[1]).toMatch(/^Containers 1 0 30\dkB$/);
    expect(df[2]).toMatch(/^Local Volumes 1 1 20\dkB$/);
    expect(df[3]).toBe('Build Cache 0 0 0B');
    const verbose = JSON.parse(ok('system', 'df', '-v', '--format', '{{json .Volumes}}')) as {
      Name: string;
      Links: string;
    }[];
    expect(verbose.find((v) => v.Name === 'data')?.Links).toBe('1');
  });

  it('system prune removes stopped containers, unused networks and dangling images; --volumes and -a go further', () => {
    ok('network', 'create', 'unused-net');
    ok('run', '-d', '--name', 'keeper', '--network', 'none', 'busybox', 'sleep', '300');
    ok('import', '-c', 'CMD ["true"]', tar, 'spare:1');
    const pruned = ok('system', 'prune', '-f');
    expect(pruned).toContain('Deleted Containers:');
    expect(pruned).toContain('Deleted Networks:\nunused-net');
    expect(ok('ps', '-aq')).toBe(ok('inspect', '-f', '{{.Id}}', 'keeper').slice(0, 12));
    expect(ok('volume', 'ls', '-q')).toBe('data');
    // An anonymous volume left behind by a removed container; as with Docker (API >= 1.42),
    // `--volumes` prunes unused anonymous volumes only and keeps named ones.
    ok('run', '--name', 'anon-user', '--network', 'none', '-v', '/scratch', 'busybox', 'true');
    ok('rm', 'anon-user');
    expect(ok('volume', 'ls', '-q').split('\n')).toHaveLength(2);
    ok('system', 'prune', '-f', '--volumes', '--all');
    expect(ok('volume', 'ls', '-q')).toBe('data');
    // The running container keeps its image; the unused one goes.
    expect(ok('images', '--format', '{{.Repository}}').split('\n')).toEqual(['busybox']);
    ok('rm', '-f', 'keeper');
  });
});
