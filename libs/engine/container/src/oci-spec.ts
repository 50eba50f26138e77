import { AppError } from '@wharf/errors';

import { effectiveCapabilities } from './capabilities';
import { defaultSeccompProfile, type Profile, seccompFromProfile } from './seccomp/default-profile';
import type { HostConfig } from './container-types';

/** The subset of the runtime-spec config.json the engine writes (runtime-spec v1.0.2). */
export interface OciSpec {
  ociVersion: string;
  process: {
    terminal: boolean;
    user: { uid: number; gid: number; additionalGids?: number[] };
    args: string[];
    env: string[];
    cwd: string;
    capabilities: Record<'bounding' | 'effective' | 'permitted', string[]>;
    rlimits: { type: string; hard: number; soft: number }[];
    noNewPrivileges: boolean;
    oomScoreAdj?: number;
  };
  root: { path: string; readonly: boolean };
  hostname: string;
  mounts: OciMount[];
  linux: {
    namespaces: { type: string; path?: string }[];
    cgroupsPath: string;
    resources: LinuxResources;
    maskedPaths: string[];
    readonlyPaths: string[];
    sysctl?: Record<string, string>;
    devices?: {
      path: string;
      type: string;
      major: number;
      minor: number;
      fileMode: number;
      uid: number;
      gid: number;
    }[];
    seccomp?: object;
  };
}

export interface OciMount {
  destination: string;
  type: string;
  source: string;
  options: string[];
}

export interface LinuxResources {
  devices: { allow: boolean; type?: string; major?: number; minor?: number; access?: string }[];
  memory?: { limit?: number; swap?: number; reservation?: number; disableOOMKiller?: boolean };
  cpu?: { shares?: number; quota?: number; period?: number; cpus?: string; mems?: string };
  pids?: { limit: number };
}

export interface SpecInput {
  rootfs: string;
  args: string[];
  env: string[];
  user: { uid: number; gid: number; additionalGids: number[] };
  cwd: string;
  hostname: string;
  tty: boolean;
  hostConfig: HostConfig;
  cgroupsPath: string;
  /** Per-container files bind-mounted over /etc/{hostname,hosts,resolv.conf}. */
  etcFiles: { hostname: string; hosts: string; resolvConf: string };
  /** The host's capability bounding set (what `--privileged` can grant). */
  hostBounding: string[];
  /** A custom seccomp profile in runtime-spec form; Docker's default profile when absent. */
  seccomp?: object;
  /** GOARCH of the host (`amd64`), for the profile's per-architecture rules. */
  arch?: string;
  /** Host kernel release, for the profile's minimum-kernel rules. */
  kernel?: string;
  /** Volumes as host directories (`volumes/<name>/_data`) to bind at their destinations. */
  volumeMounts?: { source: string; destination: string; readOnly: boolean }[];
  /** Static init binary to bind at /sbin/docker-init for `--init`. */
  initPath?: string;
  /** Network namespace to join (bridge networks, `container:` mode); a fresh one when absent. */
  netnsPath?: string;
  /** `--pid container:x` / `--ipc container:x`: the other container's namespaces to join. */
  sharedNamespaces?: { pid?: string; ipc?: string };
  /** `--device` nodes, already looked up on the host. */
  devices?: HostDevice[];
}

/** A host device node given to a container (`--device /dev/x[:/dev/y][:rwm]`). */
export interface HostDevice {
  path: string;
  type: 'c' | 'b';
  major: number;
  minor: number;
  fileMode: number;
  access: string;
}

/** Docker's masked and read-only paths (moby oci/defaults.go). */
export const MASKED_PATHS = [
  '/proc/asound',
  '/proc/acpi',
  '/proc/interrupts',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/proc/scsi',
  '/sys/firmware',
  '/sys/devices/virtual/powercap',
];
export const READONLY_PATHS = [
  '/proc/bus',
  '/proc/fs',
  '/proc/irq',
  '/proc/sys',
  '/proc/sysrq-trigger',
];

