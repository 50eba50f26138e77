import { type HostFacts } from '@wharf/contracts';

/** `PRETTY_NAME` from /etc/os-release (else `NAME VERSION_ID`, else "Linux"). */
export function parseOsRelease(text: string): string {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) fields.set(match[1]!, match[2]!.replace(/^(["'])(.*)\1$/, '$2'));
  }
  const pretty = fields.get('PRETTY_NAME');
  if (pretty) return pretty;
  const name = fields.get('NAME');
  return name ? [name, fields.get('VERSION_ID')].filter(Boolean).join(' ') : 'Linux';
}

/** What is mounted at /sys/fs/cgroup, as read from /proc/self/mountinfo-style facts. */
export interface CgroupMounts {
  /** cgroup2 mounted at /sys/fs/cgroup itself. */
  rootIsCgroup2: boolean;
  /** cgroup2 mounted at /sys/fs/cgroup/unified (systemd hybrid). */
  unifiedIsCgroup2: boolean;
  /** At least one v1 controller hierarchy (memory, cpu, ...) mounted below /sys/fs/cgroup. */
  hasV1Controllers: boolean;
}

export function cgroupVersionOf(mounts: CgroupMounts): HostFacts['cgroupVersion'] {
  if (mounts.rootIsCgroup2) return 'v2';
  if (mounts.hasV1Controllers) return mounts.unifiedIsCgroup2 ? 'hybrid' : 'v1';
  return 'unknown';
}

/** Reads cgroup mounts out of /proc/self/mountinfo. */
export function cgroupMountsFromMountinfo(mountinfo: string): CgroupMounts {
  const mounts = { rootIsCgroup2: false, unifiedIsCgroup2: false, hasV1Controllers: false };
  for (const line of mountinfo.split('\n')) {
    const [left, right] = line.split(' - ');
    const mountPoint = left?.split(' ')[4];
    const fsType = right?.split(' ')[0];
    if (mountPoint === undefined || fsType === undefined) continue;
    if (fsType === 'cgroup2' && mountPoint === '/sys/fs/cgroup') mounts.rootIsCgroup2 = true;
    if (fsType === 'cgroup2' && mountPoint === '/sys/fs/cgroup/unified')
      mounts.unifiedIsCgroup2 = true;
    if (fsType === 'cgroup' && mountPoint.startsWith('/sys/fs/cgroup/'))
      mounts.hasV1Controllers = true;
  }
  return mounts;
}

/** First version-looking token of `runc --version` / `crun --version` output. */
export function parseRuntimeVersion(output: string): string {
  return /version\s+v?(\d+\.\d+(?:\.\d+)?[^\s]*)/i.exec(output)?.[1] ?? 'unknown';
}
