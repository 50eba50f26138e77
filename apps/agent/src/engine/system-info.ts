import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { HostFacts } from '@wharf/contracts';
import type { DockerContainerService } from '@wharf/engine-container';
import { ENGINE_VERSION, type SystemInfoSource } from '@wharf/engine-docker-api';
import type { RuntimeRegistry } from '@wharf/engine-runtime';

/** A stable engine ID (Docker's `ID` in `docker info`), created once per data dir. */
export async function engineId(engineDir: string): Promise<string> {
  const path = join(engineDir, 'engine-id');
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    const id = randomUUID();
    await mkdir(engineDir, { recursive: true, mode: 0o710 });
    await writeFile(`${path}.tmp`, id, { mode: 0o600 });
    await rename(`${path}.tmp`, path);
    return id;
  }
}

export interface SystemInfoDeps {
  id: string;
  facts: HostFacts;
  dataDir: string;
  containers: DockerContainerService;
  runtimes: RuntimeRegistry;
  /** Counts the image store adds once it is composed. */
  imageCount(): Promise<number>;
  diskUsage(): Promise<Record<string, unknown>>;
}

/** What this engine can do, as `docker info` lists it: fixed for a wharfd build. */
const CAPABILITIES = {
  Driver: 'overlay2',
  DriverStatus: [['Backing Filesystem', 'extfs']],
  LoggingDriver: 'json-file',
  CgroupDriver: 'cgroupfs',
  OSType: 'linux',
  IndexServerAddress: 'https://index.docker.io/v1/',
  Swarm: { LocalNodeState: 'inactive' },
  LiveRestoreEnabled: true,
  SecurityOptions: ['name=seccomp,profile=builtin'],
  Warnings: [],
  Labels: [],
  ExperimentalBuild: false,
  Plugins: {
    Volume: ['local'],
    Network: ['bridge', 'host', 'null'],
    Log: ['json-file', 'k8s-file'],
  },
  MemoryLimit: true,
  SwapLimit: true,
  CpuCfsPeriod: true,
  CpuCfsQuota: true,
  CPUShares: true,
  CPUSet: true,
  PidsLimit: true,
  OomKillDisable: true,
  IPv4Forwarding: true,
  Debug: false,
  NFd: 0,
  NGoroutines: 0,
  NEventsListener: 0,
  ServerVersion: ENGINE_VERSION,
};

function hostSection(deps: SystemInfoDeps) {
  const { facts } = deps;
  return {
    ID: deps.id,
    Name: facts.hostname,
    DockerRootDir: deps.dataDir,
    CgroupVersion: facts.cgroupVersion === 'v2' ? '2' : '1',
    KernelVersion: facts.kernel,
    OperatingSystem: facts.os,
    Architecture: facts.arch,
    NCPU: facts.cpus,
    MemTotal: facts.memoryBytes,
    Runtimes: Object.fromEntries(
      deps.runtimes
        .availability()
        .filter((r) => r.usable)
        .map((r) => [r.name, { path: r.path }]),
    ),
    DefaultRuntime: deps.runtimes.defaultRuntime,
  };
}

/** `/info`, `/version` and `/system/df` from real host facts and the services' own state. */
export function systemInfo(deps: SystemInfoDeps): SystemInfoSource {
  const { facts } = deps;
  return {
    async info() {
      const all = await deps.containers.list({ all: true });
      const count = (state: string) => all.filter((c) => c.State === state).length;
      return {
        ...CAPABILITIES,
        ...hostSection(deps),
        Containers: all.length,
        ContainersRunning: count('running'),
        ContainersPaused: count('paused'),
        ContainersStopped: all.length - count('running') - count('paused'),
        Images: await deps.imageCount(),
        SystemTime: new Date().toISOString(),
      };
    },
    versionDetails: () =>
      Promise.resolve({ kernel: facts.kernel, arch: facts.arch === 'x64' ? 'amd64' : facts.arch }),
    diskUsage: () => deps.diskUsage(),
  };
}
