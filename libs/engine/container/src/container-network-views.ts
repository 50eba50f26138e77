import { endpointView, type Endpoint, type PortMap } from '@wharf/engine-network';

import type { ContainerRecord } from './container-record';

/** Docker's `ps` port entries: published ones with their host side, exposed ones without. */
export interface SummaryPort {
  IP?: string;
  PrivatePort: number;
  PublicPort?: number;
  Type: string;
}

function exposed(r: ContainerRecord): string[] {
  return Object.keys(r.config.ExposedPorts ?? {}).map((k) => (k.includes('/') ? k : `${k}/tcp`));
}

/** NetworkSettings.Ports: every exposed or published port, bound ones with their host side. */
export function portsView(r: ContainerRecord): PortMap {
  const out: PortMap = {};
  if (!r.sandbox) return out;
  for (const key of [...exposed(r), ...r.sandbox.exposed]) out[key] = null;
  for (const [key, bindings] of Object.entries(r.sandbox.ports))
    out[key] = (bindings ?? []).map((b) => ({
      HostIp: b.HostIp || '0.0.0.0',
      HostPort: b.HostPort,
    }));
  return out;
}

export function summaryPorts(r: ContainerRecord): SummaryPort[] {
  const rows: SummaryPort[] = [];
  for (const [key, bindings] of Object.entries(portsView(r))) {
    const [port = '0', proto = 'tcp'] = key.split('/');
    if (!bindings || bindings.length === 0) rows.push({ PrivatePort: Number(port), Type: proto });
    for (const b of bindings ?? [])
      rows.push({
        IP: b.HostIp,
        PrivatePort: Number(port),
        PublicPort: Number(b.HostPort),
        Type: proto,
      });
  }
  return rows;
}

const idle = (networkId: string, request: object): Endpoint => ({
  IPAMConfig: null,
  Links: null,
  Aliases: null,
  MacAddress: '',
  NetworkID: networkId,
  EndpointID: '',
  Gateway: '',
  IPAddress: '',
  IPPrefixLen: 0,
  IPv6Gateway: '',
  GlobalIPv6Address: '',
  GlobalIPv6PrefixLen: 0,
  DriverOpts: null,
  DNSNames: null,
  ...request,
});

/** NetworkSettings.Networks: live endpoints while running, the requested networks otherwise. */
export function networksView(
  r: ContainerRecord,
  networkId: (name: string) => string,
): Record<string, Endpoint> {
  const mode = r.hostConfig.NetworkMode || 'none';
  if (mode.startsWith('container:')) return {};
  const names = Object.keys(r.networks ?? {});
  if (names.length === 0) return { [mode]: idle(networkId(mode), {}) };
  return Object.fromEntries(
    names.map((name) => {
      const live = r.sandbox?.endpoints[name];
      return [name, live ? endpointView(live) : idle(networkId(name), r.networks?.[name] ?? {})];
    }),
  );
}

/** The whole NetworkSettings object of `inspect` (legacy top-level fields from the default bridge). */
export function networkSettingsView(r: ContainerRecord, networkId: (name: string) => string) {
  const bridge = r.sandbox?.endpoints['bridge'];
  return {
    Bridge: '',
    SandboxID: r.sandbox?.netns ?? '',
    SandboxKey: r.sandbox?.netnsPath ?? '',
    HairpinMode: false,
    LinkLocalIPv6Address: '',
    LinkLocalIPv6PrefixLen: 0,
    Ports: portsView(r),
    SecondaryIPAddresses: null,
    SecondaryIPv6Addresses: null,
    EndpointID: bridge?.EndpointID ?? '',
    Gateway: bridge?.Gateway ?? '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    IPAddress: bridge?.IPAddress ?? '',
    IPPrefixLen: bridge?.IPPrefixLen ?? 0,
    IPv6Gateway: '',
    MacAddress: bridge?.MacAddress ?? '',
    Networks: networksView(r, networkId),
  };
}
