import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildBusyboxRootfsTar } from '../../support/busybox';
import { startEngine, type DockerResult, type TestEngine } from '../../support/engine';
import { startRegistry, type TestRegistry } from '../../support/registry';
import { waitFor } from '../../support/services';
import { startStallingProxy, type StallingProxy } from '../../support/stalling-proxy';

const isRoot = process.getuid?.() === 0;
if (!isRoot && process.env.CI === 'true') throw new Error('engine e2e tests need root in CI');

const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;
const LAYER_BYTES = 4 * 1024 * 1024;

/** A layer holding one file of random bytes (incompressible, so its download takes a while). */
async function randomLayer(name: string): Promise<{ tar: Buffer; content: Buffer }> {
  const content = randomBytes(LAYER_BYTES);
  const tar = pack();
  tar.entry({ name, mode: 0o644 }, content);
  tar.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of tar as AsyncIterable<Buffer>) chunks.push(chunk);
  return { tar: Buffer.concat(chunks), content };
}

/** What is wrong with the engine's image store on disk: blobs whose content is not their name, half-made files. */
function storeProblems(engineDir: string): string[] {
  const problems: string[] = [];
  const blobs = join(engineDir, 'content', 'blobs', 'sha256');
  for (const hex of readdirSync(blobs)) {
    if (sha256(readFileSync(join(blobs, hex))) !== `sha256:${hex}`) problems.push(`blob ${hex}`);
  }
  for (const name of readdirSync(join(engineDir, 'layers'))) {
    const info = join(engineDir, 'layers', name, 'layer.json');
    if (!existsSync(info)) {
      problems.push(`layer ${name} without layer.json`);
      continue;
    }
    const { diffId } = JSON.parse(readFileSync(info, 'utf8')) as { diffId: string };
    if (!existsSync(join(blobs, diffId.slice(7)))) problems.push(`layer ${name} without its blob`);
  }
  const leftovers = [join(engineDir, 'content', 'ingest'), join(engineDir, 'tmp', 'images')];
  for (const dir of leftovers)
    if (existsSync(dir) && readdirSync(dir).length > 0) problems.push(`${dir} not empty`);
  return problems;
}

/**
 * wharfd killed with SIGKILL while a pull of a four-layer image is streaming. A proxy in front of
 * the registry freezes one layer half way, so the kill lands mid-download every run. After the
 * restart the image must be absent, nothing half-downloaded may be kept, and a second pull must
 * bring the whole image.
 */
