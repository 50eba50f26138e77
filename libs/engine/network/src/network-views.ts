import type { Endpoint, NetworkRecord } from './network-types';

/** `docker network ls` filters: name (substring), id (prefix), driver, label, type, dangling. */
export const NETWORK_FILTER_KEYS = ['name', 'id', 'driver', 'label', 'type', 'dangling', 'scope'];

const BUILTIN = new Set(['bridge', 'host', 'none']);
export const isBuiltin = (n: NetworkRecord) =>
  BUILTIN.has(n.Name) && n.Options['wharf.builtin'] === 'true';

/** One `network ls` filter value against one network. */
function matchesFilter(n: NetworkRecord, inUse: boolean, key: string, v: string): boolean {
  switch (key) {
    case 'name':
      return n.Name.includes(v);
    case 'id':
      return n.Id.startsWith(v);
    case 'driver':
      return n.Driver === v;
    case 'scope':
      return v === 'local';
    case 'type':
      return v === 'builtin' ? isBuiltin(n) : !isBuiltin(n);
    case 'dangling':
      return ['true', '1'].includes(v) ? !inUse && !isBuiltin(n) : inUse || isBuiltin(n);
    case 'label': {
      const [k = '', ...rest] = v.split('=');
      return rest.length === 0 ? k in n.Labels : n.Labels[k] === rest.join('=');
    }
    default:
      return true;
  }
}

/** Values of one key are alternatives, except labels: like Docker, every label filter must match. */
export function networkMatches(
  n: NetworkRecord,
  inUse: boolean,
  filters: Record<string, string[]>,
): boolean {
  return Object.entries(filters).every(([key, values]) => {
    if (values.length === 0) return true;
    const match = (v: string) => matchesFilter(n, inUse, key, v);
    return key === 'label' ? values.every(match) : values.some(match);
  });
}

/** An endpoint as the API shows it (without our bookkeeping fields). */
export function endpointView(e: Endpoint): Endpoint {
  const { HostVeth: _veth, IfName: _if, ...view } = e;
  return view;
}

/** A network as the API shows it, public options only. */
export function networkView(
  n: NetworkRecord,
  containers: Record<string, unknown>,
): NetworkRecord & { Containers: Record<string, unknown> } {
  const options = Object.fromEntries(
    Object.entries(n.Options).filter(([k]) => !k.startsWith('wharf.')),
  );
  return { ...n, Options: options, Containers: containers };
}
