/** A bridge network as the firewall sees it. */
export interface FirewallNetwork {
  bridge: string;
  subnet: string;
  internal: boolean;
  masquerade: boolean;
}

/** One published port: host side (address may be empty for all) to a container address. */
export interface FirewallPort {
  proto: 'tcp' | 'udp' | 'sctp';
  hostIp: string;
  hostPort: number;
  containerIp: string;
  containerPort: number;
}

export interface FirewallState {
  table: string;
  networks: FirewallNetwork[];
  ports: FirewallPort[];
}

/** The chains the engine owns and rewrites; `user` is created once and never flushed. */
const CHAINS: Record<string, string> = {
  forwarding: 'type filter hook forward priority filter; policy accept;',
  prerouting: 'type nat hook prerouting priority dstnat; policy accept;',
  output: 'type nat hook output priority -100; policy accept;',
  publish: '',
  postrouting: 'type nat hook postrouting priority srcnat; policy accept;',
};

const q = (name: string) => `"${name}"`;

function forwardRules(networks: FirewallNetwork[]): string[] {
  const all = `{ ${networks.map((n) => q(n.bridge)).join(', ')} }`;
  const rules = ['jump user', 'ct state established,related accept'];
  for (const n of networks) {
    const b = q(n.bridge);
    rules.push(`iifname ${b} oifname ${b} accept`);
    if (n.internal) {
      rules.push(`iifname ${b} drop`, `oifname ${b} drop`);
      continue;
    }
    rules.push(`oifname ${b} ct status dnat accept`);
    // Isolation: a bridge network reaches the outside, never another engine network.
    rules.push(`iifname ${b} oifname ${all} drop`, `iifname ${b} accept`, `oifname ${b} drop`);
  }
  return rules;
}

function postroutingRules(networks: FirewallNetwork[]): string[] {
  const rules: string[] = [];
  for (const n of networks) {
    const b = q(n.bridge);
    if (n.masquerade && !n.internal) rules.push(`ip saddr ${n.subnet} oifname != ${b} masquerade`);
    // 127.0.0.1:port -> container needs a source the container can answer (route_localnet).
    rules.push(`oifname ${b} ip saddr 127.0.0.0/8 masquerade`);
    // Hairpin: a container reaching a published port of its own network through the host.
    rules.push(`oifname ${b} ip saddr ${n.subnet} ct status dnat masquerade`);
  }
  return rules;
}

function publishRules(ports: FirewallPort[]): string[] {
  return ports.map((p) => {
    const daddr = p.hostIp && p.hostIp !== '0.0.0.0' ? `ip daddr ${p.hostIp} ` : '';
    return `${daddr}${p.proto} dport ${p.hostPort} dnat to ${p.containerIp}:${p.containerPort}`;
  });
}

/**
 * The whole ruleset of the engine's table as one nft script (one transaction): chains are created
 * if missing, flushed and refilled; the operator's `user` chain is created once and left alone.
 */
export function planFirewall(state: FirewallState): string {
  const t = `ip ${state.table}`;
  const lines = [`add table ${t}`, `add chain ${t} user`];
  for (const [chain, hook] of Object.entries(CHAINS)) {
    lines.push(hook ? `add chain ${t} ${chain} { ${hook} }` : `add chain ${t} ${chain}`);
    lines.push(`flush chain ${t} ${chain}`);
  }
  const rule = (chain: string) => (r: string) => lines.push(`add rule ${t} ${chain} ${r}`);
  if (state.networks.length > 0) forwardRules(state.networks).forEach(rule('forwarding'));
  rule('prerouting')('fib daddr type local jump publish');
  rule('output')('fib daddr type local jump publish');
  publishRules(state.ports).forEach(rule('publish'));
  postroutingRules(state.networks).forEach(rule('postrouting'));
  return `${lines.join('\n')}\n`;
}
