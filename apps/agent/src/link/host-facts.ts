import { existsSync, readFileSync } from 'node:fs';
import { arch, cpus, hostname, release, totalmem } from 'node:os';

import { type HostFacts } from '@wharf/contracts';
import { LinuxProcessRunner } from '@wharf/engine-host';

import {
  cgroupMountsFromMountinfo,
  cgroupVersionOf,
  parseOsRelease,
  parseRuntimeVersion,
} from './facts-parsers';

/** Reported as the engine version until the engine publishes its own. */
export const ENGINE_VERSION = '0.1.0';

function readOr(path: string, fallback: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : fallback;
}

/**
 * crun 1.8 refuses hybrid hosts whose v2 side holds controllers (machine.md): report it only when it
 * can run containers here. runc is preferred, as in the engine's runtime registry.
 */
function crunUsable(cgroupVersion: HostFacts['cgroupVersion']): boolean {
  if (cgroupVersion !== 'hybrid') return true;
  const controllers = readOr('/sys/fs/cgroup/unified/cgroup.controllers', '').trim();
  return controllers.length === 0 || existsSync('/sys/fs/cgroup/hugetlb');
}

async function detectRuntime(
  cgroupVersion: HostFacts['cgroupVersion'],
): Promise<HostFacts['runtime']> {
  const processes = new LinuxProcessRunner();
  for (const name of ['runc', 'crun'] as const) {
    const path = await processes.which(name);
    if (path === null || (name === 'crun' && !crunUsable(cgroupVersion))) continue;
    const result = await processes.run(path, ['--version'], { timeoutMs: 5000 });
    if (result.exitCode === 0)
      return { name, version: parseRuntimeVersion(result.stdout.toString()) };
  }
  return null;
}

/** What the agent tells the server about this machine (`wharfd facts` prints it). */
export async function collectHostFacts(): Promise<HostFacts> {
  const cgroupVersion = existsSync('/proc/self/mountinfo')
    ? cgroupVersionOf(cgroupMountsFromMountinfo(readFileSync('/proc/self/mountinfo', 'utf8')))
    : 'unknown';
  return {
    hostname: hostname(),
    os: parseOsRelease(readOr('/etc/os-release', readOr('/usr/lib/os-release', ''))),
    kernel: release(),
    arch: arch(),
    cpus: cpus().length,
    memoryBytes: totalmem(),
    cgroupVersion,
    runtime: await detectRuntime(cgroupVersion),
    engineVersion: ENGINE_VERSION,
  };
}
