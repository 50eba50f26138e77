export { DnsResponder, type NameLookup, type Upstream } from './dns-responder';
export { planFirewall, type FirewallState } from './firewall-plan';
export { allocateAddress, claimAddress, resolvePool, type IpamPool } from './ipam';
export { formatIp, macFor, parseCidr, parseIp } from './ipv4';
export type { NetworkConfig, NetworkServiceDeps } from './network-config';
export { NetworkService, type LiveSandbox } from './network-service';
export type {
  Endpoint,
  EndpointRequest,
  NetworkCreateBody,
  NetworkRecord,
  PortBinding,
  PortMap,
  Sandbox,
  SandboxRequest,
} from './network-types';
export { endpointView, NETWORK_FILTER_KEYS } from './network-views';
export { splitPortKey } from './port-plan';
