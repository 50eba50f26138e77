import { AppError } from '@wharf/errors';

import type { PortBinding, PortMap } from './network-types';

/** A host port held by a container: (proto, address, port). Address '' means every address. */
export interface HeldPort {
  proto: string;
  hostIp: string;
  hostPort: number;
  containerId: string;
}

const EPHEMERAL_FIRST = 49153;
const EPHEMERAL_LAST = 60999;

export const splitPortKey = (key: string) => {
  const [port = '', proto = 'tcp'] = key.split('/');
  return { port: Number(port), proto };
};

const anyAddress = (ip: string) => ip === '' || ip === '0.0.0.0';

/** Two bindings clash when protocol and port match and either listens on every address. */
export function clashes(a: Omit<HeldPort, 'containerId'>, b: Omit<HeldPort, 'containerId'>) {
  return (
    a.proto === b.proto &&
    a.hostPort === b.hostPort &&
    (anyAddress(a.hostIp) || anyAddress(b.hostIp) || a.hostIp === b.hostIp)
  );
}

/** The bindings a container asks for: explicit -p ones, plus -P's random ports for exposed ones. */
export function requestedBindings(
  portBindings: PortMap,
  publishAll: boolean,
  exposed: string[],
): { key: string; binding: PortBinding }[] {
  const out: { key: string; binding: PortBinding }[] = [];
  for (const [key, bindings] of Object.entries(portBindings))
    for (const b of bindings ?? []) out.push({ key, binding: { ...b } });
  if (publishAll)
    for (const key of exposed)
      if (!(key in portBindings)) out.push({ key, binding: { HostIp: '', HostPort: '' } });
  return out;
}

function bindError(hostIp: string, port: number): AppError {
  return new AppError(
    'Internal',
    'PORT_ALLOCATED',
    `Bind for ${anyAddress(hostIp) ? '0.0.0.0' : hostIp}:${port} failed: port is already allocated`,
  );
}

/**
 * Fills in host ports: a fixed or ranged one must be free of every held port, an empty one takes the
 * next free ephemeral port. `isFree` is asked about ports the host itself may be using.
 */
export async function allocatePorts(
  wanted: { key: string; binding: PortBinding }[],
  held: HeldPort[],
  isFree: (proto: string, hostIp: string, port: number) => Promise<boolean>,
): Promise<{ key: string; binding: PortBinding }[]> {
  const taken = [...held];
  const out: { key: string; binding: PortBinding }[] = [];
  for (const { key, binding } of wanted) {
    const { proto } = splitPortKey(key);
    const hostIp = binding.HostIp ?? '';
    const candidates = candidatePorts(binding.HostPort);
    let chosen: number | undefined;
    for (const port of candidates) {
      const probe = { proto, hostIp, hostPort: port };
      if (taken.some((h) => clashes(h, probe))) continue;
      if (await isFree(proto, hostIp, port)) {
        chosen = port;
        break;
      }
    }
    if (chosen === undefined) throw bindError(hostIp, candidates[0] ?? 0);
    taken.push({ proto, hostIp, hostPort: chosen, containerId: '' });
    out.push({ key, binding: { HostIp: hostIp, HostPort: String(chosen) } });
  }
  return out;
}

function candidatePorts(hostPort: string): number[] {
  if (hostPort === '' || hostPort === '0') {
    const all: number[] = [];
    for (let p = EPHEMERAL_FIRST; p <= EPHEMERAL_LAST; p += 1) all.push(p);
    return all;
  }
  const [first = '', last = first] = hostPort.split('-');
  const from = Number(first);
  const to = Number(last);
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || to > 65535 || to < from)
    throw new AppError('InvalidArgument', 'BAD_PORT', `invalid host port: ${hostPort}`);
  const ports: number[] = [];
  for (let p = from; p <= to; p += 1) ports.push(p);
  return ports;
}
