import { Injectable } from '@nestjs/common';
import {
  GLOBAL_TARGET,
  can,
  type AccessTarget,
  type BindingScope,
  type CreateRoleBindingRequest,
  type CreateRoleRequest,
  type Role,
  type RoleBinding,
  type UpdateRoleRequest,
} from '@wharf/contracts';
import { AppError } from '@wharf/errors';

import { type ActionContext } from '../audit/audit-context';
import { AuditService } from '../audit/audit.service';
import { AccessService } from './access.service';
import { RolesRepository } from './roles.repository';

function roleNotFound(): never {
  throw new AppError('NotFound', 'ROLE_NOT_FOUND', 'no such role');
}

@Injectable()
export class RolesService {
  constructor(
    private readonly roles: RolesRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<Role[]> {
    return this.roles.list();
  }

  async get(id: string): Promise<Role> {
    return (await this.roles.find(id)) ?? roleNotFound();
  }

  async create(ctx: ActionContext, request: CreateRoleRequest): Promise<Role> {
    if (await this.roles.nameTaken(request.name))
      throw new AppError('AlreadyExists', 'ROLE_NAME_TAKEN', 'a role with that name exists');
    const role = await this.roles.create({
      ...request,
      permissions: [...new Set(request.permissions)],
    });
    await this.audit.recordAction(ctx, 'role.create', { type: 'role', id: role.id }, 'success', {
      name: role.name,
      permissions: role.permissions,
    });
    return role;
  }

  async update(ctx: ActionContext, id: string, request: UpdateRoleRequest): Promise<Role> {
    const existing = await this.mutable(id);
    if (request.name !== undefined && (await this.roles.nameTaken(request.name, id)))
      throw new AppError('AlreadyExists', 'ROLE_NAME_TAKEN', 'a role with that name exists');
    const role = await this.roles.update(existing.id, {
      ...request,
      permissions: request.permissions && [...new Set(request.permissions)],
    });
    await this.audit.recordAction(ctx, 'role.update', { type: 'role', id }, 'success', {
      ...request,
    });
    return role;
  }

  async remove(ctx: ActionContext, id: string): Promise<void> {
    const existing = await this.mutable(id);
    await this.roles.delete(id);
    await this.audit.recordAction(ctx, 'role.delete', { type: 'role', id }, 'success', {
      name: existing.name,
    });
  }

  listBindings(filter: {
    userId?: string;
    teamId?: string;
    roleId?: string;
  }): Promise<RoleBinding[]> {
    return this.roles.listBindings(filter);
  }

  /** Nobody grants what they do not hold themselves on that scope (no escalation through bindings). */
  async bind(ctx: ActionContext, request: CreateRoleBindingRequest): Promise<RoleBinding> {
    const role = await this.get(request.roleId);
    const subject = request.userId !== undefined ? ('user' as const) : ('team' as const);
    const subjectId = request.userId ?? request.teamId ?? '';
    if (!(await this.roles.subjectExists(subject, subjectId)))
      throw new AppError('NotFound', `${subject.toUpperCase()}_NOT_FOUND`, `no such ${subject}`);
    const target = await this.targetOfScope(request.scope as BindingScope);
    const missing = role.permissions.filter((p) => !can(ctx.principal, p, target));
    if (missing.length > 0)
      throw new AppError(
        'PermissionDenied',
        'CANNOT_GRANT',
        'you cannot grant permissions you do not hold on that scope',
        { details: { missing } },
      );
    const binding = {
      roleId: role.id,
      userId: request.userId ?? null,
      teamId: request.teamId ?? null,
      scope: request.scope,
    };
    if (await this.roles.bindingExists(binding))
      throw new AppError('AlreadyExists', 'BINDING_EXISTS', 'that binding exists');
    const created = await this.roles.createBinding(binding);
    await this.audit.recordAction(
      ctx,
      'role-binding.create',
      { type: 'role-binding', id: created.id },
      'success',
      { ...binding },
    );
    return created;
  }

  async unbind(ctx: ActionContext, id: string): Promise<void> {
    const binding = await this.roles.findBinding(id);
    if (binding === null)
      throw new AppError('NotFound', 'BINDING_NOT_FOUND', 'no such role binding');
    await this.roles.deleteBinding(id);
    await this.audit.recordAction(
      ctx,
      'role-binding.delete',
      { type: 'role-binding', id },
      'success',
      { ...binding },
    );
  }

  private async mutable(id: string): Promise<Role> {
    const role = await this.get(id);
    if (role.builtin)
      throw new AppError(
        'FailedPrecondition',
        'ROLE_BUILTIN',
        'built-in roles cannot be changed or deleted',
      );
    return role;
  }

  /** A group scope is checked as a host in that group only (global or same-group grants count). */
  private async targetOfScope(scope: BindingScope): Promise<AccessTarget> {
    if (scope === 'global') return GLOBAL_TARGET;
    if (scope.startsWith('group:'))
      return { kind: 'host', hostId: '', hostGroups: [scope.slice(6)] };
    return this.access.targetOf({ hostId: scope.slice(5) });
  }
}
