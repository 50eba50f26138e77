import { z } from 'zod';

import { BINDING_SCOPE_PATTERN } from './access-rules';
import { PERMISSIONS, type Permission } from './permissions';

export const PermissionSchema = z.enum(PERMISSIONS as [Permission, ...Permission[]]);
export const BindingScopeSchema = z
  .string()
  .regex(BINDING_SCOPE_PATTERN, 'global, group:<name> or host:<id>');

export const RoleSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  permissions: z.array(PermissionSchema),
  ownership: z.enum(['any', 'own']),
  builtin: z.boolean(),
});
export type Role = z.infer<typeof RoleSchema>;

export const CreateRoleRequestSchema = z.object({
  name: z.string().min(1).max(64),
  description: z.string().max(500).default(''),
  permissions: z.array(PermissionSchema).min(1),
  ownership: z.enum(['any', 'own']).default('any'),
});
export type CreateRoleRequest = z.infer<typeof CreateRoleRequestSchema>;

export const UpdateRoleRequestSchema = z
  .object({
    name: z.string().min(1).max(64).optional(),
    description: z.string().max(500).optional(),
    permissions: z.array(PermissionSchema).min(1).optional(),
    ownership: z.enum(['any', 'own']).optional(),
  })
  .strict();
export type UpdateRoleRequest = z.infer<typeof UpdateRoleRequestSchema>;

export const RoleBindingSchema = z.object({
  id: z.string(),
  roleId: z.string(),
  userId: z.string().nullable(),
  teamId: z.string().nullable(),
  scope: z.string(),
  createdAt: z.string().datetime(),
});
export type RoleBinding = z.infer<typeof RoleBindingSchema>;

export const CreateRoleBindingRequestSchema = z
  .object({
    roleId: z.string().min(1),
    userId: z.string().min(1).optional(),
    teamId: z.string().min(1).optional(),
    scope: BindingScopeSchema.default('global'),
  })
  .refine((b) => (b.userId === undefined) !== (b.teamId === undefined), {
    message: 'exactly one of userId and teamId',
    path: ['userId'],
  });
export type CreateRoleBindingRequest = z.infer<typeof CreateRoleBindingRequestSchema>;

export const EffectiveAccessSchema = z.object({
  userId: z.string(),
  teamIds: z.array(z.string()),
  grants: z.array(
    z.object({
      roleId: z.string(),
      roleName: z.string(),
      scope: z.string(),
      ownership: z.enum(['any', 'own']),
      via: z.string(),
      permissions: z.array(PermissionSchema),
    }),
  ),
  /** Permissions held globally (for hiding global UI); host pages ask per host. */
  globalPermissions: z.array(PermissionSchema),
});
export type EffectiveAccess = z.infer<typeof EffectiveAccessSchema>;

/** `GET /auth/me/access`: what the caller may do globally, and the grants behind host-scoped ones. */
export const MyAccessSchema = z.object({
  globalPermissions: z.array(PermissionSchema),
  grants: z.array(
    z.object({ roleName: z.string(), scope: z.string(), permissions: z.array(PermissionSchema) }),
  ),
});
export type MyAccess = z.infer<typeof MyAccessSchema>;

export const ApiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(PermissionSchema),
  createdAt: z.string().datetime(),
  expiresAt: z.string().datetime().nullable(),
  lastUsedAt: z.string().datetime().nullable(),
  revokedAt: z.string().datetime().nullable(),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;

export const CreateApiTokenRequestSchema = z.object({
  name: z.string().min(1).max(100),
  scopes: z.array(PermissionSchema).min(1),
  /** Lifetime; omitted = no expiry. At most a year. */
  ttlSeconds: z
    .number()
    .int()
    .min(60)
    .max(366 * 24 * 3600)
    .optional(),
});
export type CreateApiTokenRequest = z.infer<typeof CreateApiTokenRequestSchema>;

/** The creation answer: the only time the secret is shown. */
export const CreatedApiTokenSchema = ApiTokenSchema.extend({ token: z.string() });
export type CreatedApiToken = z.infer<typeof CreatedApiTokenSchema>;
