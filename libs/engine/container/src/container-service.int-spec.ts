import {
  copyFileSync,
  readFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DockerContainerService } from './container-operations';
import { type ContainerEvent } from './container-types';
import {
  LinuxCgroupFs,
  LinuxMountTable,
  LinuxProcessRunner,
  SystemClock,
} from '@wharf/engine-host';
import type { ImageRecord, ImageRootfsSource } from '@wharf/engine-image';
import { OciRuntime, RuntimeRegistry } from '@wharf/engine-runtime';
import { createLogger } from '@wharf/util';

const isRoot = process.getuid?.() === 0;
if (!isRoot && process.env.CI === 'true')
  throw new Error('container integration tests need root in CI');

/** A busybox rootfs: the static binary plus its applet symlinks, and passwd/group files. */
function busyboxLayer(dir: string): void {
  mkdirSync(join(dir, 'bin'), { recursive: true });
  mkdirSync(join(dir, 'etc'));
  for (const d of ['proc', 'sys', 'dev', 'tmp', 'root']) mkdirSync(join(dir, d));
  copyFileSync('/bin/busybox', join(dir, 'bin', 'busybox'));
  const applets = spawnSync('/bin/busybox', ['--list']).stdout.toString().trim().split('\n');
  for (const a of applets) if (a !== 'busybox') symlinkSync('busybox', join(dir, 'bin', a));
  writeFileSync(
    join(dir, 'etc', 'passwd'),
    'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n',
  );
  writeFileSync(join(dir, 'etc', 'group'), 'root:x:0:\nnogroup:x:65534:nobody\n');
}

class TestImages implements ImageRootfsSource {
  constructor(private readonly layer: string) {}
  readonly image: ImageRecord = {
    id: `sha256:${'b'.repeat(64)}`,
    repoTags: ['busybox:latest'],
    repoDigests: [],
    parent: '',
    size: 0,
    createdAt: new Date().toISOString(),
    config: {
      architecture: 'amd64',
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: [] },
      config: { Cmd: ['sh'], Env: ['PATH=/bin'] },
    },
  };
  resolve(reference: string): Promise<ImageRecord> {
    if (reference === 'busybox' || reference === this.image.id) return Promise.resolve(this.image);
    return Promise.reject(new Error(`No such image: ${reference}`));
  }
  layerDirs(): Promise<string[]> {
    return Promise.resolve([this.layer]);
  }
}

