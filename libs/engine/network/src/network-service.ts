import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import { AppError } from '@wharf/errors';

import { DnsResponder, type Upstream } from './dns-responder';
import { planFirewall, type FirewallPort } from './firewall-plan';
import { defaultPoolCandidates, pickSubnet, resolvePool } from './ipam';
import { contains, formatCidr, parseCidr, parseIp } from './ipv4';
import type { NetworkServiceDeps } from './network-config';
import { NetworkStore } from './network-store';
import type {
  Endpoint,
  EndpointRequest,
  NetworkCreateBody,
  NetworkRecord,
  Sandbox,
  SandboxRequest,
} from './network-types';
import { endpointView, isBuiltin, networkMatches, networkView } from './network-views';
import { splitPortKey, type HeldPort } from './port-plan';
import { SandboxBuilder } from './sandbox-builder';

const DEFAULT_MTU_KEY = 'com.docker.network.driver.mtu';
const BRIDGE_NAME_KEY = 'com.docker.network.bridge.name';

/** A live sandbox and what the container asked for. */
export interface LiveSandbox {
  request: SandboxRequest;
  sandbox: Sandbox;
}

/**
 * Networks of one engine: the built-in `bridge`, `host` and `none`, user-defined bridges with IPAM,
 * the embedded DNS, published ports and the nft table. Containers get their namespace from
 * {@link setUp} at start and give it back with {@link tearDown}.
 */
export class NetworkService {
  readonly store: NetworkStore;
  readonly sandboxes = new Map<string, LiveSandbox>();
  private readonly dns: DnsResponder;
  private readonly builder: SandboxBuilder;
  private upstreams: Upstream[] = [];

  constructor(readonly deps: NetworkServiceDeps) {
    this.store = new NetworkStore(join(deps.engineDir, 'networks'));
    this.dns = new DnsResponder(
      (id, name) => this.lookup(id, name),
      () => this.upstreams,
      deps.logger,
    );
    this.builder = new SandboxBuilder(this);
  }

  /** Loads networks, makes the built-ins, brings every bridge up. Firewall waits for reconcile(). */
  async init(): Promise<void> {
    await this.store.load();
    this.upstreams = await this.resolveUpstreams();
    await this.ensureBuiltins();
    if (this.deps.config.ipForward) await this.deps.sysctl.set('net.ipv4.ip_forward', '1');
    for (const n of this.store.all()) if (n.Driver === 'bridge') await this.bringUp(n);
  }

  private async resolveUpstreams(): Promise<Upstream[]> {
    const configured = this.deps.config.dns;
    const servers = configured.length > 0 ? configured : await this.deps.hostResolvers();
    return servers.map((s) => {
      const [host = '', port = '53'] = s.split(':');
      return { host, port: Number(port) };
    });
  }

  /**
   * After containers re-adopted their sandboxes: deletes the namespaces of this engine's containers
   * that no longer run (a crash mid-start leaves one), then rewrites the firewall. Only ids of our own
   * containers are considered, so another engine on the host keeps its namespaces.
   */
  async reconcile(containerIds: string[]): Promise<void> {
    const live = new Set([...this.sandboxes.values()].map((s) => s.sandbox.netns));
    const ours = new Set(containerIds.map((id) => `${this.deps.config.table}-${id.slice(0, 12)}`));
    for (const ns of await this.deps.links.netnsNames())
      if (ours.has(ns) && !live.has(ns)) await this.deps.links.deleteNetns(ns);
    await this.applyFirewall();
  }

  close(): void {
    this.dns.closeAll();
  }

  bridgeOf(n: NetworkRecord): string {
    return n.Options['wharf.bridge'] ?? '';
  }

