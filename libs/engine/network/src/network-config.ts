import type { Firewall, NetLinks, PortProbe, Sysctl } from '@wharf/engine-host';
import type { Logger } from '@wharf/util';

/** Engine-wide network settings (daemon.json keys plus the per-instance names). */
export interface NetworkConfig {
  /** Name of the default bridge (`wharf0`). */
  bridgeName: string;
  /** The default bridge's address and prefix (`172.17.0.1/16`); picked from free pools if unset. */
  bip?: string;
  /** Restricts default-bridge addresses to this range. */
  fixedCidr?: string;
  mtu: number;
  icc: boolean;
  ipMasq: boolean;
  ipForward: boolean;
  /** nft table owned by this engine; namespaces are named `<table>-<container id prefix>`. */
  table: string;
  /** Resolvers for names outside the engine's networks (`ip` or `ip:port`). */
  dns: string[];
}

export interface NetworkServiceDeps {
  engineDir: string;
  links: NetLinks;
  firewall: Firewall;
  sysctl: Sysctl;
  portProbe: PortProbe;
  logger: Logger;
  config: NetworkConfig;
  /** Host resolvers from /etc/resolv.conf, used when `dns` is empty. */
  hostResolvers: () => Promise<string[]>;
}
