import type { Sandbox } from '@wharf/engine-network';

/** One resolved `--link`: the target's address and names, plus what it exposes. */
export interface LinkTarget {
  alias: string;
  /** Target name without the slash. */
  name: string;
  id: string;
  ip: string;
  exposed: string[];
  env: string[];
}

const HOSTS_HEADER = [
  '127.0.0.1\tlocalhost',
  '::1\tlocalhost ip6-localhost ip6-loopback',
  'fe00::0\tip6-localnet',
  'ff00::0\tip6-mcastprefix',
  'ff02::1\tip6-allnodes',
  'ff02::2\tip6-allrouters',
];

/** /etc/hosts as Docker writes it: loopback, links, --add-host entries, then the container itself. */
export function hostsFile(options: {
  hostname: string;
  sandbox?: Sandbox;
  links: LinkTarget[];
  extraHosts: string[];
  hostGateway?: string;
}): string {
  const lines = [...HOSTS_HEADER];
  for (const l of options.links) lines.push(`${l.ip}\t${l.alias} ${l.id.slice(0, 12)} ${l.name}`);
  for (const entry of options.extraHosts) {
    const at = entry.indexOf(':');
    const name = entry.slice(0, at);
    const ip = entry.slice(at + 1);
    lines.push(`${ip === 'host-gateway' ? (options.hostGateway ?? ip) : ip}\t${name}`);
  }
  const own = Object.values(options.sandbox?.endpoints ?? {})[0];
  if (own) lines.push(`${own.IPAddress}\t${options.hostname}`);
  return `${lines.join('\n')}\n`;
}

/**
 * resolv.conf: the embedded DNS (the network's gateway) on user-defined networks; otherwise the
 * container's --dns or the host's resolvers, minus loopback ones the container cannot reach.
 */
export function resolvConf(options: {
  embeddedDns?: string;
  dns: string[];
  search: string[];
  dnsOptions: string[];
  hostResolvConf: string;
  hostNetwork: boolean;
}): string {
  if (options.hostNetwork) return options.hostResolvConf;
  const hostServers = [...options.hostResolvConf.matchAll(/^\s*nameserver\s+(\S+)/gm)]
    .map((m) => m[1] ?? '')
    .filter((s) => !s.startsWith('127.') && s !== '::1');
  const hostSearch = /^\s*search\s+(.+)$/m.exec(options.hostResolvConf)?.[1]?.split(/\s+/) ?? [];
  const servers = options.embeddedDns
    ? [options.embeddedDns]
    : options.dns.length > 0
      ? options.dns
      : hostServers;
  const search = options.search.length > 0 ? options.search : hostSearch;
  const lines = servers.map((s) => `nameserver ${s}`);
  if (search.length > 0) lines.push(`search ${search.join(' ')}`);
  if (options.dnsOptions.length > 0) lines.push(`options ${options.dnsOptions.join(' ')}`);
  return `${lines.join('\n')}\n`;
}

const envName = (alias: string) => alias.toUpperCase().replace(/[^A-Z0-9_]/g, '_');

/** The `<ALIAS>_PORT_…`, `<ALIAS>_NAME` and `<ALIAS>_ENV_…` variables of legacy links. */
export function linkEnv(containerName: string, links: LinkTarget[]): string[] {
  const env: string[] = [];
  for (const l of links) {
    const p = envName(l.alias);
    env.push(`${p}_NAME=/${containerName}/${l.alias}`);
    const ports = [...l.exposed].sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
    ports.forEach((key, i) => {
      const [port = '', proto = 'tcp'] = key.split('/');
      const url = `${proto}://${l.ip}:${port}`;
      if (i === 0) env.push(`${p}_PORT=${url}`);
      const k = `${p}_PORT_${port}_${proto.toUpperCase()}`;
      env.push(`${k}=${url}`, `${k}_ADDR=${l.ip}`, `${k}_PORT=${port}`, `${k}_PROTO=${proto}`);
    });
    for (const e of l.env) {
      const name = e.split('=')[0] ?? '';
      if (!['HOME', 'PATH', 'HOSTNAME'].includes(name)) env.push(`${p}_ENV_${e}`);
    }
  }
  return env;
}
