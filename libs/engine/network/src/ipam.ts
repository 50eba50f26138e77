import { AppError } from '@wharf/errors';

import {
  type Cidr,
  contains,
  formatCidr,
  formatIp,
  lastAddress,
  overlaps,
  parseCidr,
  parseIp,
  size,
} from './ipv4';

/** What `network create` asks for in one IPAM.Config entry. */
export interface IpamRequest {
  Subnet?: string;
  IPRange?: string;
  Gateway?: string;
  AuxiliaryAddresses?: Record<string, string>;
}

/** One resolved pool, as stored and as inspect shows it. */
export interface IpamPool {
  Subnet: string;
  IPRange?: string;
  Gateway: string;
  AuxiliaryAddresses?: Record<string, string>;
}

/** Docker's default address pools: 172.17-31.0.0/16, then 192.168.0.0/16 in /20s. */
export function defaultPoolCandidates(): string[] {
  const out: string[] = [];
  for (let b = 17; b <= 31; b += 1) out.push(`172.${b}.0.0/16`);
  for (let c = 0; c < 256; c += 16) out.push(`192.168.${c}.0/20`);
  return out;
}

/** First candidate subnet clear of every subnet in use (networks and host routes). */
export function pickSubnet(candidates: string[], inUse: string[]): string {
  const used = inUse.map((u) => parseCidr(u));
  const free = candidates.find((c) => !used.some((u) => overlaps(parseCidr(c), u)));
  if (free === undefined)
    throw new AppError(
      'Conflict',
      'NO_POOL',
      'could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network',
    );
  return free;
}

function refuse(message: string): never {
  throw new AppError('InvalidArgument', 'BAD_IPAM', message);
}

/** Validates a request against Docker's rules and fills in the gateway (first address). */
export function resolvePool(request: IpamRequest & { Subnet: string }, inUse: string[]): IpamPool {
  const subnet = parseCidr(request.Subnet, 'subnet');
  if (subnet.ip !== subnet.base)
    refuse(`invalid subnet ${request.Subnet}: it should be ${formatCidr(subnet)}`);
  if (subnet.bits > 30) refuse(`invalid subnet ${request.Subnet}: too small`);
  const clash = inUse.find((u) => overlaps(subnet, parseCidr(u)));
  if (clash !== undefined)
    throw new AppError(
      'PermissionDenied',
      'POOL_OVERLAP',
      `Pool overlaps with other one on this address space`,
    );
  const range = request.IPRange ? parseCidr(request.IPRange, 'ip-range') : undefined;
  if (range && (!contains(subnet, range.base) || !contains(subnet, lastAddress(range))))
    refuse(`invalid ip-range ${request.IPRange}: it must be inside subnet ${request.Subnet}`);
  const gateway = request.Gateway ? parseIp(request.Gateway, 'gateway') : subnet.base + 1;
  if (!contains(subnet, gateway) || gateway === subnet.base || gateway === lastAddress(subnet))
    refuse(`invalid gateway ${request.Gateway}: it must be inside subnet ${request.Subnet}`);
  for (const [name, aux] of Object.entries(request.AuxiliaryAddresses ?? {}))
    if (!contains(subnet, parseIp(aux, 'auxiliary address')))
      refuse(`invalid auxiliary address ${name}=${aux}: outside subnet ${request.Subnet}`);
  return {
    Subnet: formatCidr(subnet),
    ...(range ? { IPRange: formatCidr(range) } : {}),
    Gateway: formatIp(gateway),
    ...(request.AuxiliaryAddresses ? { AuxiliaryAddresses: request.AuxiliaryAddresses } : {}),
  };
}

function reserved(pool: IpamPool): Set<number> {
  const subnet = parseCidr(pool.Subnet);
  return new Set([
    subnet.base,
    lastAddress(subnet),
    parseIp(pool.Gateway),
    ...Object.values(pool.AuxiliaryAddresses ?? {}).map((a) => parseIp(a)),
  ]);
}

/**
 * Next free address, Docker-style: sequential from the start of the range, skipping the network,
 * broadcast, gateway and auxiliary addresses. `taken` are addresses held by endpoints.
 */
export function allocateAddress(pool: IpamPool, taken: Iterable<string>): string {
  const range: Cidr = parseCidr(pool.IPRange ?? pool.Subnet);
  const skip = reserved(pool);
  for (const t of taken) skip.add(parseIp(t));
  for (let n = range.base; n < range.base + size(range); n += 1)
    if (!skip.has(n)) return formatIp(n);
  throw new AppError(
    'Conflict',
    'NO_ADDRESS',
    `no available IPv4 addresses on this network's address pools: ${pool.Subnet}`,
  );
}

/** Checks a requested `--ip`: inside the subnet, not reserved, not taken. */
export function claimAddress(pool: IpamPool, address: string, taken: Iterable<string>): string {
  const n = parseIp(address, 'IPv4 address');
  const subnet = parseCidr(pool.Subnet);
  if (!contains(subnet, n) || reserved(pool).has(n))
    throw new AppError(
      'InvalidArgument',
      'ADDRESS_OUTSIDE',
      `no configured subnet or ip-range contain the IP address ${address}`,
    );
  if ([...taken].includes(formatIp(n)))
    throw new AppError('PermissionDenied', 'ADDRESS_IN_USE', `Address already in use`);
  return formatIp(n);
}

/** Prefix length of a pool's subnet (for `addr add`). */
export const prefixLength = (pool: IpamPool) => parseCidr(pool.Subnet).bits;