async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  ms = 30_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.runIf(isRoot)('ContainerService with runc + conmon (root)', () => {
  const base = mkdtempSync(join(tmpdir(), 'wharf-ctr-'));
  const execRoot = mkdtempSync('/run/wharf-test-');
  const cgroupParent = `wharf-test-${process.pid}`;
  const images = new TestImages(join(base, 'layer'));
  const processes = new LinuxProcessRunner();
  const logger = createLogger({ name: 'test', level: 'warn' });
  const services: DockerContainerService[] = [];
  const events: ContainerEvent[] = [];

  function makeService(): DockerContainerService {
    const runtimes = new RuntimeRegistry(processes, (n) => join(execRoot, 'runtime', n), logger);
    runtimes.add(
      new OciRuntime('runc', '/usr/sbin/runc', join(execRoot, 'runtime', 'runc'), processes),
      true,
    );
    const service = new DockerContainerService({
      engineDir: join(base, 'engine'),
      execRoot,
      cgroupParent,
      images,
      runtimes,
      processes,
      mounts: new LinuxMountTable(processes),
      cgroups: new LinuxCgroupFs(),
      clock: new SystemClock(),
      logger,
    });
    service.on('event', (e: ContainerEvent) => events.push(e));
    services.push(service);
    return service;
  }

  let svc: DockerContainerService;
  beforeAll(async () => {
    busyboxLayer(join(base, 'layer'));
    svc = makeService();
    await svc.init();
  });

  afterAll(async () => {
    const last = services[services.length - 1]!;
    for (const c of await last.list({ all: true }))
      await last.remove(c.Id, { force: true }).catch(() => undefined);
    for (const s of services) await s.close();
    const mounts = new LinuxMountTable(processes);
    for (const m of await mounts.listUnder(base)) await mounts.unmount(m.target, { lazy: true });
    rmSync(base, { recursive: true, force: true });
    rmSync(execRoot, { recursive: true, force: true });
    for (const ctrl of [
      'cpu',
      'cpuacct',
      'memory',
      'pids',
      'devices',
      'freezer',
      'blkio',
      'cpuset',
      'unified',
      'systemd',
      'net_cls',
      'perf_event',
      'hugetlb',
      'rdma',
      'misc',
    ]) {
      spawnSync('rmdir', [`/sys/fs/cgroup/${ctrl}/${cgroupParent}`]);
    }
  });

  it('runs a container to completion: exit code, stdout and stderr in logs', async () => {
    const { Id } = await svc.create(
      {
        Image: 'busybox',
        Cmd: ['sh', '-c', 'echo hello; echo oops >&2; exit 3'],
        HostConfig: { NetworkMode: 'none' },
      },
      'c1',
    );
    const waited = svc.wait(Id, 'next-exit');
    await svc.start('c1');
    expect(await waited).toEqual({ StatusCode: 3 });
    const state = (await svc.inspect(Id)).State;
    expect(state).toMatchObject({ Status: 'exited', Running: false, ExitCode: 3 });
    const logs: { stream: string; text: string }[] = [];
    for await (const e of svc.logs(Id, { stdout: true, stderr: true }))
      logs.push({ stream: e.stream, text: e.data.toString() });
    expect(logs).toEqual(
      expect.arrayContaining([
        { stream: 'stdout', text: 'hello\n' },
        { stream: 'stderr', text: 'oops\n' },
      ]),
    );
    expect(events.filter((e) => e.Actor.ID === Id).map((e) => e.Action)).toEqual([
      'create',
      'start',
      'die',
    ]);
    await svc.remove(Id);
    await expect(svc.inspect(Id)).rejects.toThrow(`No such container: ${Id}`);
  });

  it('refuses a duplicate name with Docker conflict message', async () => {
    const { Id } = await svc.create({ Image: 'busybox', Cmd: ['true'] }, 'dup');
    await expect(svc.create({ Image: 'busybox', Cmd: ['true'] }, 'dup')).rejects.toThrow(
      `Conflict. The container name "/dup" is already in use by container "${Id}"`,
    );
    await svc.remove('dup');
  });

  it('stop escalates to SIGKILL after the timeout (pid 1 ignores SIGTERM)', async () => {
    const { Id } = await svc.create({
      Image: 'busybox',
      Cmd: ['sleep', '1000'],
      HostConfig: { NetworkMode: 'none' },
    });
    await svc.start(Id);
    expect((await svc.inspect(Id)).State.Running).toBe(true);
    await svc.stop(Id, { timeoutSeconds: 1 });
    expect((await svc.inspect(Id)).State).toMatchObject({ Status: 'exited', ExitCode: 137 });
    await svc.remove(Id);
  });

  it('kill delivers the named signal to the container process', async () => {
    const { Id } = await svc.create({
      Image: 'busybox',
      Cmd: ['sh', '-c', 'trap "echo got-hup; exit 7" HUP; while true; do sleep 0.1; done'],
    });
    await svc.start(Id);
    await new Promise((r) => setTimeout(r, 300));
    const waited = svc.wait(Id);
    await svc.kill(Id, 'HUP');
    expect(await waited).toEqual({ StatusCode: 7 });
    await svc.remove(Id);
  });

  it('pause freezes and unpause resumes', async () => {
    const { Id } = await svc.create({ Image: 'busybox', Cmd: ['sleep', '1000'] });
    await svc.start(Id);
    await svc.pause(Id);
    const pid = (await svc.inspect(Id)).State.Pid;
    expect((await svc.inspect(Id)).State.Status).toBe('paused');
    await until(() => /State:\s+[DST]/.test(readFileSync(`/proc/${pid}/status`, 'utf8')), 'frozen');
    await svc.unpause(Id);
    expect((await svc.inspect(Id)).State).toMatchObject({ Status: 'running', Paused: false });
    await svc.remove(Id, { force: true });
  });

  it('restart policy on-failure restarts with backoff and stops after the retry cap', async () => {
    const { Id } = await svc.create({
      Image: 'busybox',
      Cmd: ['sh', '-c', 'echo run; exit 1'],
      HostConfig: { RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 } },
    });
    await svc.start(Id);
    const dies = () => events.filter((e) => e.Actor.ID === Id && e.Action === 'die');
    // The last exit is recorded in the state before its `die` event is published: wait for both.
    await until(
      async () =>
        (await svc.inspect(Id)).RestartCount === 3 &&
        (await svc.inspect(Id)).State.Status === 'exited' &&
        dies().length >= 4,
      'three restarts',
    );
    const runs: string[] = [];
    for await (const e of svc.logs(Id, {})) runs.push(e.data.toString());
    expect(runs).toEqual(['run\n', 'run\n', 'run\n', 'run\n']);
    expect(dies()).toHaveLength(4);
    await svc.remove(Id);
  });

  it('a container outlives its service; a new service re-adopts it (logs flow, stop works)', async () => {
    const { Id } = await svc.create(
      {
        Image: 'busybox',
        Cmd: [
          'sh',
          '-c',
          'trap "exit 0" TERM; i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done',
        ],
      },
      'survivor',
    );
    await svc.start(Id);
    await svc.close();
    const second = makeService();
    await second.init();
    expect((await second.inspect('survivor')).State.Running).toBe(true);
    const count = async () => {
      let n = 0;
      for await (const _e of second.logs(Id, {})) n += 1;
      return n;
    };
    const before = await count();
    await until(async () => (await count()) > before + 2, 'new log lines after re-adoption');
    await second.stop('survivor', { timeoutSeconds: 10 });
    expect((await second.inspect(Id)).State).toMatchObject({ Status: 'exited', ExitCode: 0 });
    await second.remove(Id);
    svc = second;
  });
});
