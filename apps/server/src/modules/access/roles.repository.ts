import { Inject, Injectable } from '@nestjs/common';
import { type Permission, type Role, type RoleBinding } from '@wharf/contracts';

import { DATABASE } from '../core/tokens';
import { type Db } from '../database/database';
import { parsePermissions } from './principal.repository';

interface RoleRow {
  id: string;
  name: string;
  description: string;
  permissionsJson: string;
  ownership: string;
  builtin: boolean;
}

export const toRole = (r: RoleRow): Role => ({
  id: r.id,
  name: r.name,
  description: r.description,
  permissions: parsePermissions(r.permissionsJson),
  ownership: r.ownership === 'own' ? 'own' : 'any',
  builtin: r.builtin,
});

type BindingRow = Omit<RoleBinding, 'createdAt'> & { createdAt: Date };
const toBinding = (b: BindingRow): RoleBinding => ({ ...b, createdAt: b.createdAt.toISOString() });
const BINDING_SELECT = {
  id: true,
  roleId: true,
  userId: true,
  teamId: true,
  scope: true,
  createdAt: true,
} as const;

export interface RoleData {
  name?: string;
  description?: string;
  permissions?: Permission[];
  ownership?: 'any' | 'own';
}

@Injectable()
export class RolesRepository {
  constructor(@Inject(DATABASE) private readonly db: Db) {}

  async list(): Promise<Role[]> {
    return (await this.db.role.findMany({ orderBy: [{ builtin: 'desc' }, { name: 'asc' }] })).map(
      toRole,
    );
  }

  async find(id: string): Promise<Role | null> {
    const row = await this.db.role.findUnique({ where: { id } });
    return row === null ? null : toRole(row);
  }

  async nameTaken(name: string, exceptId?: string): Promise<boolean> {
    return (
      (await this.db.role.count({
        where: { name, ...(exceptId === undefined ? {} : { id: { not: exceptId } }) },
      })) > 0
    );
  }

  async create(data: Required<RoleData>): Promise<Role> {
    const { permissions, ...rest } = data;
    return toRole(
      await this.db.role.create({
        data: { ...rest, permissionsJson: JSON.stringify(permissions) },
      }),
    );
  }

  async update(id: string, data: RoleData): Promise<Role> {
    const { permissions, ...rest } = data;
    return toRole(
      await this.db.role.update({
        where: { id },
        data: {
          ...rest,
          ...(permissions === undefined ? {} : { permissionsJson: JSON.stringify(permissions) }),
        },
      }),
    );
  }

  /** Deletes the role and its bindings together (the foreign key cascades inside one statement). */
  async delete(id: string): Promise<void> {
    await this.db.role.delete({ where: { id } });
  }

  async listBindings(filter: {
    userId?: string;
    teamId?: string;
    roleId?: string;
  }): Promise<RoleBinding[]> {
    return (
      await this.db.roleBinding.findMany({
        where: filter,
        select: BINDING_SELECT,
        orderBy: { createdAt: 'asc' },
      })
    ).map(toBinding);
  }

  async findBinding(id: string): Promise<RoleBinding | null> {
    const row = await this.db.roleBinding.findUnique({ where: { id }, select: BINDING_SELECT });
    return row === null ? null : toBinding(row);
  }

  async bindingExists(b: {
    roleId: string;
    userId: string | null;
    teamId: string | null;
    scope: string;
  }): Promise<boolean> {
    return (await this.db.roleBinding.count({ where: b })) > 0;
  }

  async createBinding(b: {
    roleId: string;
    userId: string | null;
    teamId: string | null;
    scope: string;
  }): Promise<RoleBinding> {
    return toBinding(await this.db.roleBinding.create({ data: b, select: BINDING_SELECT }));
  }

  async deleteBinding(id: string): Promise<void> {
    await this.db.roleBinding.delete({ where: { id } });
  }

  async subjectExists(kind: 'user' | 'team', id: string): Promise<boolean> {
    return kind === 'user'
      ? (await this.db.user.count({ where: { id } })) > 0
      : (await this.db.team.count({ where: { id } })) > 0;
  }
}