  private async ensureBuiltins(): Promise<void> {
    const { config } = this.deps;
    for (const [name, driver] of [
      ['host', 'host'],
      ['none', 'null'],
    ] as const) {
      if (!this.store.find(name)) await this.store.save(this.record(name, driver, [], {}));
    }
    const existing = this.store.find('bridge');
    const subnet = config.bip ? parseCidr(config.bip, 'bip') : undefined;
    const pool = subnet
      ? {
          Subnet: formatCidr(subnet),
          Gateway: config.bip?.split('/')[0] ?? '',
          ...(config.fixedCidr ? { IPRange: config.fixedCidr } : {}),
        }
      : (existing?.IPAM.Config[0] ?? (await this.freshDefaultPool()));
    const options = {
      'com.docker.network.bridge.default_bridge': 'true',
      'com.docker.network.bridge.enable_icc': String(config.icc),
      'com.docker.network.bridge.enable_ip_masquerade': String(config.ipMasq),
      'com.docker.network.bridge.host_binding_ipv4': '0.0.0.0',
      [BRIDGE_NAME_KEY]: config.bridgeName,
      [DEFAULT_MTU_KEY]: String(config.mtu),
      'wharf.bridge': config.bridgeName,
    };
    const bridge = existing
      ? {
          ...existing,
          IPAM: { ...existing.IPAM, Config: [pool] },
          Options: { ...existing.Options, ...options },
        }
      : this.record('bridge', 'bridge', [pool], options);
    await this.store.save(bridge);
  }

  private async freshDefaultPool() {
    const subnet = pickSubnet(
      ['172.17.0.0/16', ...defaultPoolCandidates()],
      await this.subnetsInUse(),
    );
    return resolvePool({ Subnet: subnet }, []);
  }

  private record(
    name: string,
    driver: NetworkRecord['Driver'],
    config: NetworkRecord['IPAM']['Config'],
    options: Record<string, string>,
  ): NetworkRecord {
    return {
      Name: name,
      Id: randomBytes(32).toString('hex'),
      Created: new Date().toISOString(),
      Scope: 'local',
      Driver: driver,
      EnableIPv6: false,
      IPAM: { Driver: 'default', Options: null, Config: config },
      Internal: false,
      Attachable: false,
      Ingress: false,
      ConfigFrom: { Network: '' },
      ConfigOnly: false,
      Options: {
        ...options,
        ...(name === 'bridge' || driver !== 'bridge' ? { 'wharf.builtin': 'true' } : {}),
      },
      Labels: {},
    };
  }

  /** Subnets of other networks and of the host's routes: a new subnet must clear them all. */
  private async subnetsInUse(exceptId?: string): Promise<string[]> {
    const networks = this.store
      .all()
      .filter((n) => n.Id !== exceptId)
      .flatMap((n) => n.IPAM.Config.map((c) => c.Subnet));
    const ownBridges = new Set(this.store.all().map((n) => this.bridgeOf(n)));
    const routes = (await this.deps.links.hostRoutes()).filter(
      (r) => !networks.includes(r) && !ownBridges.has(r),
    );
    return [...networks, ...routes.map((r) => (r.includes('/') ? r : `${r}/32`))];
  }

  private async bringUp(n: NetworkRecord): Promise<void> {
    const bridge = this.bridgeOf(n);
    const pool = n.IPAM.Config[0];
    if (!pool) return;
    await this.deps.links.ensureBridge({
      name: bridge,
      addresses: [`${pool.Gateway}/${parseCidr(pool.Subnet).bits}`],
      mtu: Number(n.Options[DEFAULT_MTU_KEY] ?? this.deps.config.mtu),
    });
    // 127.0.0.1:port reaches containers through DNAT only if the bridge accepts loopback sources.
    await this.deps.sysctl.set(`net.ipv4.conf.${bridge}.route_localnet`, '1');
    if (n.Name !== 'bridge') {
      const subnet = parseCidr(pool.Subnet);
      await this.dns.listen(n.Id, pool.Gateway, (ip) => contains(subnet, parseIp(ip)));
    }
  }

