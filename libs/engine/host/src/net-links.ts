/** A Linux bridge owned by the engine. */
export interface BridgeSpec {
  name: string;
  /** CIDRs of the bridge itself (the gateways), e.g. `172.17.0.1/16`. */
  addresses: string[];
  mtu: number;
}

/** One container interface: a veth pair with one end on a bridge and the other in a netns. */
export interface VethSpec {
  /** Name of the network namespace (under /run/netns). */
  netns: string;
  /** Host end, attached to `bridge`. At most 15 characters. */
  hostName: string;
  bridge: string;
  /** Name inside the namespace: eth0, eth1… */
  ifName: string;
  mac: string;
  /** CIDRs inside the namespace, e.g. `172.17.0.2/16`. */
  addresses: string[];
  /** Default route through this gateway (only the first interface gets one). */
  gateway?: string;
  mtu: number;
  /** Bridge port isolation: isolated ports cannot talk to each other (Docker's icc=false). */
  isolated?: boolean;
}

/**
 * Links, namespaces and routes (iproute2). Each method is one atomic step from the caller's view:
 * a failed `addVeth` leaves no half of the pair behind.
 */
export abstract class NetLinks {
  /** Creates the bridge if missing, gives it its addresses and brings it up. Idempotent. */
  abstract ensureBridge(spec: BridgeSpec): Promise<void>;
  /** Deletes a link; a missing link is not an error. */
  abstract deleteLink(name: string): Promise<void>;
  /** Names of every link in the host namespace. */
  abstract linkNames(): Promise<string[]>;
  /** Creates an empty named network namespace with `lo` up; returns its path. */
  abstract createNetns(name: string): Promise<string>;
  /** Deletes a named namespace (its veth ends go with it); a missing one is not an error. */
  abstract deleteNetns(name: string): Promise<void>;
  abstract netnsNames(): Promise<string[]>;
  /** Path of a named namespace, for the OCI spec. */
  abstract netnsPath(name: string): string;
  /** Creates the pair, plugs the host end into the bridge and configures the inner end. */
  abstract addVeth(spec: VethSpec): Promise<void>;
  /**
   * A namespace with `lo` up and the given interfaces, in as few kernel round trips as possible (the
   * start latency of every bridged container). All or nothing: on failure the namespace is gone.
   */
  abstract createSandbox(netns: string, veths: VethSpec[]): Promise<string>;
  /**
   * Deletes the namespace at once; its veths follow within moments (the kernel frees them), and
   * a later createSandbox with the same names does not wait for that. Host ends named here whose
   * namespace is already gone are deleted. Idempotent.
   */
  abstract deleteSandbox(netns: string, hostEnds: string[]): Promise<void>;
  /** Destination CIDRs of the host's IPv4 routes (to keep new subnets clear of them). */
  abstract hostRoutes(): Promise<string[]>;
}
