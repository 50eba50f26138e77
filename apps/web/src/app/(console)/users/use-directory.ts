'use client';

import type { Role, RoleBinding, Team, User } from '@wharf/contracts';
import { apiFetch, useAccess, useLiveHosts } from '@wharf/web-data-access';
import { useLoad } from '@wharf/web-ui';

import type { Directory } from './bindings';

export interface LoadedDirectory {
  dir: Directory | undefined;
  bindings: RoleBinding[] | undefined;
  error: string | undefined;
  reload: () => void;
}

/** Users, teams, roles, bindings and hosts, as far as the signed-in user may read them. */
export function useDirectory(): LoadedDirectory {
  const access = useAccess();
  const { hosts } = useLiveHosts();
  const ready = access.loaded;
  const mayUsers = access.can('user:manage');
  const mayRoles = access.can('role:manage');
  const users = useLoad(async () => (mayUsers ? apiFetch<User[]>('/users') : []), ready);
  const teams = useLoad(() => apiFetch<Team[]>('/teams'), ready);
  const roles = useLoad(async () => (mayRoles ? apiFetch<Role[]>('/roles') : []), ready);
  const bindings = useLoad(
    async () => (mayRoles ? apiFetch<RoleBinding[]>('/role-bindings') : []),
    ready,
  );
  const loads = [users, teams, roles, bindings];
  const dir =
    users.data && teams.data && roles.data
      ? { users: users.data, teams: teams.data, roles: roles.data, hosts: hosts ?? [] }
      : undefined;
  return {
    dir,
    bindings: bindings.data,
    error: loads.map((l) => l.error).find((e) => e !== undefined),
    reload: () => loads.forEach((l) => l.reload()),
  };
}
