import { z } from 'zod';

export const SetupStatusSchema = z.object({ needsAdminPassword: z.boolean() });
export type SetupStatus = z.infer<typeof SetupStatusSchema>;

/** Password policy: at least 12 characters (NIST 800-63B favours length over composition rules). */
export const PasswordSchema = z.string().min(12, 'must be at least 12 characters').max(256);

export const SetupAdminRequestSchema = z.object({ password: PasswordSchema });
export type SetupAdminRequest = z.infer<typeof SetupAdminRequestSchema>;

export const LoginRequestSchema = z.object({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(256),
  totp: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const SessionUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  isAdmin: z.boolean(),
});
export type SessionUser = z.infer<typeof SessionUserSchema>;

/** Name of the httpOnly session cookie and of the readable CSRF cookie echoed in `x-csrf-token`. */
export const SESSION_COOKIE = 'wharf_session';
export const CSRF_COOKIE = 'wharf_csrf';
export const CSRF_HEADER = 'x-csrf-token';
