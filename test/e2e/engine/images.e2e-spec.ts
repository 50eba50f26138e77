import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildBusyboxRootfsTar } from '../../support/busybox';
import { startEngine, type TestEngine } from '../../support/engine';

const isRoot = process.getuid?.() === 0;
if (!isRoot && process.env.CI === 'true') throw new Error('engine e2e tests need root in CI');

/** A tar built entry by entry, for hostile archives. */
async function tarOf(
  entries: {
    name: string;
    type?: 'file' | 'symlink' | 'link' | 'directory';
    linkname?: string;
    body?: string;
  }[],
): Promise<Buffer> {
  const tar = pack();
  for (const e of entries)
    tar.entry(
      { name: e.name, type: e.type ?? 'file', linkname: e.linkname, mode: 0o644 },
      e.body ?? '',
    );
  tar.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of tar as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe.runIf(isRoot)('images through the stock docker CLI', () => {
  let engine: TestEngine;
  const work = mkdtempSync(join(tmpdir(), 'wharf-img-e2e-'));
  let rootfsTar: string;

  beforeAll(async () => {
    engine = await startEngine();
    rootfsTar = buildBusyboxRootfsTar(work);
  });
  afterAll(async () => {
    await engine?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('imports from a file and from stdin (gzip too) with -c changes', () => {
    const fromFile = engine.docker([
      'import',
      '-c',
      'ENV GREETING=hi',
      '-c',
      'CMD ["sh","-c","echo $GREETING"]',
      '-m',
      'first import',
      rootfsTar,
      'base:1',
    ]);
    expect(fromFile.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    expect(engine.docker(['run', '--rm', '--network', 'none', 'base:1']).stdout).toBe('hi\n');
    expect(
      engine
        .docker(['image', 'inspect', '--format', '{{.Comment}} {{json .Config.Env}}', 'base:1'])
        .stdout.trim(),
    ).toBe('first import ["GREETING=hi"]');
    const fromStdin = engine.docker(['import', '-', 'gz:1'], {
      input: gzipSync(readFileSync(rootfsTar)),
    });
    expect(fromStdin.code).toBe(0);
    expect(
      engine.docker(['images', '--format', '{{.Repository}}:{{.Tag}}', '--filter', 'reference=gz'])
        .stdout,
    ).toBe('gz:1\n');
  });

  it('round-trips several images through save and load, gzip included', () => {
    engine.docker(['tag', 'base:1', 'other:2']);
    const archive = join(work, 'saved.tar');
    expect(engine.docker(['save', '-o', archive, 'base:1', 'other:2']).code).toBe(0);
    const listing = spawnSync('tar', ['-tf', archive]).stdout.toString();
    for (const name of ['manifest.json', 'index.json', 'oci-layout', 'repositories'])
      expect(listing).toContain(name);
    const id = engine.docker(['image', 'inspect', '--format', '{{.Id}}', 'base:1']).stdout.trim();
    engine.docker(['rmi', 'base:1', 'other:2']);
    expect(engine.docker(['image', 'inspect', id]).code).not.toBe(0);
    const loaded = engine.docker(['load', '-i', archive]);
    expect(loaded.stdout).toContain('Loaded image: base:1');
    expect(loaded.stdout).toContain('Loaded image: other:2');
    expect(
      engine.docker(['image', 'inspect', '--format', '{{.Id}}', 'other:2']).stdout.trim(),
    ).toBe(id);
    writeFileSync(join(work, 'saved.tgz'), gzipSync(readFileSync(archive)));
    expect(engine.docker(['load', '-i', join(work, 'saved.tgz')]).code).toBe(0);
    expect(engine.docker(['run', '--rm', '--network', 'none', 'other:2', 'true']).code).toBe(0);
  });

  it("applies Docker's rmi rules for shared tags, IDs and images in use", () => {
    engine.docker(['tag', 'base:1', 'alias:1']);
    const id = engine.docker(['image', 'inspect', '--format', '{{.Id}}', 'base:1']).stdout.trim();
    const byId = engine.docker(['rmi', id.slice(7, 19)]);
    expect(byId.stderr).toContain('image is referenced in multiple repositories');
    expect(engine.docker(['rmi', 'alias:1']).stdout).toBe('Untagged: alias:1\n');
    engine.docker(['create', '--network', 'none', '--name', 'user-of-gz', 'gz:1', 'true']);
    const inUse = engine.docker(['rmi', 'gz:1']);
    expect(inUse.stderr).toMatch(
      /conflict: unable to remove repository reference "gz:1" \(must force\) - container [0-9a-f]{12} is using its referenced image [0-9a-f]{12}/,
    );
    engine.docker(['rm', 'user-of-gz']);
    expect(engine.docker(['rmi', 'gz:1']).stdout).toMatch(
      /Untagged: gz:1\nDeleted: sha256:[0-9a-f]{64}\n/,
    );
  });

  it('leaves a dangling image when its tag moves, lists it with dangling=true, and prunes it', () => {
    engine.docker(['import', rootfsTar, 'moving:1']);
    engine.docker(['import', '-c', 'LABEL v=2', rootfsTar, 'moving:1']);
    const dangling = engine
      .docker(['images', '-q', '--filter', 'dangling=true'])
      .stdout.trim()
      .split('\n')
      .filter(Boolean);
    expect(dangling).toHaveLength(1);
    expect(
      engine.docker(['images', '--filter', 'label=v=2', '--format', '{{.Repository}}']).stdout,
    ).toBe('moving\n');
    const pruned = engine.docker(['image', 'prune', '-f']);
    expect(pruned.stdout).toContain(`deleted: sha256:${dangling[0]}`);
    expect(engine.docker(['images', '-q', '--filter', 'dangling=true']).stdout).toBe('');
  });

  it('commits a container (author, message, -c, deletions) into a child image, pausing it meanwhile', () => {
    const id = engine
      .docker([
        'run',
        '-d',
        '--network',
        'none',
        '-e',
        'KEPT=yes',
        'base:1',
        'sh',
        '-c',
        'echo committed > /hello; rm /etc/group; sleep 300',
      ])
      .stdout.trim();
    expect(
      engine.docker(['exec', id, 'sh', '-c', 'while [ ! -f /hello ]; do sleep 0.1; done']).code,
    ).toBe(0);
    const committed = engine.docker([
      'commit',
      '-a',
      'tester',
      '-m',
      'snapshot',
      '-c',
      'CMD ["cat","/hello"]',
      id,
      'snap:1',
    ]);
    expect(committed.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    expect(engine.docker(['run', '--rm', '--network', 'none', 'snap:1']).stdout).toBe(
      'committed\n',
    );
    const inside = engine.docker([
      'run',
      '--rm',
      '--network',
      'none',
      'snap:1',
      'sh',
      '-c',
      'echo $KEPT; ls /etc/group',
    ]);
    expect(inside.stdout).toBe('yes\n');
    expect(inside.stderr).toContain('No such file or directory');
    const base = engine.docker(['image', 'inspect', '--format', '{{.Id}}', 'base:1']).stdout.trim();
    expect(
      engine
        .docker(['image', 'inspect', '--format', '{{.Parent}} {{.Author}} {{.Comment}}', 'snap:1'])
        .stdout.trim(),
    ).toBe(`${base} tester snapshot`);
    expect(engine.docker(['inspect', '--format', '{{.State.Status}}', id]).stdout.trim()).toBe(
      'running',
    );
    engine.docker(['rm', '-f', id]);
  });

  it('shows history', () => {
    const history = engine.docker(['history', '--format', '{{.Comment}}', 'base:1']);
    expect(history.stdout).toBe('first import\n');
  });

  it('refuses hostile archives and writes nothing outside the layer', async () => {
    const sentinel = join(work, 'escaped');
    const cases = [
      await tarOf([{ name: `../../../../../../../../${sentinel}`, body: 'x' }]),
      await tarOf([
        { name: 'link', type: 'symlink', linkname: work },
        { name: 'link/escaped', body: 'x' },
      ]),
      await tarOf([{ name: 'hard', type: 'link', linkname: '../../../../etc/passwd' }]),
    ];
    for (const archive of cases) {
      const result = engine.docker(['import', '-', 'hostile:1'], { input: archive });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(
        /outside the target directory|write through symlink|hard link target/,
      );
    }
    expect(existsSync(sentinel)).toBe(false);
    expect(engine.docker(['images', '-q', 'hostile']).stdout).toBe('');
  });

  it('survives kill -9 in the middle of an import: after restart the image is whole or absent', async () => {
    const big = join(work, 'big.tar');
    spawnSync('sh', [
      '-c',
      `cp ${rootfsTar} ${big} && head -c 200000000 /dev/zero > ${work}/zeros && tar -rf ${big} -C ${work} zeros`,
    ]);
    const child = spawn('/usr/local/bin/docker', ['import', big, 'crashy:1'], {
      env: { ...process.env, DOCKER_HOST: `unix://${engine.socket}` },
    });
    await new Promise((r) => setTimeout(r, 300));
    await engine.kill9();
    child.kill();
    await engine.start();
    const images = engine.docker(['images', '--format', '{{.Repository}}']).stdout;
    if (images.includes('crashy'))
      expect(engine.docker(['run', '--rm', '--network', 'none', 'crashy:1', 'true']).code).toBe(0);
    const leftovers = spawnSync('sh', [
      '-c',
      `ls -A ${engine.dataDir}/engine/layers | grep '^tmp-' ; ls -A ${engine.dataDir}/engine/content/ingest`,
    ]).stdout.toString();
    expect(leftovers.trim()).toBe('');
  });
});
