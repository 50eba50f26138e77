import type { ImageReference } from '../reference';

/** Where a repository lives: the registry host to dial and the repository path on it. */
export interface RegistryEndpoint {
  /** The registry as named in references (`127.0.0.1:5000`, `docker.io`). */
  domain: string;
  /** Base URL of the API (`http://127.0.0.1:5000`, `https://registry-1.docker.io`). */
  baseUrl: string;
  /** Repository path on the registry (`library/busybox`, `team/app`). */
  path: string;
}

const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_API = 'registry-1.docker.io';

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

function hostOf(domain: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(domain);
  if (bracketed) return bracketed[1] ?? domain;
  return domain.replace(/:\d+$/, '');
}

function ipv4ToNumber(ip: string): number | undefined {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255))
    return undefined;
  return parts.reduce((sum, p) => sum * 256 + p, 0);
}

function inCidr(host: string, cidr: string): boolean {
  const [base = '', bitsText = ''] = cidr.split('/');
  const ip = ipv4ToNumber(host);
  const net = ipv4ToNumber(base);
  const bits = Number(bitsText);
  if (ip === undefined || net === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32)
    return false;
  const size = 2 ** (32 - bits);
  return Math.floor(ip / size) === Math.floor(net / size);
}

/**
 * Whether Docker would talk plain HTTP to `domain`: loopback registries always (Docker allows
 * 127.0.0.0/8 as insecure by default), others only when listed in `insecure-registries` by
 * `host[:port]` or by an IPv4 CIDR.
 */
export function isInsecureRegistry(domain: string, insecureRegistries: readonly string[]): boolean {
  const host = hostOf(domain);
  if (isLoopback(host)) return true;
  return insecureRegistries.some((entry) =>
    entry.includes('/') ? inCidr(host, entry) : entry === domain || entry === host,
  );
}

/** Splits a fully qualified repository into the registry to dial and the path on it. */
export function registryEndpoint(
  repository: string,
  insecureRegistries: readonly string[] = [],
): RegistryEndpoint {
  const slash = repository.indexOf('/');
  const domain = repository.slice(0, slash);
  const path = repository.slice(slash + 1);
  const host = domain === DOCKER_HUB ? DOCKER_HUB_API : domain;
  const scheme = isInsecureRegistry(domain, insecureRegistries) ? 'http' : 'https';
  return { domain, baseUrl: `${scheme}://${host}`, path };
}

/** The `host:port` a login names (`https://index.docker.io/v1/` → `docker.io`). */
export function loginDomain(serverAddress: string): string {
  const bare = serverAddress.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  return bare === 'index.docker.io' || bare === '' ? DOCKER_HUB : bare;
}

/** What Docker prints for a reference: familiar name plus `:tag` or `@digest`. */
export function referenceString(reference: ImageReference, familiar: string): string {
  if (reference.digest) return `${familiar}@${reference.digest}`;
  return `${familiar}:${reference.tag ?? 'latest'}`;
}
