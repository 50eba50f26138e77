import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type ApiClient, startWharfServer, type WharfServer } from '../../support/wharf-system';
import { bind, createUser, joinHost, loginAs, userWithRole } from './identity-helpers';

interface Team {
  id: string;
  members: { userId: string; username: string; isLeader: boolean }[];
}

describe.each(['sqlite', 'postgresql'] as const)('teams, roles and bindings on %s', (database) => {
  let server: WharfServer;
  let admin: ApiClient;

  beforeAll(async () => {
    server = await startWharfServer({ database });
    admin = await server.createAdmin();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('teams: leaders manage their members (not leaders), members see only their teams', async () => {
    const lead = await createUser(admin, 'lead');
    const member = await createUser(admin, 'member');
    const newbie = await createUser(admin, 'newbie');
    await createUser(admin, 'outsider');
    const made = await admin.request('POST', '/teams', { name: 'Blue team', description: 'b' });
    expect(made.status).toBe(201);
    const team = made.body as Team;
    expect((await admin.request('POST', '/teams', { name: 'Blue team' })).status).toBe(409);
    const bad = await admin.request('POST', '/teams', { name: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].path).toBe('name');
    await admin.request('PUT', `/teams/${team.id}/members/${lead.id}`, { isLeader: true });
    await admin.request('PUT', `/teams/${team.id}/members/${member.id}`, {});

    const leader = await loginAs(server, 'lead');
    const added = await leader.request('PUT', `/teams/${team.id}/members/${newbie.id}`, {});
    expect(added.status).toBe(200);
    expect((added.body as Team).members.map((m) => m.username)).toEqual([
      'lead',
      'member',
      'newbie',
    ]);
    const promote = await leader.request('PUT', `/teams/${team.id}/members/${newbie.id}`, {
      isLeader: true,
    });
    expect(promote.status).toBe(403);
    expect((await leader.request('PATCH', `/teams/${team.id}`, { name: 'Renamed' })).status).toBe(
      403,
    );
    expect((await leader.request('DELETE', `/teams/${team.id}/members/${newbie.id}`)).status).toBe(
      204,
    );

    const plain = await loginAs(server, 'member');
    expect((await plain.request('PUT', `/teams/${team.id}/members/${newbie.id}`, {})).status).toBe(
      403,
    );
    expect(((await plain.request('GET', '/teams')).body as Team[]).map((t) => t.id)).toEqual([
      team.id,
    ]);
    const stranger = await loginAs(server, 'outsider');
    expect((await stranger.request('GET', '/teams')).body).toEqual([]);
    const hidden = await stranger.request('GET', `/teams/${team.id}`);
    expect(hidden.status).toBe(404);
    expect(JSON.stringify(hidden.body)).not.toContain('lead');
    const after = (await admin.request('GET', `/teams/${team.id}`)).body as Team;
    expect(after.members).toEqual([
      expect.objectContaining({ username: 'lead', isLeader: true }),
      expect.objectContaining({ username: 'member', isLeader: false }),
    ]);
  });

  it('a team role binding gives every member its permissions', async () => {
    const team = (await admin.request('POST', '/teams', { name: 'Readers' })).body as Team;
    const reader = await createUser(admin, 'reader');
    const client = await loginAs(server, 'reader');
    expect((await client.request('GET', '/hosts')).status).toBe(403);
    await admin.request('PUT', `/teams/${team.id}/members/${reader.id}`, {});
    const bindingId = await bind(admin, { roleId: 'read-only', teamId: team.id });
    expect((await client.request('GET', '/hosts')).status).toBe(200);
    const access = (await client.request('GET', '/auth/me/access')).body as {
      grants: { roleName: string; scope: string }[];
    };
    expect(access.grants).toEqual([
      expect.objectContaining({ roleName: 'Read-only', scope: 'global' }),
    ]);
    expect((await admin.request('DELETE', `/role-bindings/${bindingId}`)).status).toBe(204);
    expect((await client.request('GET', '/hosts')).status).toBe(403);
  });

  it('roles: built-ins are listed and immutable; custom roles come from the permission catalog', async () => {
    const roles = (await admin.request('GET', '/roles')).body as { id: string; builtin: boolean }[];
    expect(
      roles
        .filter((r) => r.builtin)
        .map((r) => r.id)
        .sort(),
    ).toEqual([
      'administrator',
      'helpdesk',
      'host-administrator',
      'operator',
      'read-only',
      'standard-user',
    ]);
    expect((await admin.request('PATCH', '/roles/operator', { name: 'Mine' })).status).toBe(409);
    expect((await admin.request('DELETE', '/roles/read-only')).status).toBe(409);
    const unknown = await admin.request('POST', '/roles', {
      name: 'Auditor',
      permissions: ['audit:read', 'make:coffee'],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields[0].path).toBe('permissions.1');
    const created = await admin.request('POST', '/roles', {
      name: 'Auditor',
      permissions: ['audit:read', 'host:read'],
    });
    expect(created.status).toBe(201);
    const role = created.body as { id: string };
    const { user, client } = await userWithRole(server, admin, 'auditor', role.id);
    expect((await client.request('GET', '/audit')).status).toBe(200);
    expect((await client.request('GET', '/hosts')).status).toBe(200);
    expect((await client.request('GET', '/users')).status).toBe(403);
    await admin.request('PATCH', `/roles/${role.id}`, { permissions: ['host:read'] });
    expect((await client.request('GET', '/audit')).status).toBe(403);
    expect((await admin.request('DELETE', `/roles/${role.id}`)).status).toBe(204);
    expect((await client.request('GET', '/hosts')).status).toBe(403);
    expect((await admin.request('GET', `/role-bindings?userId=${user.id}`)).body).toEqual([]);
  });

  it('bindings on everything, a host group, or one host decide which hosts a user sees and manages', async () => {
    const h1 = await joinHost(admin, server, 'scope-h1');
    const h2 = await joinHost(admin, server, 'scope-h2');
    expect((await admin.request('PATCH', `/hosts/${h1}`, { groups: ['prod'] })).status).toBe(200);
    const { user, client } = await userWithRole(server, admin, 'scoped', 'read-only', `host:${h1}`);
    const names = async () =>
      ((await client.request('GET', '/hosts')).body as { name: string }[])
        .map((h) => h.name)
        .sort();
    expect(await names()).toEqual(['scope-h1']);
    expect((await client.request('GET', `/hosts/${h1}`)).status).toBe(200);
    const other = await client.request('GET', `/hosts/${h2}`);
    expect(other.status).toBe(403);
    expect(JSON.stringify(other.body)).not.toContain('scope-h2');

    await bind(admin, { roleId: 'host-administrator', userId: user.id, scope: 'group:prod' });
    expect(
      (await client.request('PATCH', `/hosts/${h1}`, { labels: { tier: 'web' } })).status,
    ).toBe(200);
    expect(
      (await client.request('PATCH', `/hosts/${h2}`, { labels: { tier: 'web' } })).status,
    ).toBe(403);
    expect(
      ((await admin.request('GET', `/hosts/${h2}`)).body as { labels: object }).labels,
    ).toEqual({});
    // Group-scoped host administration never reaches global things such as join tokens or users.
    expect((await client.request('POST', '/hosts/join-tokens', {})).status).toBe(403);

    await bind(admin, { roleId: 'read-only', userId: user.id, scope: 'global' });
    expect(await names()).toEqual(['scope-h1', 'scope-h2']);
    const bad = await admin.request('POST', '/role-bindings', {
      roleId: 'read-only',
      userId: user.id,
      scope: 'galaxy:far',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].path).toBe('scope');
  });

  it('nobody grants what they do not hold: a role manager cannot make themselves administrator', async () => {
    const role = (
      await admin.request('POST', '/roles', { name: 'Role manager', permissions: ['role:manage'] })
    ).body as { id: string };
    const { user, client } = await userWithRole(server, admin, 'rolemgr', role.id);
    const escalate = await client.request('POST', '/role-bindings', {
      roleId: 'administrator',
      userId: user.id,
    });
    expect(escalate.status).toBe(403);
    expect(escalate.body.code).toBe('CANNOT_GRANT');
    expect((await admin.request('GET', `/role-bindings?userId=${user.id}`)).body).toHaveLength(1);
  });
});
