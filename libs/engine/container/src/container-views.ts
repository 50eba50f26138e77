import { networkSettingsView, networksView, summaryPorts } from './container-network-views';
import type { ContainerRecord } from './container-record';
import type { ContainerFilters, ContainerInspect, ContainerSummary } from './container-types';

/** Paths of a container's files, all under its directory. */
export interface ContainerPaths {
  dir: string;
  logPath: string;
  hostname: string;
  hosts: string;
  resolvConf: string;
  rootfs: string;
}

function ago(from: Date, to: Date): string {
  const s = Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));
  if (s < 1) return 'Less than a second';
  if (s < 60) return `${s} second${s === 1 ? '' : 's'}`;
  const m = Math.round(s / 60);
  if (m < 60) return m === 1 ? 'About a minute' : `${m} minutes`;
  const h = Math.round(m / 60);
  if (h < 48) return h === 1 ? 'About an hour' : `${h} hours`;
  return `${Math.round(h / 24)} days`;
}

/** Docker's human STATUS column (`Up 5 seconds`, `Exited (0) 2 minutes ago`). */
export function statusText(r: ContainerRecord, now: Date): string {
  const s = r.state;
  switch (s.Status) {
    case 'running': {
      const health =
        s.Health && s.Health.Status !== 'none'
          ? ` (${s.Health.Status === 'starting' ? 'health: starting' : s.Health.Status})`
          : '';
      return `Up ${ago(new Date(s.StartedAt), now)}${health}`;
    }
    case 'paused':
      return `Up ${ago(new Date(s.StartedAt), now)} (Paused)`;
    case 'restarting':
      return `Restarting (${s.ExitCode}) ${ago(new Date(s.FinishedAt), now)} ago`;
    case 'exited':
      return `Exited (${s.ExitCode}) ${ago(new Date(s.FinishedAt), now)} ago`;
    case 'created':
      return 'Created';
    case 'removing':
      return 'Removal In Progress';
    case 'dead':
      return 'Dead';
  }
}

function networkMode(r: ContainerRecord): string {
  return r.hostConfig.NetworkMode || 'none';
}

/** Network name -> id, for the NetworkID fields of views. */
export type NetworkIdOf = (name: string) => string;

export function toSummary(
  r: ContainerRecord,
  now: Date,
  networkId: NetworkIdOf = () => '',
): ContainerSummary {
  return {
    Id: r.id,
    Names: [r.name],
    Image: r.imageRef,
    ImageID: r.imageId,
    Command: [r.path, ...r.args].join(' '),
    Created: Math.floor(new Date(r.created).getTime() / 1000),
    Ports: summaryPorts(r),
    Labels: r.config.Labels ?? {},
    State: r.state.Status,
    Status: statusText(r, now),
    HostConfig: { NetworkMode: networkMode(r) },
    NetworkSettings: { Networks: networksView(r, networkId) },
    Mounts: [],
  };
}

export function toInspect(
  r: ContainerRecord,
  paths: ContainerPaths,
  execIds: string[],
  networkId: NetworkIdOf = () => '',
): ContainerInspect {
  return {
    Id: r.id,
    Created: r.created,
    Path: r.path,
    Args: r.args,
    State: r.state,
    Image: r.imageId,
    ResolvConfPath: paths.resolvConf,
    HostnamePath: paths.hostname,
    HostsPath: paths.hosts,
    LogPath: paths.logPath,
    Name: r.name,
    RestartCount: r.restartCount,
    Driver: 'overlay2',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    ExecIDs: execIds.length ? execIds : null,
    HostConfig: { ...r.hostConfig, Runtime: r.runtime },
    GraphDriver: { Name: 'overlay2', Data: { MergedDir: paths.rootfs } },
    Mounts: [],
    Config: r.config,
    NetworkSettings: networkSettingsView(r, networkId),
  };
}

/** One `ps` filter value against one container. */
function matchesFilter(r: ContainerRecord, key: string, v: string): boolean {
  switch (key) {
    case 'status':
      return r.state.Status === v;
    case 'name':
      return new RegExp(v).test(r.name.slice(1));
    case 'id':
      return r.id.startsWith(v);
    case 'label': {
      const [k = '', ...rest] = v.split('=');
      const labels = r.config.Labels ?? {};
      return rest.length === 0 ? k in labels : labels[k] === rest.join('=');
    }
    case 'exited':
      return r.state.Status === 'exited' && String(r.state.ExitCode) === v;
    case 'health':
      return (r.state.Health?.Status ?? 'none') === v;
    case 'ancestor':
      return r.imageRef === v || r.imageId === v || r.imageId.startsWith(`sha256:${v}`);
    default:
      return true;
  }
}

/**
 * Docker's `ps` (and prune) filters: status, name (substring/regex), id (prefix), label (key or
 * key=value). Values of one key are alternatives, except labels: like Docker, every label filter
 * must match, which is what lets a caller narrow a prune to what carries an owner label.
 */
export function matchesFilters(r: ContainerRecord, filters: ContainerFilters): boolean {
  return Object.entries(filters).every(([key, values]) => {
    if (values.length === 0) return true;
    const match = (v: string) => matchesFilter(r, key, v);
    return key === 'label' ? values.every(match) : values.some(match);
  });
}
