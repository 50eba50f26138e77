'use client';

import {
  scopeMatches,
  hostTarget,
  type BindingScope,
  type MyAccess,
  type Permission,
} from '@wharf/contracts';
import { useEffect, useState } from 'react';

import { apiFetch } from './api-client';

export interface Access {
  /** False until the server answered; hide actions until then rather than flash them. */
  loaded: boolean;
  /**
   * Whether the signed-in user holds `permission` on `host` (any host when omitted). The server
   * checks again on every call: this only decides what the UI shows.
   */
  can(permission: Permission, host?: { id: string; groups: readonly string[] }): boolean;
}

function canWith(
  access: MyAccess,
  permission: Permission,
  host?: { id: string; groups: readonly string[] },
): boolean {
  if (access.globalPermissions.includes(permission)) return true;
  const target = host ? hostTarget(host.id, host.groups) : { kind: 'anywhere' as const };
  return access.grants.some(
    (g) => g.permissions.includes(permission) && scopeMatches(g.scope as BindingScope, target),
  );
}

let cached: Promise<MyAccess> | undefined;

/** The user's permissions (`GET /auth/me/access`), fetched once per page load. */
export function useAccess(): Access {
  const [access, setAccess] = useState<MyAccess>();
  useEffect(() => {
    cached ??= apiFetch<MyAccess>('/auth/me/access');
    cached.then(setAccess, () => setAccess({ globalPermissions: [], grants: [] }));
  }, []);
  return {
    loaded: access !== undefined,
    can: (permission, host) => (access ? canWith(access, permission, host) : false),
  };
}
