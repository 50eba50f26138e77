import { type OwnedKind, type Permission } from '@wharf/contracts';

interface Rule {
  method: string;
  pattern: RegExp;
  permission: Permission;
}

const ID = '[^/]+';
const rule = (method: string, path: string, permission: Permission): Rule => ({
  method,
  pattern: new RegExp(`^(?:/v[0-9.]+)?${path.replaceAll('{id}', ID)}$`),
  permission,
});

/**
 * Docker API method + path → the catalog permission it needs. Anything not listed is refused: new
 * engine endpoints are closed until someone decides what they require.
 */
const RULES: readonly Rule[] = [
  rule('GET', '/(_ping|version|info)', 'host:read'),
  rule('GET', '/events', 'host:read'),
  rule('GET', '/containers/json', 'container:read'),
  rule('GET', '/containers/{id}/(json|stats|top|changes)', 'container:read'),
  rule('GET', '/containers/{id}/logs', 'container:logs'),
  rule('POST', '/containers/create', 'container:create'),
  rule(
    'POST',
    '/containers/{id}/(start|stop|restart|kill|pause|unpause|wait|rename|update|resize)',
    'container:operate',
  ),
  rule('POST', '/containers/{id}/(exec|attach)', 'container:console'),
  rule('POST', '/exec/{id}/(start|resize)', 'container:console'),
  rule('GET', '/exec/{id}/json', 'container:read'),
  rule('DELETE', '/containers/{id}', 'container:delete'),
  rule('POST', '/containers/prune', 'system:prune'),
  rule('GET', '/images/json', 'image:read'),
  rule('GET', '/images/.+/(json|history)', 'image:read'),
  rule('POST', '/images/create', 'image:pull'),
  rule('POST', '/images/load', 'image:pull'),
  rule('POST', '/images/.+/tag', 'image:pull'),
  rule('DELETE', '/images/.+', 'image:delete'),
  rule('POST', '/images/prune', 'system:prune'),
  rule('GET', '/volumes(/{id})?', 'volume:read'),
  rule('POST', '/volumes/create', 'volume:write'),
  rule('DELETE', '/volumes/{id}', 'volume:write'),
  rule('POST', '/volumes/prune', 'system:prune'),
  rule('GET', '/networks(/{id})?', 'network:read'),
  rule('POST', '/networks/(create|{id}/connect|{id}/disconnect)', 'network:write'),
  rule('DELETE', '/networks/{id}', 'network:write'),
  rule('POST', '/networks/prune', 'system:prune'),
  rule('GET', '/system/df', 'host:read'),
];

/** The permission a relayed request needs; undefined when the endpoint is not relayable. */
export function permissionFor(method: string, pathWithQuery: string): Permission | undefined {
  const path = pathWithQuery.split('?')[0] ?? '';
  const verb = method === 'HEAD' ? 'GET' : method;
  return RULES.find((r) => r.method === verb && r.pattern.test(path))?.permission;
}

/** One owned resource a path acts on: a container, volume or network, or an exec instance. */
export interface ResourceRef {
  kind: OwnedKind | 'exec';
  ref: string;
}

const NOT_A_REF = new Set(['json', 'create', 'prune']);

/** The resource a path acts on (`/containers/{id}/…`, `/volumes/{name}`, `/exec/{id}/…`). */
export function resourceRefOf(pathWithQuery: string): ResourceRef | undefined {
  const path = (pathWithQuery.split('?')[0] ?? '').replace(/^\/v[0-9.]+/, '');
  const match = /^\/(containers|volumes|networks|exec)\/([^/]+)(?:\/|$)/.exec(path);
  const [, collection, ref] = match ?? [];
  if (collection === undefined || ref === undefined || NOT_A_REF.has(ref)) return undefined;
  const kind = collection === 'exec' ? 'exec' : (collection.slice(0, -1) as OwnedKind);
  return { kind, ref: decodeURIComponent(ref) };
}

/** The container id or name a path acts on (`/containers/{id}/…`), for ownership checks. */
export function containerRefOf(pathWithQuery: string): string | undefined {
  const found = resourceRefOf(pathWithQuery);
  return found?.kind === 'container' ? found.ref : undefined;
}

/** Requests that create an owned resource (their body gets owner labels). */
export function createdKindOf(method: string, pathWithQuery: string): OwnedKind | undefined {
  if (method !== 'POST') return undefined;
  const path = (pathWithQuery.split('?')[0] ?? '').replace(/^\/v[0-9.]+/, '');
  if (path === '/containers/create') return 'container';
  if (path === '/volumes/create') return 'volume';
  if (path === '/networks/create') return 'network';
  return undefined;
}

/** What a filtered answer lists: one owned kind, or `disk-usage` (`/system/df`, several kinds). */
export type ListedKind = OwnedKind | 'disk-usage';

/** Endpoints whose answer is filtered down to what an ownership-restricted caller may see. */
export function listedKindOf(method: string, pathWithQuery: string): ListedKind | undefined {
  if (method !== 'GET' && method !== 'HEAD') return undefined;
  const path = (pathWithQuery.split('?')[0] ?? '').replace(/^\/v[0-9.]+/, '');
  if (path === '/containers/json') return 'container';
  if (path === '/volumes') return 'volume';
  if (path === '/networks') return 'network';
  if (path === '/system/df') return 'disk-usage';
  return undefined;
}

/** `GET /events`: the host's event stream, filtered per event for ownership-restricted callers. */
export function isEventStream(method: string, pathWithQuery: string): boolean {
  const path = (pathWithQuery.split('?')[0] ?? '').replace(/^\/v[0-9.]+/, '');
  return (method === 'GET' || method === 'HEAD') && path === '/events';
}

/** Prune endpoints and the kind each removes (`image` ones are not owned by anyone). */
export function prunedKindOf(
  method: string,
  pathWithQuery: string,
): 'container' | 'volume' | 'network' | 'image' | undefined {
  if (method !== 'POST') return undefined;
  const path = (pathWithQuery.split('?')[0] ?? '').replace(/^\/v[0-9.]+/, '');
  const match = /^\/(container|volume|network|image)s\/prune$/.exec(path);
  return match?.[1] as 'container' | 'volume' | 'network' | 'image' | undefined;
}
