import type { IpamPool } from './ipam';

export type NetworkDriver = 'bridge' | 'host' | 'null';

/** Docker's Network object (`GET /networks/{id}`), without the live Containers map. */
export interface NetworkRecord {
  Name: string;
  Id: string;
  Created: string;
  Scope: 'local';
  Driver: NetworkDriver;
  EnableIPv6: boolean;
  IPAM: { Driver: 'default'; Options: Record<string, string> | null; Config: IpamPool[] };
  Internal: boolean;
  Attachable: boolean;
  Ingress: boolean;
  ConfigFrom: { Network: string };
  ConfigOnly: boolean;
  Options: Record<string, string>;
  Labels: Record<string, string>;
}

/** The body of `POST /networks/create`. */
export interface NetworkCreateBody {
  Name?: string;
  Driver?: string;
  Internal?: boolean;
  Attachable?: boolean;
  EnableIPv6?: boolean;
  CheckDuplicate?: boolean;
  IPAM?: { Driver?: string; Config?: IpamPoolRequest[]; Options?: Record<string, string> };
  Options?: Record<string, string>;
  Labels?: Record<string, string>;
}

export interface IpamPoolRequest {
  Subnet?: string;
  IPRange?: string;
  Gateway?: string;
  AuxiliaryAddresses?: Record<string, string>;
}

/** What a container asks of one network (Docker's EndpointSettings as sent by the client). */
export interface EndpointRequest {
  IPAMConfig?: { IPv4Address?: string; IPv6Address?: string } | null;
  Aliases?: string[] | null;
  Links?: string[] | null;
  MacAddress?: string;
}

/** A live endpoint, as `inspect` shows it under NetworkSettings.Networks. */
export interface Endpoint {
  IPAMConfig: { IPv4Address?: string } | null;
  Links: string[] | null;
  Aliases: string[] | null;
  MacAddress: string;
  NetworkID: string;
  EndpointID: string;
  Gateway: string;
  IPAddress: string;
  IPPrefixLen: number;
  IPv6Gateway: string;
  GlobalIPv6Address: string;
  GlobalIPv6PrefixLen: number;
  DriverOpts: null;
  DNSNames: string[] | null;
  /** Host end of the veth (not in Docker's JSON; removed from API views). */
  HostVeth?: string;
  /** Interface name inside the container (eth0, eth1…). */
  IfName?: string;
}

export interface PortBinding {
  HostIp: string;
  HostPort: string;
}
/** `80/tcp` -> bindings. */
export type PortMap = Record<string, PortBinding[] | null>;

/** Everything the network side needs to give a container its network. */
export interface SandboxRequest {
  containerId: string;
  /** Without the leading slash. */
  name: string;
  hostname: string;
  /** Network name or id -> what the container asks of it, in attach order. */
  networks: Record<string, EndpointRequest>;
  portBindings: PortMap;
  publishAll: boolean;
  /** `80/tcp` keys from EXPOSE and --expose (for -P). */
  exposed: string[];
}

/** A container's network namespace and what it holds; saved in the container's record. */
export interface Sandbox {
  netns: string;
  netnsPath: string;
  /** Network name -> endpoint. */
  endpoints: Record<string, Endpoint>;
  /** What was actually published (random host ports filled in). */
  ports: PortMap;
  /** Every container port (exposed or published), for inspect's NetworkSettings.Ports. */
  exposed: string[];
}
