import { PERMISSION_CATALOG, PERMISSIONS, type Permission } from '@wharf/contracts';

/** Permissions grouped by what they are about (`container:…`, `image:…`). */
export function permissionGroups(
  permissions: readonly Permission[] = PERMISSIONS,
): [string, Permission[]][] {
  const groups = new Map<string, Permission[]>();
  for (const p of permissions) {
    const kind = p.split(':')[0] ?? p;
    groups.set(kind, [...(groups.get(kind) ?? []), p]);
  }
  return [...groups];
}

/** Checkboxes for the permission catalog, grouped by resource kind, with each one's description. */
export function PermissionPicker({
  value,
  onChange,
  legend,
  allowed = PERMISSIONS,
}: {
  value: readonly Permission[];
  onChange: (next: Permission[]) => void;
  legend: string;
  /** Only these can be chosen (e.g. a token cannot hold more than its owner). */
  allowed?: readonly Permission[];
}) {
  const toggle = (p: Permission, on: boolean) =>
    onChange(on ? [...value, p] : value.filter((v) => v !== p));
  return (
    <fieldset className="adm-perms">
      <legend>{legend}</legend>
      {permissionGroups(allowed).map(([kind, perms]) => (
        <div key={kind} className="adm-perm-group" role="group" aria-label={kind}>
          <strong>{kind}</strong>
          {perms.map((p) => (
            <label key={p} className="adm-check" title={PERMISSION_CATALOG[p].description}>
              <input
                type="checkbox"
                checked={value.includes(p)}
                onChange={(e) => toggle(p, e.target.checked)}
              />
              {p}
            </label>
          ))}
        </div>
      ))}
    </fieldset>
  );
}
