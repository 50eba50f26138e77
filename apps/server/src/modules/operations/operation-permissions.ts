import { type OperationPermission } from '@wharf/contracts';

interface Rule {
  method: string;
  pattern: RegExp;
  permission: OperationPermission;
}

const ID = '[^/]+';
const rule = (method: string, path: string, permission: OperationPermission): Rule => ({
  method,
  pattern: new RegExp(`^(?:/v[0-9.]+)?${path.replaceAll('{id}', ID)}$`),
  permission,
});

/**
 * Docker API method + path → the permission it needs. Anything not listed is refused: new engine
 * endpoints are closed until someone decides what they require.
 */
const RULES: readonly Rule[] = [
  rule('GET', '/(_ping|version|info)', 'host:read'),
  rule('GET', '/events', 'host:read'),
  rule('GET', '/containers/json', 'container:read'),
  rule('GET', '/containers/{id}/(json|logs|stats|top|changes)', 'container:read'),
  rule('POST', '/containers/create', 'container:create'),
  rule(
    'POST',
    '/containers/{id}/(start|stop|restart|kill|pause|unpause|wait|rename|update|resize)',
    'container:operate',
  ),
  rule('POST', '/containers/{id}/(exec|attach)', 'container:exec'),
  rule('POST', '/exec/{id}/(start|resize)', 'container:exec'),
  rule('GET', '/exec/{id}/json', 'container:read'),
  rule('DELETE', '/containers/{id}', 'container:delete'),
  rule('POST', '/containers/prune', 'system:prune'),
  rule('GET', '/images/json', 'image:read'),
  rule('GET', '/images/.+/(json|history)', 'image:read'),
  rule('POST', '/images/create', 'image:pull'),
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
export function permissionFor(
  method: string,
  pathWithQuery: string,
): OperationPermission | undefined {
  const path = pathWithQuery.split('?')[0] ?? '';
  const verb = method === 'HEAD' ? 'GET' : method;
  return RULES.find((r) => r.method === verb && r.pattern.test(path))?.permission;
}

/** The container id or name a path acts on (`/containers/{id}/…`), for ownership checks. */
export function containerRefOf(pathWithQuery: string): string | undefined {
  const path = pathWithQuery.split('?')[0] ?? '';
  const match = /^(?:\/v[0-9.]+)?\/containers\/([^/]+)(?:\/|$)/.exec(path);
  const ref = match?.[1];
  return ref === undefined || ref === 'json' || ref === 'create' || ref === 'prune'
    ? undefined
    : decodeURIComponent(ref);
}
