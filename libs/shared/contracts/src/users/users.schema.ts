import { z } from 'zod';

import { PasswordSchema } from '../auth/auth.schema';

export const UsernameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'lowercase letters, digits, . _ - (2 to 64)');

export const UserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string().nullable(),
  isAdmin: z.boolean(),
  disabled: z.boolean(),
  totpEnabled: z.boolean(),
  createdAt: z.string().datetime(),
});
export type User = z.infer<typeof UserSchema>;

export const CreateUserRequestSchema = z.object({
  username: UsernameSchema,
  password: PasswordSchema,
  displayName: z.string().min(1).max(200).optional(),
});
export type CreateUserRequest = z.infer<typeof CreateUserRequestSchema>;

export const UpdateUserRequestSchema = z
  .object({
    displayName: z.string().min(1).max(200).nullable().optional(),
    disabled: z.boolean().optional(),
    /** An administrator resets someone's password; their sessions end. */
    password: PasswordSchema.optional(),
  })
  .strict();
export type UpdateUserRequest = z.infer<typeof UpdateUserRequestSchema>;

export const ChangePasswordRequestSchema = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: PasswordSchema,
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequestSchema>;

export const TeamSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  members: z.array(z.object({ userId: z.string(), username: z.string(), isLeader: z.boolean() })),
  createdAt: z.string().datetime(),
});
export type Team = z.infer<typeof TeamSchema>;

export const TeamNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/);

export const CreateTeamRequestSchema = z.object({
  name: TeamNameSchema,
  description: z.string().max(500).default(''),
});
export type CreateTeamRequest = z.infer<typeof CreateTeamRequestSchema>;

export const UpdateTeamRequestSchema = z
  .object({ name: TeamNameSchema.optional(), description: z.string().max(500).optional() })
  .strict();
export type UpdateTeamRequest = z.infer<typeof UpdateTeamRequestSchema>;

export const SetTeamMemberRequestSchema = z.object({ isLeader: z.boolean().default(false) });
export type SetTeamMemberRequest = z.infer<typeof SetTeamMemberRequestSchema>;
