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
  /** The 6-digit TOTP code, or one recovery code, when the account has a second factor. */
  totp: z
    .string()
    .regex(/^(\d{6}|[a-z0-9]{5}-[a-z0-9]{5})$/)
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

export const TotpEnrollmentSchema = z.object({
  secret: z.string(),
  /** otpauth:// URL for authenticator apps (the UI renders it as a QR code). */
  otpauthUrl: z.string(),
});
export type TotpEnrollment = z.infer<typeof TotpEnrollmentSchema>;

export const TotpCodeRequestSchema = z.object({ code: z.string().regex(/^\d{6}$/) });
export type TotpCodeRequest = z.infer<typeof TotpCodeRequestSchema>;

export const TotpConfirmedSchema = z.object({
  /** Shown once; each works once instead of a code. */
  recoveryCodes: z.array(z.string()),
});
export type TotpConfirmed = z.infer<typeof TotpConfirmedSchema>;

export const TotpDisableRequestSchema = z.object({ password: z.string().min(1).max(256) });
