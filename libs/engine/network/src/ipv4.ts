import { AppError } from '@wharf/errors';

/** An IPv4 prefix as numbers: `base` is the network address. */
export interface Cidr {
  base: number;
  bits: number;
}

const invalid = (what: string, value: string) =>
  new AppError('InvalidArgument', 'BAD_ADDRESS', `invalid ${what}: ${value}`);

/** Dotted quad to a number; throws InvalidArgument naming what was expected. */
export function parseIp(value: string, what = 'IP address'): number {
  const parts = value.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255))
    throw invalid(what, value);
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export function formatIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

const mask = (bits: number) => (bits === 0 ? 0 : 2 ** 32 - 2 ** (32 - bits));

/** `a.b.c.d/n`; the host bits are dropped unless `strict`, which refuses them as Docker does for subnets. */
export function parseCidr(value: string, what = 'CIDR', strict = false): Cidr & { ip: number } {
  const [address = '', bitsText = '', ...rest] = value.split('/');
  const bits = Number(bitsText);
  if (rest.length > 0 || !/^\d{1,2}$/.test(bitsText) || bits > 32) throw invalid(what, value);
  const ip = parseIp(address, what);
  const network = (ip & mask(bits)) >>> 0;
  if (strict && network !== ip) throw invalid(what, value);
  return { base: network, bits, ip };
}

export function formatCidr(c: Cidr): string {
  return `${formatIp(c.base)}/${c.bits}`;
}

export const size = (c: Cidr) => 2 ** (32 - c.bits);
export const lastAddress = (c: Cidr) => c.base + size(c) - 1;
export const contains = (c: Cidr, ip: number) => ip >= c.base && ip <= lastAddress(c);
export const overlaps = (a: Cidr, b: Cidr) => a.base <= lastAddress(b) && b.base <= lastAddress(a);

/** Docker's MAC for an address: 02:42 followed by the four address bytes. */
export function macFor(ip: number): string {
  const bytes = [0x02, 0x42, ...formatIp(ip).split('.').map(Number)];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}
