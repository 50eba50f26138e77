/** The create-network form as typed (strings; empty means "not set"). */
export interface NetworkForm {
  name: string;
  subnet: string;
  gateway: string;
  ipRange: string;
  internal: boolean;
  /** `key=value` per line. */
  labels: string;
}

export type NetworkFormErrors = Partial<Record<keyof NetworkForm, string>>;

export const emptyNetworkForm = (): NetworkForm => ({
  name: '',
  subnet: '',
  gateway: '',
  ipRange: '',
  internal: false,
  labels: '',
});

/** A dotted IPv4 address as a 32-bit number, or undefined when it is not one. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.trim().split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

export interface Cidr {
  base: number;
  bits: number;
}

/** `a.b.c.d/n` with n in 0–32, or undefined. */
export function parseCidr(text: string): Cidr | undefined {
  const match = /^([^/]+)\/(\d{1,2})$/.exec(text.trim());
  if (!match) return undefined;
  const base = parseIpv4(match[1] ?? '');
  const bits = Number(match[2]);
  if (base === undefined || bits > 32) return undefined;
  return { base, bits };
}

const maskOf = (bits: number): number => (bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0);

/** Whether `ip` lies in `cidr`. */
export const inCidr = (ip: number, cidr: Cidr): boolean =>
  (ip & maskOf(cidr.bits)) >>> 0 === (cidr.base & maskOf(cidr.bits)) >>> 0;

/** Whether the range `inner` lies inside `outer`. */
export const cidrWithin = (inner: Cidr, outer: Cidr): boolean =>
  inner.bits >= outer.bits && inCidr(inner.base, outer);

/** `key=value` lines into labels; returns an error text for the first bad line. */
export function parseLabels(text: string): Record<string, string> | string {
  const labels: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const eq = line.indexOf('=');
    if (eq <= 0) return `"${line}" is not key=value`;
    labels[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return labels;
}

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** Field messages for what the engine would refuse, checked before anything is sent. */
export function validateNetwork(form: NetworkForm): NetworkFormErrors {
  const errors: NetworkFormErrors = {};
  if (!NAME.test(form.name.trim()))
    errors.name = 'A name starts with a letter or digit and uses letters, digits, _ . -';
  const subnet = form.subnet.trim() === '' ? undefined : parseCidr(form.subnet);
  if (form.subnet.trim() !== '' && subnet === undefined)
    errors.subnet = 'Not a subnet in CIDR notation, e.g. 172.30.0.0/24';
  if (form.gateway.trim() !== '') {
    const gateway = parseIpv4(form.gateway);
    if (gateway === undefined) errors.gateway = 'Not an IPv4 address, e.g. 172.30.0.1';
    else if (form.subnet.trim() === '') errors.gateway = 'A gateway needs a subnet';
    else if (subnet !== undefined && !inCidr(gateway, subnet))
      errors.gateway = `The gateway is outside the subnet ${form.subnet.trim()}`;
  }
  if (form.ipRange.trim() !== '') {
    const range = parseCidr(form.ipRange);
    if (range === undefined) errors.ipRange = 'Not a range in CIDR notation, e.g. 172.30.0.128/25';
    else if (form.subnet.trim() === '') errors.ipRange = 'An IP range needs a subnet';
    else if (subnet !== undefined && !cidrWithin(range, subnet))
      errors.ipRange = `The IP range is outside the subnet ${form.subnet.trim()}`;
  }
  if (typeof parseLabels(form.labels) === 'string')
    errors.labels = parseLabels(form.labels) as string;
  return errors;
}

/** The `POST /networks/create` body for a valid form. */
export function toNetworkCreateBody(form: NetworkForm): Record<string, unknown> {
  const labels = parseLabels(form.labels);
  const config: Record<string, string> = {};
  if (form.subnet.trim()) config['Subnet'] = form.subnet.trim();
  if (form.gateway.trim()) config['Gateway'] = form.gateway.trim();
  if (form.ipRange.trim()) config['IPRange'] = form.ipRange.trim();
  return {
    Name: form.name.trim(),
    Driver: 'bridge',
    Internal: form.internal,
    CheckDuplicate: true,
    Labels: typeof labels === 'string' ? {} : labels,
    ...(Object.keys(config).length > 0 ? { IPAM: { Driver: 'default', Config: [config] } } : {}),
  };
}
