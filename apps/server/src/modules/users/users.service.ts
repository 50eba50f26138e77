import { Injectable } from '@nestjs/common';
import {
  BUILTIN_ROLES,
  GLOBAL_TARGET,
  effectivePermissions,
  type CreateUserRequest,
  type EffectiveAccess,
  type UpdateUserRequest,
  type User,
} from '@wharf/contracts';
import { AppError } from '@wharf/errors';

import { AccessService } from '../access/access.service';
import { type ActionContext } from '../audit/audit-context';
import { AuditService } from '../audit/audit.service';
import { hashPassword } from '../auth/password-hasher';
import { UserAccountsRepository } from './users.repository';

function notFound(): never {
  throw new AppError('NotFound', 'USER_NOT_FOUND', 'no such user');
}

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UserAccountsRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<User[]> {
    return this.users.list();
  }

  async get(id: string): Promise<User> {
    return (await this.users.find(id)) ?? notFound();
  }

  async create(ctx: ActionContext, request: CreateUserRequest): Promise<User> {
    if (await this.users.usernameTaken(request.username))
      throw new AppError('AlreadyExists', 'USERNAME_TAKEN', 'that username is taken');
    const user = await this.users.create({
      username: request.username,
      displayName: request.displayName,
      passwordHash: await hashPassword(request.password),
    });
    await this.audit.recordAction(ctx, 'user.create', { type: 'user', id: user.id }, 'success', {
      username: user.username,
    });
    return user;
  }

  /** Disabling or resetting the password ends the user's sessions (their tokens stop working too). */
  async update(ctx: ActionContext, id: string, request: UpdateUserRequest): Promise<User> {
    const existing = await this.get(id);
    if (request.disabled === true) this.refuseOnProtected(ctx, existing, 'disable');
    const passwordHash =
      request.password === undefined ? undefined : await hashPassword(request.password);
    const user = await this.users.update(
      id,
      {
        displayName: request.displayName,
        disabled: request.disabled,
        passwordHash,
        passwordChangedAt: passwordHash === undefined ? undefined : new Date(),
      },
      request.disabled === true || passwordHash !== undefined,
    );
    await this.audit.recordAction(ctx, 'user.update', { type: 'user', id }, 'success', {
      fields: Object.keys(request).filter((k) => k !== 'password' || passwordHash !== undefined),
    });
    return user;
  }

  async remove(ctx: ActionContext, id: string): Promise<void> {
    const existing = await this.get(id);
    this.refuseOnProtected(ctx, existing, 'delete');
    await this.users.delete(id);
    await this.audit.recordAction(ctx, 'user.delete', { type: 'user', id }, 'success', {
      username: existing.username,
    });
  }

  async effectiveAccess(id: string): Promise<EffectiveAccess> {
    await this.get(id);
    const principal = await this.access.principalForUser(id);
    if (principal === null) return { userId: id, teamIds: [], grants: [], globalPermissions: [] };
    return {
      userId: id,
      teamIds: [...principal.teamIds],
      grants: principal.grants.map((g) => ({ ...g, permissions: [...g.permissions] })),
      globalPermissions: effectivePermissions(principal, GLOBAL_TARGET),
    };
  }

  /** The built-in admin account and your own account cannot be disabled or deleted (no lock-out). */
  private refuseOnProtected(ctx: ActionContext, user: User, verb: string): void {
    if (user.isAdmin)
      throw new AppError(
        'FailedPrecondition',
        'ADMIN_PROTECTED',
        `the built-in ${BUILTIN_ROLES.administrator.name.toLowerCase()} account cannot be ${verb}d`,
      );
    if (user.id === ctx.principal.userId)
      throw new AppError(
        'FailedPrecondition',
        'SELF_PROTECTED',
        `you cannot ${verb} your own account`,
      );
  }
}