describe.runIf(isRoot)('a pull cut short by kill -9 of wharfd, or raced by an rmi', () => {
  let engine: TestEngine;
  let registry: TestRegistry;
  let proxy: StallingProxy;
  const work = mkdtempSync(join(tmpdir(), 'wharf-crash-pull-e2e-'));
  let rootfsTarPath: string;
  let busyboxTar: Buffer;
  const files: { name: string; content: Buffer }[] = [];

  beforeAll(async () => {
    rootfsTarPath = buildBusyboxRootfsTar(work);
    busyboxTar = readFileSync(rootfsTarPath);
    [engine, registry] = await Promise.all([startEngine(), startRegistry()]);
    proxy = await startStallingProxy(registry.url);
  });
  afterAll(async () => {
    await engine?.stop();
    await proxy?.stop();
    await registry?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  /** Pushes busybox plus three random layers; returns the reference (through the proxy) and layer tars. */
  async function pushFourLayers(repo: string): Promise<{ image: string; layers: Buffer[] }> {
    const layers = [busyboxTar];
    files.length = 0;
    for (const name of ['one', 'two', 'three']) {
      const layer = await randomLayer(name);
      files.push({ name, content: layer.content });
      layers.push(layer.tar);
    }
    await registry.pushImage(repo, '1', layers, { Cmd: ['sh'] });
    return { image: `${proxy.address}/${repo}:1`, layers };
  }

  /** `docker pull` in the background (the proxy answers on this thread), its output as it comes. */
  function pullInBackground(image: string) {
    const cli = spawn('/usr/local/bin/docker', ['pull', image], {
      env: { ...process.env, DOCKER_HOST: `unix://${engine.socket}` },
    });
    const result: DockerResult = { code: -1, stdout: '', stderr: '' };
    cli.stdout.on('data', (d: Buffer) => (result.stdout += d.toString()));
    cli.stderr.on('data', (d: Buffer) => (result.stderr += d.toString()));
    const done = new Promise<DockerResult>((resolve) =>
      cli.once('close', (code) => resolve({ ...result, code: code ?? -1 })),
    );
    return { output: () => result.stdout, done };
  }

  const shortId = (layer: Buffer) => sha256(gzipSync(layer)).slice(7, 19);

  async function crashAndRestart(pull: ReturnType<typeof pullInBackground>) {
    // The frozen download is on disk as the engine keeps it until verified: a temp file.
    const downloads = join(engine.dataDir, 'engine', 'tmp', 'images');
    expect(readdirSync(downloads).some((name) => name.startsWith('pull-'))).toBe(true);
    await engine.kill9();
    await pull.done;
    await engine.start();
  }

  function expectImageAbsent(image: string, repo: string) {
    expect(engine.docker(['image', 'inspect', image]).code).toBe(1);
    expect(engine.docker(['images', '--format', '{{.Repository}}']).stdout).not.toContain(repo);
    expect(storeProblems(join(engine.dataDir, 'engine'))).toEqual([]);
  }

  function expectImageRuns(image: string) {
    const sums = engine.docker([
      'run',
      '--rm',
      '--network',
      'none',
      image,
      'sha256sum',
      ...files.map((f) => `/${f.name}`),
    ]);
    expect(sums.code).toBe(0);
    expect(sums.stdout).toBe(
      files
        .map((f) => `${createHash('sha256').update(f.content).digest('hex')}  /${f.name}\n`)
        .join(''),
    );
  }

  async function pullAgain(image: string): Promise<string> {
    proxy.passThrough();
    const again = await pullInBackground(image).done;
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Status: Downloaded newer image for ${image}`);
    expectImageRuns(image);
    expect(storeProblems(join(engine.dataDir, 'engine'))).toEqual([]);
    return again.stdout;
  }

  it('killed while the bottom layer downloads: no image, no partial blob, and a new pull works', async () => {
    const { image, layers } = await pushFourLayers('crash/bottom');
    const stalled = proxy.stallOn(sha256(gzipSync(layers[0] ?? Buffer.alloc(0))));
    const pull = pullInBackground(image);
    await stalled;
    // The layers above download beside it (three at a time) and wait in the engine's temp dir.
    await waitFor(
      () => pull.output().includes(`${shortId(layers[2] ?? Buffer.alloc(0))}: Download complete`),
      'a layer above the frozen one to finish downloading',
    );
    await crashAndRestart(pull);
    expectImageAbsent(image, 'crash/bottom');
    const again = await pullAgain(image);
    expect(again).not.toContain('Already exists');
  });

  it('killed while the top layer downloads: the layers already extracted are whole and reused', async () => {
    const { image, layers } = await pushFourLayers('crash/top');
    const top = layers[3] ?? Buffer.alloc(0);
    const stalled = proxy.stallOn(sha256(gzipSync(top)));
    const pull = pullInBackground(image);
    await stalled;
    const below = layers.slice(0, 3).map(shortId);
    // The busybox layer came with the first test's image; the two random ones are new.
    await waitFor(
      () => below.slice(1).every((id) => pull.output().includes(`${id}: Pull complete`)),
      'the layers below the frozen one to be extracted',
    );
    await crashAndRestart(pull);
    expectImageAbsent(image, 'crash/top');
    const again = await pullAgain(image);
    for (const id of below) expect(again).toContain(`${id}: Already exists`);
    expect(again).toContain(`${shortId(top)}: Pull complete`);
  });

  it('an rmi while a pull is under way collects none of the layers the pull uses', async () => {
    expect(
      engine.docker(['rmi', `${proxy.address}/crash/bottom:1`, `${proxy.address}/crash/top:1`])
        .code,
    ).toBe(0);
    // After this, only `sharer` holds the busybox layer: removing it makes the layer garbage,
    // but for the pull, which found it there and counts on it.
    expect(engine.docker(['import', '-c', 'CMD ["sh"]', rootfsTarPath, 'sharer:1']).code).toBe(0);
    const { image, layers } = await pushFourLayers('race/app');
    const stalled = proxy.stallOn(sha256(gzipSync(layers[3] ?? Buffer.alloc(0))));
    const pull = pullInBackground(image);
    await stalled;
    const [bottom, ...extracted] = layers.slice(0, 3).map(shortId);
    await waitFor(
      () => extracted.every((id) => pull.output().includes(`${id}: Pull complete`)),
      'the new layers below the frozen one to be extracted',
    );
    expect(pull.output()).toContain(`${bottom}: Already exists`);
    expect(engine.docker(['rmi', 'sharer:1']).code).toBe(0);
    proxy.release();
    const done = await pull.done;
    expect(done.stderr).toBe('');
    expect(done.code).toBe(0);
    expectImageRuns(image);
    expect(storeProblems(join(engine.dataDir, 'engine'))).toEqual([]);
  });
});
