import { readFile } from 'node:fs/promises';

import { AppError } from '@wharf/errors';
import type {
  EndpointRequest,
  NetworkService,
  PortMap,
  SandboxRequest,
} from '@wharf/engine-network';

import type { ContainerRecord } from './container-record';
import type { ContainerStore } from './container-store';
import type { ContainerCreateBody } from './container-types';
import { hostsFile, type LinkTarget, linkEnv, resolvConf } from './container-etc-files';

/** What `create` decides about a container's network. */
export interface NetworkChoice {
  mode: string;
  networks: Record<string, EndpointRequest>;
}

const SIMPLE_MODES = new Set(['none', 'host']);

/**
 * Resolves NetworkMode + NetworkingConfig at create: the default bridge unless told otherwise,
 * `container:<ref>` pinned to the owner's full id, named networks checked (they exist, `--ip` fits).
 */
export function chooseNetwork(
  body: ContainerCreateBody,
  store: ContainerStore,
  networks: NetworkService | undefined,
): NetworkChoice {
  const asked = body.HostConfig?.NetworkMode;
  const mode = !asked || asked === 'default' ? (networks ? 'bridge' : 'none') : asked;
  if (SIMPLE_MODES.has(mode)) return { mode, networks: {} };
  if (mode.startsWith('container:')) {
    const owner = store.get(mode.slice('container:'.length));
    return { mode: `container:${owner.id}`, networks: {} };
  }
  if (!networks)
    throw new AppError('NotImplemented', 'NETWORK_MODE', `network mode ${mode} is not supported`);
  // The CLI names the default network `default` in EndpointsConfig too.
  const endpoints = Object.fromEntries(
    Object.entries(body.NetworkingConfig?.EndpointsConfig ?? {}).map(([ref, request]) => [
      ref === 'default' ? mode : ref,
      request ?? {},
    ]),
  );
  const requests: Record<string, EndpointRequest> = { [mode]: endpoints[mode] ?? {} };
  for (const [ref, request] of Object.entries(endpoints)) requests[ref] ??= request;
  const validated = networks.validate(requests);
  return { mode: networks.store.get(mode).Name, networks: validated };
}

function exposedKeys(r: ContainerRecord): string[] {
  const keys = Object.keys(r.config.ExposedPorts ?? {});
  return keys.map((k) => (k.includes('/') ? k : `${k}/tcp`));
}

function portBindings(r: ContainerRecord): PortMap {
  const out: PortMap = {};
  for (const [key, list] of Object.entries(r.hostConfig.PortBindings ?? {})) {
    const k = key.includes('/') ? key : `${key}/tcp`;
    out[k] = (list ?? []).map((b) => ({ HostIp: b.HostIp ?? '', HostPort: b.HostPort ?? '' }));
  }
  return out;
}

/** The network half of starting and stopping a container (sandbox, /etc files, link env). */
export class ContainerNetworking {
  constructor(
    private readonly store: ContainerStore,
    private readonly networks: NetworkService | undefined,
  ) {}

  private request(r: ContainerRecord): SandboxRequest {
    return {
      containerId: r.id,
      name: r.name.slice(1),
      hostname: r.config.Hostname || r.id.slice(0, 12),
      networks: r.networks ?? {},
      portBindings: portBindings(r),
      publishAll: !!r.hostConfig.PublishAllPorts,
      exposed: exposedKeys(r),
    };
  }

  /** Sets up the namespace to join; undefined means "a fresh, empty one" (none) or the host's. */
  async prepare(r: ContainerRecord): Promise<string | undefined> {
    const mode = r.hostConfig.NetworkMode ?? 'none';
    if (mode.startsWith('container:')) {
      const owner = this.store.get(mode.slice('container:'.length));
      if (!owner.state.Running)
        throw new AppError(
          'Conflict',
          'OWNER_NOT_RUNNING',
          `cannot join network of a non running container: ${owner.id}`,
        );
      return `/proc/${owner.state.Pid}/ns/net`;
    }
    if (!this.networks || Object.keys(r.networks ?? {}).length === 0) return undefined;
    r.sandbox = await this.networks.setUp(this.request(r));
    return r.sandbox.netnsPath;
  }

  /** Gives back the namespace, addresses and ports. Idempotent. */
  async release(r: ContainerRecord): Promise<void> {
    if (!this.networks || (!r.sandbox && Object.keys(r.networks ?? {}).length === 0)) return;
    await this.networks.tearDown(r.id);
    r.sandbox = undefined;
  }

