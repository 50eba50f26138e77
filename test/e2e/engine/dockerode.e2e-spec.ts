import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildBusyboxRootfsTar } from '../../support/busybox';
import { startEngine, type TestEngine } from '../../support/engine';

const isRoot = process.getuid?.() === 0;
if (!isRoot && process.env.CI === 'true') throw new Error('engine e2e tests need root in CI');

/** Docker's multiplexed stream: 8-byte headers (stream type, size) before each frame. */
function demux(raw: Buffer): Record<number, string> {
  const out: Record<number, string> = {};
  for (let at = 0; at + 8 <= raw.length;) {
    const type = raw.readUInt8(at);
    const size = raw.readUInt32BE(at + 4);
    out[type] = (out[type] ?? '') + raw.subarray(at + 8, at + 8 + size).toString();
    at += 8 + size;
  }
  return out;
}

/** dockerode's rejection, reduced to what Docker answered (its errors are circular objects). */
async function failure(call: Promise<unknown>): Promise<{ statusCode?: number; message?: string }> {
  return call.then(
    () => ({}),
    (e: { statusCode?: number; message?: string }) => ({
      statusCode: e.statusCode,
      message: e.message,
    }),
  );
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** dockerode speaks the Engine API without the CLI's own checks and conveniences. */
describe.runIf(isRoot)('the engine through dockerode', () => {
  let engine: TestEngine;
  const work = mkdtempSync(join(tmpdir(), 'wharf-dockerode-e2e-'));

  beforeAll(async () => {
    engine = await startEngine();
    engine.docker(['import', '-c', 'CMD ["sh"]', buildBusyboxRootfsTar(work), 'busybox']);
  });
  afterAll(async () => {
    await engine?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('negotiates the API and reports the engine', async () => {
    const version = await engine.client.version();
    expect(Number(version.ApiVersion)).toBeGreaterThanOrEqual(1.41);
    expect((await engine.client.info()).Images).toBeGreaterThanOrEqual(1);
  });

  it('creates, starts, waits, reads demultiplexed logs and inspects a container', async () => {
    const container = await engine.client.createContainer({
      Image: 'busybox',
      name: 'ode-run',
      Cmd: ['sh', '-c', 'echo out; echo err >&2; exit 3'],
      Env: ['GREETING=hi'],
      Labels: { suite: 'dockerode' },
      HostConfig: { NetworkMode: 'none' },
    });
    await container.start();
    expect(await container.wait()).toMatchObject({ StatusCode: 3 });
    const raw = await container.logs({ stdout: true, stderr: true });
    expect(demux(raw)).toEqual({ 1: 'out\n', 2: 'err\n' });
    const inspect = await container.inspect();
    expect(inspect.Config.Env).toContain('GREETING=hi');
    expect(inspect.State).toMatchObject({ Status: 'exited', ExitCode: 3 });
    const listed = await engine.client.listContainers({
      all: true,
      filters: { label: ['suite=dockerode'] },
    });
    expect(listed.map((c) => c.Names[0])).toEqual(['/ode-run']);
    await container.remove();
  });

  it('execs with exit codes and copies files in and out with archives', async () => {
    const container = await engine.client.createContainer({
      Image: 'busybox',
      name: 'ode-exec',
      Cmd: ['sleep', '300'],
      HostConfig: { NetworkMode: 'none' },
    });
    await container.start();
    const exec = await container.exec({ Cmd: ['sh', '-c', 'exit 7'], AttachStdout: true });
    await collect(await exec.start({}));
    expect(await exec.inspect()).toMatchObject({ Running: false, ExitCode: 7 });

    const tarOf = buildBusyboxRootfsTar(mkdtempSync(join(work, 'tar-')));
    await container.putArchive(tarOf, { path: '/tmp' });
    const archive = await collect(
      (await container.getArchive({ path: '/tmp/bin/busybox' })) as Readable,
    );
    // A tar of one file: a 512-byte header naming it, then its content.
    expect(archive.subarray(0, 100).toString()).toMatch(/^busybox\0/);
    const stats = await container.stats({ stream: false });
    expect(stats.memory_stats.usage).toBeGreaterThan(0);
    await container.remove({ force: true });
  });

  it("answers unknown objects and bad requests with Docker's status codes and messages", async () => {
    expect(await failure(engine.client.getContainer('ode-missing').inspect())).toEqual({
      statusCode: 404,
      message: expect.stringContaining('No such container: ode-missing'),
    });
    const noImage = engine.client.createContainer({
      Image: 'no-such-image:1',
      HostConfig: { NetworkMode: 'none' },
    });
    expect((await failure(noImage)).statusCode).toBe(404);
    const tooSmall = engine.client.createContainer({
      Image: 'busybox',
      name: 'ode-bad',
      HostConfig: { NetworkMode: 'none', Memory: 1024 },
    });
    expect(await failure(tooSmall)).toEqual({
      statusCode: 400,
      message: expect.stringContaining('Minimum memory limit allowed is 6MB'),
    });
    expect(
      await engine.client.listContainers({ all: true, filters: { name: ['ode-bad'] } }),
    ).toEqual([]);
  });

  it('streams events as JSON lines with filters', async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    await engine.client.createVolume({ Name: 'ode-vol' });
    await engine.client.getVolume('ode-vol').remove();
    const events = (await engine.client.getEvents({
      since,
      until: Math.floor(Date.now() / 1000) + 1,
      filters: { type: ['volume'] },
    })) as Readable;
    const lines = (await collect(events))
      .toString()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { Type: string; Action: string; Actor: { ID: string } });
    expect(lines.map((e) => `${e.Type}:${e.Action}:${e.Actor.ID}`)).toEqual([
      'volume:create:ode-vol',
      'volume:destroy:ode-vol',
    ]);
  });
});
