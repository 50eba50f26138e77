/** A binding scope for people: `Global`, `group web`, or the host's name for `host:<id>`. */
export function describeScope(
  scope: string,
  hosts: readonly { id: string; name: string }[] = [],
): string {
  if (scope === 'global') return 'Global';
  if (scope.startsWith('group:')) return `Group ${scope.slice(6)}`;
  if (scope.startsWith('host:')) {
    const id = scope.slice(5);
    return `Host ${hosts.find((h) => h.id === id)?.name ?? id}`;
  }
  return scope;
}

/** The scope string the server expects from the binding form's kind and value. */
export function toScope(kind: 'global' | 'group' | 'host', value: string): string {
  return kind === 'global' ? 'global' : `${kind}:${value.trim()}`;
}