  /** After an engine restart: a running container keeps its sandbox. */
  restore(r: ContainerRecord): void {
    if (this.networks && r.sandbox && r.state.Running)
      this.networks.restore(this.request(r), r.sandbox);
  }

  private require(): NetworkService {
    if (!this.networks)
      throw new AppError(
        'NotImplemented',
        'NO_NETWORKS',
        'networks are not available in this engine',
      );
    return this.networks;
  }

  /** `docker network connect`: a live interface when running, remembered for the next start. */
  async connect(r: ContainerRecord, ref: string, request: EndpointRequest): Promise<void> {
    const networks = this.require();
    const mode = r.hostConfig.NetworkMode ?? 'none';
    if (mode === 'host' || mode === 'none' || mode.startsWith('container:'))
      throw new AppError(
        'PermissionDenied',
        'PRIVATE_MODE',
        `container cannot be connected to multiple networks with one of the networks in private (${mode}) mode`,
      );
    const name = networks.store.get(ref).Name;
    if (r.networks?.[name])
      throw new AppError(
        'PermissionDenied',
        'ALREADY_CONNECTED',
        `endpoint with name ${r.name.slice(1)} already exists in network ${name}`,
      );
    if (r.state.Running && r.sandbox) await networks.connect(r.id, name, request);
    else networks.validate({ [name]: request });
    r.networks = { ...(r.networks ?? {}), [name]: request };
  }

  async disconnect(r: ContainerRecord, ref: string): Promise<void> {
    const networks = this.require();
    const name = networks.store.get(ref).Name;
    if (!r.networks?.[name])
      throw new AppError(
        'PermissionDenied',
        'NOT_CONNECTED',
        `container ${r.id} is not connected to network ${name}`,
      );
    if (r.state.Running && r.sandbox) await networks.disconnect(r.id, name);
    const { [name]: _gone, ...rest } = r.networks;
    r.networks = rest;
  }

  /** Resolves `--link target:alias` to running targets on the default bridge. */
  links(r: ContainerRecord): LinkTarget[] {
    return (r.hostConfig.Links ?? []).map((link) => {
      const [target = '', alias = target] = link.replace(/^\//, '').split(':');
      const t = this.store.get(target);
      const ip = Object.values(t.sandbox?.endpoints ?? {})[0]?.IPAddress;
      if (!t.state.Running || !ip)
        throw new AppError(
          'InvalidArgument',
          'LINK_TARGET',
          `Cannot link to a non running container: ${t.name} AS /${r.name.slice(1)}/${alias.split('/').pop() ?? alias}`,
        );
      return {
        alias: alias.split('/').pop() ?? alias,
        name: t.name.slice(1),
        id: t.id,
        ip,
        exposed: exposedKeys(t),
        env: t.config.Env ?? [],
      };
    });
  }

  linkEnv(r: ContainerRecord, links: LinkTarget[]): string[] {
    return linkEnv(r.name.slice(1), links);
  }

  /** Contents of /etc/hosts and /etc/resolv.conf for this start. */
  async etcFiles(
    r: ContainerRecord,
    links: LinkTarget[],
  ): Promise<{ hosts: string; resolv: string }> {
    const hostResolvConf = await readFile('/etc/resolv.conf', 'utf8').catch(() => '');
    const endpoints = Object.entries(r.sandbox?.endpoints ?? {});
    const userNet = endpoints.find(([name]) => name !== 'bridge');
    return {
      hosts: hostsFile({
        hostname: r.config.Hostname || r.id.slice(0, 12),
        ...(r.sandbox ? { sandbox: r.sandbox } : {}),
        links,
        extraHosts: r.hostConfig.ExtraHosts ?? [],
        ...(endpoints[0] ? { hostGateway: endpoints[0][1].Gateway } : {}),
      }),
      resolv: resolvConf({
        ...(userNet ? { embeddedDns: userNet[1].Gateway } : {}),
        dns: r.hostConfig.Dns ?? [],
        search: r.hostConfig.DnsSearch ?? [],
        dnsOptions: r.hostConfig.DnsOptions ?? [],
        hostResolvConf,
        hostNetwork: r.hostConfig.NetworkMode === 'host',
      }),
    };
  }
}