  /** `docker network create`: nothing is left behind when any step fails. */
  async create(body: NetworkCreateBody): Promise<{ Id: string; Warning: string }> {
    const name = body.Name ?? '';
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name))
      throw new AppError('InvalidArgument', 'BAD_NAME', `invalid network name: "${name}"`);
    if (this.store.all().some((n) => n.Name === name))
      throw new AppError('Conflict', 'NETWORK_EXISTS', `network with name ${name} already exists`);
    const driver = body.Driver || 'bridge';
    if (driver !== 'bridge') {
      const message =
        driver === 'host' || driver === 'null'
          ? `only one instance of "${driver}" network is allowed`
          : `could not find plugin ${driver} in v1 plugin registry: plugin not found`;
      throw new AppError(
        driver === 'host' || driver === 'null' ? 'PermissionDenied' : 'NotFound',
        'BAD_DRIVER',
        message,
      );
    }
    const requests = body.IPAM?.Config ?? [];
    if (requests.length > 1)
      throw new AppError(
        'NotImplemented',
        'MULTI_POOL',
        'only one IPv4 pool per network is supported',
      );
    const inUse = await this.subnetsInUse();
    const request = requests[0] ?? {};
    if (!request.Subnet && (request.IPRange || request.Gateway))
      throw new AppError(
        'InvalidArgument',
        'BAD_IPAM',
        'ip-range and gateway need a subnet (--subnet)',
      );
    const pool = resolvePool(
      { ...request, Subnet: request.Subnet ?? pickSubnet(defaultPoolCandidates(), inUse) },
      inUse,
    );
    const mtu = body.Options?.[DEFAULT_MTU_KEY] ?? String(this.deps.config.mtu);
    if (!/^\d+$/.test(mtu) || Number(mtu) < 68 || Number(mtu) > 65535)
      throw new AppError('InvalidArgument', 'BAD_MTU', `invalid MTU: ${mtu}`);
    const record = this.record(name, 'bridge', [pool], { ...(body.Options ?? {}) });
    record.Internal = !!body.Internal;
    record.Attachable = !!body.Attachable;
    record.Labels = body.Labels ?? {};
    record.Options['wharf.bridge'] =
      body.Options?.[BRIDGE_NAME_KEY] ?? `br-${record.Id.slice(0, 12)}`;
    await this.materialize(record);
    return { Id: record.Id, Warning: '' };
  }

  private async materialize(record: NetworkRecord): Promise<void> {
    try {
      await this.bringUp(record);
      await this.applyFirewall([record]);
      await this.store.save(record);
    } catch (error) {
      this.dns.close(record.Id);
      await this.deps.links.deleteLink(this.bridgeOf(record)).catch(() => undefined);
      await this.applyFirewall().catch(() => undefined);
      throw error instanceof AppError
        ? error
        : new AppError(
            'Internal',
            'NETWORK_CREATE',
            `failed to create network ${record.Name}: ${String(error)}`,
          );
    }
  }

  list(filters: Record<string, string[]> = {}) {
    return this.store
      .all()
      .filter((n) => networkMatches(n, this.inUse(n.Id), filters))
      .sort((a, b) => a.Name.localeCompare(b.Name))
      .map((n) => networkView(n, {}));
  }

  inspect(ref: string) {
    const n = this.store.get(ref);
    return networkView(n, this.containersOf(n));
  }

  private containersOf(n: NetworkRecord): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [id, live] of this.sandboxes) {
      const e = live.sandbox.endpoints[n.Name];
      if (!e) continue;
      out[id] = {
        Name: live.request.name,
        EndpointID: e.EndpointID,
        MacAddress: e.MacAddress,
        IPv4Address: `${e.IPAddress}/${e.IPPrefixLen}`,
        IPv6Address: '',
      };
    }
    return out;
  }

  private inUse(networkId: string): boolean {
    const n = this.store.find(networkId);
    return !!n && [...this.sandboxes.values()].some((s) => n.Name in s.sandbox.endpoints);
  }

  /** `docker network rm`: refused for the built-ins and for networks with endpoints. */
  async remove(
    ref: string,
    isReferenced: (n: NetworkRecord) => boolean = () => false,
  ): Promise<void> {
    const n = this.store.get(ref);
    if (isBuiltin(n))
      throw new AppError(
        'PermissionDenied',
        'BUILTIN',
        `${n.Name} is a pre-defined network and cannot be removed`,
      );
    if (this.inUse(n.Id) || isReferenced(n))
      throw new AppError(
        'PermissionDenied',
        'NETWORK_IN_USE',
        `error while removing network: network ${n.Name} id ${n.Id} has active endpoints`,
      );
    this.dns.close(n.Id);
    await this.store.delete(n.Id);
    await this.deps.links.deleteLink(this.bridgeOf(n));
    await this.applyFirewall();
  }

  async prune(
    filters: Record<string, string[]> = {},
    isReferenced: (n: NetworkRecord) => boolean = () => false,
  ) {
    const deleted: string[] = [];
    for (const n of this.store.all()) {
      if (isBuiltin(n) || this.inUse(n.Id) || isReferenced(n)) continue;
      if (!networkMatches(n, false, { label: filters['label'] ?? [] })) continue;
      await this.remove(n.Id);
      deleted.push(n.Name);
    }
    return { NetworksDeleted: deleted };
  }

  /** Names a container on network `networkId` may resolve: names, aliases and short ids. */
  lookup(networkId: string, name: string): string[] | undefined {
    const n = this.store.find(networkId);
    if (!n) return undefined;
    const hits: string[] = [];
    for (const [id, live] of this.sandboxes) {
      const e = live.sandbox.endpoints[n.Name];
      if (!e) continue;
      const names = [live.request.name, id.slice(0, 12), ...(e.Aliases ?? [])].map((x) =>
        x.toLowerCase(),
      );
      if (names.includes(name)) hits.push(e.IPAddress);
    }
    return hits.length > 0 ? hits : undefined;
  }

  /** Ports held by running containers (for conflicts). */
  heldPorts(exceptContainer?: string): HeldPort[] {
    const held: HeldPort[] = [];
    for (const [id, live] of this.sandboxes) {
      if (id === exceptContainer) continue;
      for (const [key, bindings] of Object.entries(live.sandbox.ports))
        for (const b of bindings ?? [])
          held.push({
            proto: splitPortKey(key).proto,
            hostIp: b.HostIp,
            hostPort: Number(b.HostPort),
            containerId: id,
          });
    }
    return held;
  }

  /** Rewrites the engine's nft table from the networks and live sandboxes (one transaction). */
  async applyFirewall(extra: NetworkRecord[] = []): Promise<void> {
    const networks = [...this.store.all(), ...extra].filter(
      (n) => n.Driver === 'bridge' && n.IPAM.Config[0],
    );
    const ports: FirewallPort[] = [];
    for (const live of this.sandboxes.values()) {
      const first = Object.values(live.sandbox.endpoints)[0];
      if (!first) continue;
      for (const [key, bindings] of Object.entries(live.sandbox.ports)) {
        const { port, proto } = splitPortKey(key);
        for (const b of bindings ?? [])
          ports.push({
            proto: proto as FirewallPort['proto'],
            hostIp: b.HostIp,
            hostPort: Number(b.HostPort),
            containerIp: first.IPAddress,
            containerPort: port,
          });
      }
    }
    await this.deps.firewall.apply(
      planFirewall({
        table: this.deps.config.table,
        networks: networks.map((n) => ({
          bridge: this.bridgeOf(n),
          subnet: n.IPAM.Config[0]?.Subnet ?? '',
          internal: n.Internal,
          masquerade: n.Options['com.docker.network.bridge.enable_ip_masquerade'] !== 'false',
        })),
        ports,
      }),
    );
  }

  validate(requests: Record<string, EndpointRequest>): Record<string, EndpointRequest> {
    return this.builder.validate(requests);
  }

  setUp(request: SandboxRequest): Promise<Sandbox> {
    return this.builder.setUp(request);
  }

  tearDown(containerId: string): Promise<void> {
    return this.builder.tearDown(containerId);
  }

  connect(containerId: string, networkRef: string, request: EndpointRequest): Promise<Endpoint> {
    return this.builder.connect(containerId, networkRef, request);
  }

  disconnect(containerId: string, networkRef: string): Promise<void> {
    return this.builder.disconnect(containerId, networkRef);
  }

  /** A running container re-adopted at engine start keeps its namespace and addresses. */
  restore(request: SandboxRequest, sandbox: Sandbox): void {
    this.sandboxes.set(request.containerId, { request, sandbox });
  }

  endpointView = endpointView;
}
