import { randomBytes, createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildBusyboxRootfsTar } from '../../support/busybox';
import { startEngine, type TestEngine } from '../../support/engine';
import { startRegistry, type TestRegistry } from '../../support/registry';

const isRoot = process.getuid?.() === 0;
if (!isRoot && process.env.CI === 'true') throw new Error('engine e2e tests need root in CI');

const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** A one-file layer with content unique to this run (so no engine has it already). */
async function uniqueLayer(): Promise<Buffer> {
  const tar = pack();
  tar.entry({ name: 'unique.txt', mode: 0o644 }, randomBytes(64 * 1024).toString('hex'));
  tar.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of tar as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function blobFile(registry: TestRegistry, digest: string): string {
  const hex = digest.slice('sha256:'.length);
  return join(registry.dataDir, 'docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex, 'data');
}

describe.runIf(isRoot)('registry pull, push and login with the stock docker CLI', () => {
  let engine: TestEngine;
  let registry: TestRegistry;
  let secured: TestRegistry;
  const work = mkdtempSync(join(tmpdir(), 'wharf-registry-e2e-'));
  let busyboxTar: Buffer;
  let rootfsTarPath: string;
  let digestV1: string;

  beforeAll(async () => {
    rootfsTarPath = buildBusyboxRootfsTar(work);
    busyboxTar = readFileSync(rootfsTarPath);
    [engine, registry, secured] = await Promise.all([
      startEngine(),
      startRegistry(),
      startRegistry({ credentials: { username: 'wharf', password: 's3cret-pass' } }),
    ]);
    digestV1 = await registry.pushImage('demo/busybox', 'v1', [busyboxTar], {
      Cmd: ['echo', 'hello from the registry'],
    });
  });
  afterAll(async () => {
    await engine?.stop();
    await registry?.stop();
    await secured?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('pulls by tag with Docker progress, runs it, and a second pull is up to date', () => {
    const image = `${registry.address}/demo/busybox:v1`;
    const pull = engine.docker(['pull', image]);
    expect(pull.stderr).toBe('');
    expect(pull.code).toBe(0);
    const layer = sha256(gzipSync(busyboxTar)).slice(7, 19);
    expect(pull.stdout).toBe(
      [
        'v1: Pulling from demo/busybox',
        `${layer}: Pulling fs layer`,
        `${layer}: Verifying Checksum`,
        `${layer}: Download complete`,
        `${layer}: Pull complete`,
        `Digest: ${digestV1}`,
        `Status: Downloaded newer image for ${image}`,
        image,
        '',
      ].join('\n'),
    );
    expect(engine.docker(['run', '--rm', '--network', 'none', image]).stdout).toBe(
      'hello from the registry\n',
    );
    const again = engine.docker(['pull', image]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Digest: ${digestV1}\nStatus: Image is up to date for ${image}`);
    expect(again.stdout).not.toContain('Pull complete');
  });

  it('streams the JSON progress lines with progressDetail and bars', async () => {
    const digest = await registry.pushImage('demo/json', 'v1', [await uniqueLayer()]);
    const stream = await engine.client.pull(`${registry.address}/demo/json:v1`);
    let text = '';
    for await (const chunk of stream) text += chunk.toString();
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toEqual({ status: 'Pulling from demo/json', id: 'v1' });
    const downloading = lines.find((l) => l['status'] === 'Downloading');
    expect(downloading?.['progressDetail']).toMatchObject({
      current: expect.any(Number),
      total: expect.any(Number),
    });
    expect(downloading?.['progress']).toMatch(/^\[=*>\s*\]\s+[\d.]+k?B\/[\d.]+kB$/);
    expect(lines.some((l) => l['status'] === 'Extracting')).toBe(true);
    expect(lines.at(-2)).toEqual({ status: `Digest: ${digest}` });
    expect(lines.at(-1)).toEqual({
      status: `Status: Downloaded newer image for ${registry.address}/demo/json:v1`,
    });
  });

  it('pulls by digest, runs it by digest, and shows RepoDigests in docker images --digests', async () => {
    const digest = await registry.pushImage('demo/bydigest', 'v1', [busyboxTar], {
      Cmd: ['echo', 'by digest'],
    });
    const ref = `${registry.address}/demo/bydigest@${digest}`;
    const pull = engine.docker(['pull', ref]);
    expect(pull.code).toBe(0);
    expect(pull.stdout).toContain(`${digest}: Pulling from demo/bydigest`);
    // The busybox layer came with demo/busybox:v1 already.
    expect(pull.stdout).toMatch(/: Already exists\n/);
    expect(pull.stdout).toContain(`Status: Downloaded newer image for ${ref}`);
    expect(engine.docker(['run', '--rm', '--network', 'none', ref]).stdout).toBe('by digest\n');
    const rows = engine
      .docker(['images', '--digests', '--format', '{{.Repository}} {{.Tag}} {{.Digest}}'])
      .stdout.split('\n');
    expect(rows).toContain(`${registry.address}/demo/bydigest <none> ${digest}`);
    expect(rows).toContain(`${registry.address}/demo/busybox v1 ${digestV1}`);
    expect(
      engine.docker(['image', 'inspect', '--format', '{{json .RepoDigests}}', ref]).stdout.trim(),
    ).toBe(JSON.stringify([`${registry.address}/demo/bydigest@${digest}`]));
  });

  it('pulls the linux/amd64 entry of an OCI index and records the index digest', async () => {
    const amd = await registry.pushImage('demo/multi', 'amd', [busyboxTar], {
      Cmd: ['echo', 'amd64 entry'],
    });
    const arm = await registry.pushImage('demo/multi', 'arm', [busyboxTar], {
      Cmd: ['echo', 'arm64 entry'],
    });
    const sizeOf = async (digest: string) => {
      const res = await fetch(`${registry.url}/v2/demo/multi/manifests/${digest}`, {
        headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' },
      });
      return (await res.arrayBuffer()).byteLength;
    };
    const entry = async (digest: string, architecture: string) => ({
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      digest,
      size: await sizeOf(digest),
      platform: { os: 'linux', architecture },
    });
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [await entry(arm, 'arm64'), await entry(amd, 'amd64')],
      }),
    );
    const put = await fetch(`${registry.url}/v2/demo/multi/manifests/multi`, {
      method: 'PUT',
      headers: { 'content-type': 'application/vnd.oci.image.index.v1+json' },
      body: index,
    });
    expect(put.status).toBe(201);
    const image = `${registry.address}/demo/multi:multi`;
    const pull = engine.docker(['pull', '--platform', 'linux/amd64', image]);
    expect(pull.code).toBe(0);
    expect(pull.stdout).toContain(`Digest: ${sha256(index)}`);
    expect(engine.docker(['run', '--rm', '--network', 'none', image]).stdout).toBe('amd64 entry\n');
  });

  it("answers Docker's errors for an unknown tag and an unknown repository", () => {
    const tag = engine.docker(['pull', `${registry.address}/demo/busybox:nope`]);
    expect(tag.code).toBe(1);
    expect(tag.stderr).toContain(
      `Error response from daemon: manifest for ${registry.address}/demo/busybox:nope not found: manifest unknown: manifest unknown`,
    );
    const repo = engine.docker(['pull', `${registry.address}/no/such-repo`]);
    expect(repo.code).toBe(1);
    expect(repo.stderr).toMatch(
      new RegExp(
        `Error response from daemon: (manifest for ${registry.address}/no/such-repo:latest not found: manifest unknown|repository ${registry.address}/no/such-repo not found: name unknown)`,
      ),
    );
  });

  it('needs docker login for a registry with credentials', async () => {
    const digest = await secured.pushImage('private/app', '1', [busyboxTar]);
    const image = `${secured.address}/private/app:1`;
    const anonymous = engine.docker(['pull', image]);
    expect(anonymous.code).toBe(1);
    expect(anonymous.stderr).toContain(
      `Error response from daemon: Head "http://${secured.address}/v2/private/app/manifests/1": no basic auth credentials`,
    );
    const wrong = engine.docker(['login', secured.address, '-u', 'wharf', '--password-stdin'], {
      input: 'wrong-pass\n',
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(
      `Error response from daemon: login attempt to http://${secured.address}/v2/ failed with status: 401 Unauthorized`,
    );
    const login = engine.docker(['login', secured.address, '-u', 'wharf', '--password-stdin'], {
      input: 's3cret-pass\n',
    });
    expect(login.stderr).not.toContain('Error');
    expect(login.stdout).toContain('Login Succeeded');
    const pull = engine.docker(['pull', image]);
    expect(pull.code).toBe(0);
    expect(pull.stdout).toContain(`Digest: ${digest}`);
  });

  it('pushes an imported image and pulls it back with the same image id', () => {
    const image = `${registry.address}/pushed/app:1`;
    writeFileSync(join(work, 'marker'), randomBytes(8).toString('hex'));
    expect(
      engine.docker(['import', '-c', 'CMD ["cat","/etc/group"]', rootfsTarPath, image]).code,
    ).toBe(0);
    const id = engine.docker(['image', 'inspect', '--format', '{{.Id}}', image]).stdout.trim();
    const push = engine.docker(['push', image]);
    expect(push.stderr).toBe('');
    expect(push.code).toBe(0);
    expect(push.stdout).toContain(`The push refers to repository [${registry.address}/pushed/app]`);
    expect(push.stdout).toMatch(/[0-9a-f]{12}: Preparing\n/);
    expect(push.stdout).toMatch(/[0-9a-f]{12}: Pushed\n/);
    const pushed = /1: digest: (sha256:[0-9a-f]{64}) size: (\d+)/.exec(push.stdout);
    expect(pushed).not.toBeNull();
    const again = engine.docker(['push', image]);
    expect(again.stdout).toMatch(/[0-9a-f]{12}: Layer already exists\n/);
    expect(again.stdout).toContain(`1: digest: ${pushed?.[1]} size: ${pushed?.[2]}`);
    expect(engine.docker(['rmi', image]).code).toBe(0);
    const pull = engine.docker(['pull', image]);
    expect(pull.code).toBe(0);
    expect(pull.stdout).toContain(`Digest: ${pushed?.[1]}`);
    expect(engine.docker(['image', 'inspect', '--format', '{{.Id}}', image]).stdout.trim()).toBe(
      id,
    );
    expect(engine.docker(['run', '--rm', '--network', 'none', image]).stdout).toContain(
      'root:x:0:',
    );
  });

  it('refuses a blob whose content does not match its digest and keeps no image', async () => {
    const layer = await uniqueLayer();
    const layerDigest = sha256(gzipSync(layer));
    await registry.pushImage('demo/corrupt', 'v1', [layer]);
    const file = blobFile(registry, layerDigest);
    const bytes = readFileSync(file);
    bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 0xff;
    writeFileSync(file, bytes);
    const image = `${registry.address}/demo/corrupt:v1`;
    const pull = engine.docker(['pull', image]);
    expect(pull.code).toBe(1);
    expect(pull.stderr).toContain(`filesystem layer verification failed for digest ${layerDigest}`);
    expect(engine.docker(['image', 'inspect', image]).code).toBe(1);
    expect(
      engine.docker(['images', '--format', '{{.Repository}}', `${registry.address}/demo/corrupt`])
        .stdout,
    ).toBe('');
  });
});
