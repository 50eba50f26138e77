import { createHash, randomBytes } from 'node:crypto';

import type { VethSpec } from '@wharf/engine-host';
import { AppError } from '@wharf/errors';

import { allocateAddress, claimAddress, prefixLength } from './ipam';
import { macFor, parseIp } from './ipv4';
import type { NetworkService } from './network-service';
import type {
  Endpoint,
  EndpointRequest,
  NetworkRecord,
  PortMap,
  Sandbox,
  SandboxRequest,
} from './network-types';
import { allocatePorts, requestedBindings } from './port-plan';

/** Host end of a container's veth on a network: stable, so cleanup can find it again. */
export function vethName(containerId: string, networkId: string): string {
  return `veth${createHash('sha256').update(`${containerId}/${networkId}`).digest('hex').slice(0, 7)}`;
}

/**
 * Gives containers their network namespace: addresses, veths, published ports. Each public method
 * either completes or undoes what it did (no namespace, veth, address or rule is left half-made).
 */
export class SandboxBuilder {
  constructor(private readonly svc: NetworkService) {}

  private get deps() {
    return this.svc.deps;
  }

  private takenAddresses(n: NetworkRecord): string[] {
    return [...this.svc.sandboxes.values()]
      .map((s) => s.sandbox.endpoints[n.Name]?.IPAddress)
      .filter((ip): ip is string => !!ip);
  }

  /** Checks what `create` asks of networks (they exist, `--ip` fits); returns it keyed by name. */
  validate(requests: Record<string, EndpointRequest>): Record<string, EndpointRequest> {
    const out: Record<string, EndpointRequest> = {};
    for (const [ref, request] of Object.entries(requests)) {
      const n = this.svc.store.get(ref);
      if (n.Driver !== 'bridge')
        throw new AppError(
          'InvalidArgument',
          'BAD_NETWORK',
          `container cannot be connected to network ${n.Name} with driver ${n.Driver}`,
        );
      const userDefined = n.Name !== 'bridge';
      const ip = request.IPAMConfig?.IPv4Address;
      if (ip && !userDefined)
        throw new AppError(
          'InvalidArgument',
          'IP_ON_DEFAULT',
          'user specified IP address is supported on user defined networks only',
        );
      if ((request.Aliases?.length ?? 0) > 0 && !userDefined)
        throw new AppError(
          'InvalidArgument',
          'ALIAS_ON_DEFAULT',
          'network-scoped alias is supported only for containers in user defined networks',
        );
      const pool = n.IPAM.Config[0];
      if (ip && pool) claimAddress(pool, ip, []);
      out[n.Name] = request;
    }
    return out;
  }

  private endpointFor(
    n: NetworkRecord,
    containerId: string,
    request: EndpointRequest,
    index: number,
  ): Endpoint {
    const pool = n.IPAM.Config[0];
    if (!pool) throw new AppError('Internal', 'NO_POOL', `network ${n.Name} has no address pool`);
    const wanted = request.IPAMConfig?.IPv4Address;
    const taken = this.takenAddresses(n);
    const ip = wanted ? claimAddress(pool, wanted, taken) : allocateAddress(pool, taken);
    return {
      IPAMConfig: wanted ? { IPv4Address: wanted } : null,
      Links: request.Links ?? null,
      Aliases: request.Aliases ?? null,
      MacAddress: request.MacAddress || macFor(parseIp(ip)),
      NetworkID: n.Id,
      EndpointID: randomBytes(32).toString('hex'),
      Gateway: pool.Gateway,
      IPAddress: ip,
      IPPrefixLen: prefixLength(pool),
      IPv6Gateway: '',
      GlobalIPv6Address: '',
      GlobalIPv6PrefixLen: 0,
      DriverOpts: null,
      DNSNames: n.Name === 'bridge' ? null : [containerId.slice(0, 12), ...(request.Aliases ?? [])],
      HostVeth: vethName(containerId, n.Id),
      IfName: `eth${index}`,
    };
  }

  private vethSpec(n: NetworkRecord, e: Endpoint, netns: string, gateway: boolean): VethSpec {
    const isolate = n.Name === 'bridge' && !this.deps.config.icc;
    return {
      netns,
      hostName: e.HostVeth ?? '',
      bridge: this.svc.bridgeOf(n),
      ifName: e.IfName ?? 'eth0',
      mac: e.MacAddress,
      addresses: [`${e.IPAddress}/${e.IPPrefixLen}`],
      ...(gateway ? { gateway: e.Gateway } : {}),
      mtu: Number(n.Options['com.docker.network.driver.mtu'] ?? this.deps.config.mtu),
      ...(isolate ? { isolated: true } : {}),
    };
  }