/** Docker's default device cgroup allow list: deny all, then the standard char devices. */
export const DEFAULT_DEVICE_RULES: LinuxResources['devices'] = [
  { allow: false, access: 'rwm' },
  { allow: true, type: 'c', major: 1, minor: 5, access: 'rwm' },
  { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' },
  { allow: true, type: 'c', major: 1, minor: 9, access: 'rwm' },
  { allow: true, type: 'c', major: 1, minor: 8, access: 'rwm' },
  { allow: true, type: 'c', major: 5, minor: 0, access: 'rwm' },
  { allow: true, type: 'c', major: 5, minor: 1, access: 'rwm' },
  { allow: false, type: 'c', major: 10, minor: 229, access: 'rwm' },
  { allow: true, type: 'c', major: 136, access: 'rwm' },
  { allow: true, type: 'c', major: 5, minor: 2, access: 'rwm' },
];

const DEFAULT_SHM = 64 * 1024 * 1024;

function defaultMounts(hc: HostConfig): OciMount[] {
  const shm = hc.ShmSize && hc.ShmSize > 0 ? hc.ShmSize : DEFAULT_SHM;
  return [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    {
      destination: '/dev',
      type: 'tmpfs',
      source: 'tmpfs',
      options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'],
    },
    {
      destination: '/dev/pts',
      type: 'devpts',
      source: 'devpts',
      options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'],
    },
    {
      destination: '/sys',
      type: 'sysfs',
      source: 'sysfs',
      options: ['nosuid', 'noexec', 'nodev', hc.Privileged ? 'rw' : 'ro'],
    },
    {
      destination: '/sys/fs/cgroup',
      type: 'cgroup',
      source: 'cgroup',
      options: ['nosuid', 'noexec', 'nodev', 'relatime', hc.Privileged ? 'rw' : 'ro'],
    },
    {
      destination: '/dev/mqueue',
      type: 'mqueue',
      source: 'mqueue',
      options: ['nosuid', 'noexec', 'nodev'],
    },
    {
      destination: '/dev/shm',
      type: 'tmpfs',
      source: 'shm',
      options: ['nosuid', 'noexec', 'nodev', 'mode=1777', `size=${shm}`],
    },
  ];
}

function namespaces(input: SpecInput): { type: string; path?: string }[] {
  const hc = input.hostConfig;
  const shared = input.sharedNamespaces ?? {};
  const ns: { type: string; path?: string }[] = [{ type: 'mount' }];
  const own = (type: string, path: string | undefined) => ns.push(path ? { type, path } : { type });
  if (hc.NetworkMode !== 'host') own('network', input.netnsPath);
  if (hc.UTSMode !== 'host' && hc.NetworkMode !== 'host') ns.push({ type: 'uts' });
  if (hc.PidMode !== 'host') own('pid', shared.pid);
  if (hc.IpcMode !== 'host') own('ipc', shared.ipc);
  return ns;
}

/** `-v src:dst[:ro]` and `--tmpfs` / Mounts entries as runtime-spec mounts. */
function userMounts(hc: HostConfig): OciMount[] {
  const mounts: OciMount[] = [];
  for (const bind of hc.Binds ?? []) {
    const [source = '', destination = '', mode = ''] = bind.split(':');
    // `name:/dst` is a named volume: resolved at create and mounted from SpecInput.volumeMounts.
    if (!source.startsWith('/')) continue;
    const ro = mode.split(',').includes('ro');
    mounts.push({
      destination,
      type: 'bind',
      source,
      options: ['rbind', ro ? 'ro' : 'rw', 'rprivate'],
    });
  }
  for (const m of hc.Mounts ?? []) {
    if (m.Type === 'tmpfs') {
      const size = m.TmpfsOptions?.SizeBytes ? [`size=${m.TmpfsOptions.SizeBytes}`] : [];
      mounts.push({
        destination: m.Target ?? '',
        type: 'tmpfs',
        source: 'tmpfs',
        options: ['nosuid', 'nodev', ...size],
      });
    } else if (m.Type === 'bind') {
      mounts.push({
        destination: m.Target ?? '',
        type: 'bind',
        source: m.Source ?? '',
        options: ['rbind', m.ReadOnly ? 'ro' : 'rw', 'rprivate'],
      });
    }
  }
  for (const [destination, opts] of Object.entries(hc.Tmpfs ?? {})) {
    mounts.push({
      destination,
      type: 'tmpfs',
      source: 'tmpfs',
      options: ['noexec', 'nosuid', 'nodev', ...(opts ? opts.split(',') : [])],
    });
  }
  return mounts;
}

function resources(hc: HostConfig, devices: HostDevice[] = []): LinuxResources {
  const r: LinuxResources = {
    devices: hc.Privileged
      ? [{ allow: true, access: 'rwm' }]
      : [
          ...DEFAULT_DEVICE_RULES,
          ...devices.map((d) => ({
            allow: true,
            type: d.type,
            major: d.major,
            minor: d.minor,
            access: d.access,
          })),
        ],
  };
  if (hc.Memory || hc.MemoryReservation || hc.OomKillDisable) {
    r.memory = {
      limit: hc.Memory || undefined,
      reservation: hc.MemoryReservation || undefined,
      disableOOMKiller: hc.OomKillDisable ?? undefined,
    };
    if (hc.Memory && hc.MemorySwap !== undefined && hc.MemorySwap !== 0)
      r.memory.swap = hc.MemorySwap;
  }
  const period = hc.NanoCpus ? 100_000 : hc.CpuPeriod;
  const quota = hc.NanoCpus ? Math.round((hc.NanoCpus / 1e9) * 100_000) : hc.CpuQuota;
  if (hc.CpuShares || quota || hc.CpusetCpus || hc.CpusetMems) {
    r.cpu = {
      shares: hc.CpuShares || undefined,
      quota: quota || undefined,
      period: period || undefined,
      cpus: hc.CpusetCpus || undefined,
      mems: hc.CpusetMems || undefined,
    };
  }
  if (hc.PidsLimit && hc.PidsLimit > 0) r.pids = { limit: hc.PidsLimit };
  return r;
}

const RLIMIT_NAMES: Record<string, string> = {
  nofile: 'RLIMIT_NOFILE',
  nproc: 'RLIMIT_NPROC',
  core: 'RLIMIT_CORE',
  memlock: 'RLIMIT_MEMLOCK',
  stack: 'RLIMIT_STACK',
  cpu: 'RLIMIT_CPU',
  fsize: 'RLIMIT_FSIZE',
  locks: 'RLIMIT_LOCKS',
  msgqueue: 'RLIMIT_MSGQUEUE',
  nice: 'RLIMIT_NICE',
  rtprio: 'RLIMIT_RTPRIO',
  sigpending: 'RLIMIT_SIGPENDING',
  as: 'RLIMIT_AS',
  data: 'RLIMIT_DATA',
  rss: 'RLIMIT_RSS',
};

function rlimits(hc: HostConfig): OciSpec['process']['rlimits'] {
  return (hc.Ulimits ?? []).map((u) => {
    const type = RLIMIT_NAMES[u.Name];
    if (!type)
      throw new AppError('InvalidArgument', 'BAD_ULIMIT', `invalid ulimit type: ${u.Name}`);
    return { type, soft: u.Soft, hard: u.Hard };
  });
}

/** /etc/resolv.conf, /etc/hostname and /etc/hosts: per-container files bind-mounted over the image's. */
function etcMounts(files: SpecInput['etcFiles']): OciMount[] {
  return [
    { destination: '/etc/resolv.conf', source: files.resolvConf },
    { destination: '/etc/hostname', source: files.hostname },
    { destination: '/etc/hosts', source: files.hosts },
  ].map((m) => ({ ...m, type: 'bind', options: ['rbind', 'rprivate'] }));
}

/** Volumes are host directories bound at their destinations. */
function volumeBinds(input: SpecInput): OciMount[] {
  return (input.volumeMounts ?? []).map((v) => ({
    destination: v.destination,
    type: 'bind',
    source: v.source,
    options: ['rbind', v.readOnly ? 'ro' : 'rw', 'rprivate'],
  }));
}

/** `--init`: tini bind-mounted as /sbin/docker-init and put in front of the command. */
function initMounts(input: SpecInput): OciMount[] {
  if (!input.initPath || !input.hostConfig.Init) return [];
  return [
    {
      destination: '/sbin/docker-init',
      type: 'bind',
      source: input.initPath,
      options: ['rbind', 'ro', 'rprivate'],
    },
  ];
}

function processSpec(input: SpecInput, caps: string[]): OciSpec['process'] {
  const hc = input.hostConfig;
  const withInit = !!input.initPath && !!hc.Init;
  return {
    terminal: input.tty,
    user: {
      uid: input.user.uid,
      gid: input.user.gid,
      ...(input.user.additionalGids.length ? { additionalGids: input.user.additionalGids } : {}),
    },
    args: withInit ? ['/sbin/docker-init', '--', ...input.args] : input.args,
    env: input.env,
    cwd: input.cwd || '/',
    capabilities: { bounding: caps, effective: caps, permitted: caps },
    rlimits: rlimits(hc),
    noNewPrivileges: (hc.SecurityOpt ?? []).some((o) => /^no-new-privileges(?:[:=]true)?$/.test(o)),
    ...(hc.OomScoreAdj ? { oomScoreAdj: hc.OomScoreAdj } : {}),
  };
}

/** Docker's default profile unless privileged or `seccomp=unconfined`; an explicit profile wins. */
function seccompSection(input: SpecInput, caps: readonly string[]): { seccomp?: object } {
  const hc = input.hostConfig;
  const unconfined = (hc.SecurityOpt ?? []).some((o) => /^seccomp[:=]unconfined$/.test(o));
  if (hc.Privileged || unconfined) return {};
  const custom = (hc.SecurityOpt ?? [])
    .find((o) => /^seccomp[:=]/.test(o))
    ?.slice('seccomp='.length);
  if (custom !== undefined)
    return { seccomp: seccompFromProfile(parseProfile(custom), caps, input.arch, input.kernel) };
  return { seccomp: input.seccomp ?? defaultSeccompProfile(caps, input.arch, input.kernel) };
}

function parseProfile(json: string): Profile {
  try {
    const profile = JSON.parse(json) as Profile;
    if (typeof profile.defaultAction !== 'string') throw new Error('missing defaultAction');
    return profile;
  } catch (error) {
    throw new AppError(
      'InvalidArgument',
      'BAD_SECCOMP',
      `Decoding seccomp profile failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Builds config.json from the merged container config with Docker's defaults. Pure. */
export function buildOciSpec(input: SpecInput): OciSpec {
  const hc = input.hostConfig;
  const caps = effectiveCapabilities({
    privileged: !!hc.Privileged,
    add: hc.CapAdd ?? [],
    drop: hc.CapDrop ?? [],
    hostBounding: input.hostBounding,
  });
  return {
    ociVersion: '1.0.2',
    process: processSpec(input, caps),
    root: { path: input.rootfs, readonly: !!hc.ReadonlyRootfs },
    hostname: hc.NetworkMode === 'host' ? '' : input.hostname,
    mounts: [
      ...defaultMounts(hc),
      ...etcMounts(input.etcFiles),
      ...initMounts(input),
      ...userMounts(hc),
      ...volumeBinds(input),
    ],
    linux: {
      namespaces: namespaces(input),
      cgroupsPath: input.cgroupsPath,
      resources: resources(hc, input.devices),
      ...(input.devices?.length
        ? {
            devices: input.devices.map((d) => ({
              path: d.path,
              type: d.type,
              major: d.major,
              minor: d.minor,
              fileMode: d.fileMode,
              uid: 0,
              gid: 0,
            })),
          }
        : {}),
      maskedPaths: hc.Privileged ? [] : MASKED_PATHS,
      readonlyPaths: hc.Privileged ? [] : READONLY_PATHS,
      ...(hc.Sysctls && Object.keys(hc.Sysctls).length ? { sysctl: hc.Sysctls } : {}),
      ...seccompSection(input, caps),
    },
  };
}