  async setUp(request: SandboxRequest): Promise<Sandbox> {
    const netns = `${this.deps.config.table}-${request.containerId.slice(0, 12)}`;
    await this.deps.links.deleteNetns(netns); // a leftover from a crash mid-setup
    const sandbox: Sandbox = {
      netns,
      netnsPath: this.deps.links.netnsPath(netns),
      endpoints: {},
      ports: {},
      exposed: [],
    };
    this.svc.sandboxes.set(request.containerId, { request, sandbox });
    try {
      const veths: VethSpec[] = [];
      Object.entries(request.networks).forEach(([ref, endpointRequest], index) => {
        const n = this.svc.store.get(ref);
        const e = this.endpointFor(n, request.containerId, endpointRequest, index);
        sandbox.endpoints[n.Name] = e;
        veths.push(this.vethSpec(n, e, netns, index === 0));
      });
      await this.deps.links.createSandbox(netns, veths);
      await this.publish(request, sandbox);
      return sandbox;
    } catch (error) {
      await this.tearDown(request.containerId).catch(() => undefined);
      throw error;
    }
  }

  private async publish(request: SandboxRequest, sandbox: Sandbox): Promise<void> {
    sandbox.exposed = [...new Set([...request.exposed, ...Object.keys(request.portBindings)])];
    const wanted = requestedBindings(request.portBindings, request.publishAll, request.exposed);
    if (wanted.length === 0) return;
    const first = Object.values(sandbox.endpoints)[0];
    try {
      const granted = await allocatePorts(
        wanted,
        this.svc.heldPorts(request.containerId),
        (p, ip, port) => this.deps.portProbe.isFree(p, ip, port),
      );
      const ports: PortMap = {};
      for (const { key, binding } of granted) ports[key] = [...(ports[key] ?? []), binding];
      sandbox.ports = ports;
      if (first) await this.svc.applyFirewall();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new AppError(
        'Internal',
        'PORT_PUBLISH',
        `driver failed programming external connectivity on endpoint ${request.name} (${first?.EndpointID ?? ''}): ${message}`,
      );
    }
  }

  /** Idempotent: deletes the namespace (and with it every veth), frees addresses and ports. */
  async tearDown(containerId: string): Promise<void> {
    const live = this.svc.sandboxes.get(containerId);
    const netns = live?.sandbox.netns ?? `${this.deps.config.table}-${containerId.slice(0, 12)}`;
    const hadPorts = Object.keys(live?.sandbox.ports ?? {}).length > 0;
    this.svc.sandboxes.delete(containerId);
    const hostEnds = Object.values(live?.sandbox.endpoints ?? {}).map((e) => e.HostVeth ?? '');
    await this.deps.links.deleteSandbox(netns, hostEnds.filter(Boolean));
    if (hadPorts) await this.svc.applyFirewall();
  }

  /** `docker network connect` on a running container: a new ethN in its namespace. */
  async connect(containerId: string, ref: string, request: EndpointRequest): Promise<Endpoint> {
    const live = this.svc.sandboxes.get(containerId);
    const n = this.svc.store.get(ref);
    if (!live)
      throw new AppError(
        'Internal',
        'NO_SANDBOX',
        `container ${containerId} has no network namespace`,
      );
    if (live.sandbox.endpoints[n.Name])
      throw new AppError(
        'PermissionDenied',
        'ALREADY_CONNECTED',
        `endpoint with name ${live.request.name} already exists in network ${n.Name}`,
      );
    this.validate({ [n.Name]: request });
    const used = new Set(Object.values(live.sandbox.endpoints).map((e) => e.IfName));
    let index = 0;
    while (used.has(`eth${index}`)) index += 1;
    const e = this.endpointFor(n, containerId, request, index);
    const first = Object.keys(live.sandbox.endpoints).length === 0;
    await this.deps.links.addVeth(this.vethSpec(n, e, live.sandbox.netns, first));
    live.sandbox.endpoints[n.Name] = e;
    live.request.networks[n.Name] = request;
    return e;
  }

  async disconnect(containerId: string, ref: string): Promise<void> {
    const live = this.svc.sandboxes.get(containerId);
    const n = this.svc.store.get(ref);
    const e = live?.sandbox.endpoints[n.Name];
    if (!live || !e) return;
    await this.deps.links.deleteLink(e.HostVeth ?? '');
    delete live.sandbox.endpoints[n.Name];
    delete live.request.networks[n.Name];
  }
}
