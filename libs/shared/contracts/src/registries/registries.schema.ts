import { z } from 'zod';

/** A registry's name in Wharf (not its address): letters, digits, space . _ - (1 to 64). */
export const RegistryNameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/, 'letters, digits, space . _ - (1 to 64)');

/**
 * `http(s)://host[:port][/path]` of a registry's HTTP API v2 root (no credentials, query or
 * fragment); a trailing slash is dropped.
 */
export const RegistryUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === 'http:' || url.protocol === 'https:') &&
        url.hostname !== '' &&
        url.username === '' &&
        url.password === '' &&
        url.search === '' &&
        url.hash === ''
      );
    } catch {
      return false;
    }
  }, 'an http:// or https:// address without credentials, query or fragment')
  .transform((value) => value.replace(/\/+$/, ''));

const UsernameSchema = z.string().trim().min(1).max(256);
/** The password or access token; write-only (responses say `hasPassword`). */
const PasswordSchema = z.string().min(1).max(4096);

export const RegistrySchema = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  username: z.string().nullable(),
  /** Whether a password or token is stored; the value itself never leaves the server. */
  hasPassword: z.boolean(),
  createdAt: z.string().datetime(),
  updatedAt: z.string().datetime(),
});
export type Registry = z.infer<typeof RegistrySchema>;

export const CreateRegistryRequestSchema = z
  .object({
    name: RegistryNameSchema,
    url: RegistryUrlSchema,
    username: UsernameSchema.optional(),
    password: PasswordSchema.optional(),
  })
  .strict();
export type CreateRegistryRequest = z.input<typeof CreateRegistryRequestSchema>;

/** Omitted fields stay; `null` clears the username or the password. */
export const UpdateRegistryRequestSchema = z
  .object({
    name: RegistryNameSchema.optional(),
    url: RegistryUrlSchema.optional(),
    username: UsernameSchema.nullable().optional(),
    password: PasswordSchema.nullable().optional(),
  })
  .strict();
export type UpdateRegistryRequest = z.input<typeof UpdateRegistryRequestSchema>;

/** What `POST /registries/:id/test` found: `ok`, or the registry's refusal in words. */
export const RegistryTestResultSchema = z.object({
  ok: z.boolean(),
  message: z.string(),
  /** How the registry wanted to be authenticated: not at all, Basic, or the bearer token flow. */
  auth: z.enum(['none', 'basic', 'bearer']),
  /** The HTTP status of `/v2/` (or of the token endpoint), when the registry answered. */
  status: z.number().int().nullable(),
});
export type RegistryTestResult = z.infer<typeof RegistryTestResultSchema>;

export const RegistryRepositoriesQuerySchema = z.object({
  n: z.coerce.number().int().min(1).max(1000).default(100),
  /** The last repository of the previous page (`next` of that page). */
  last: z.string().min(1).max(512).optional(),
});
export type RegistryRepositoriesQuery = z.input<typeof RegistryRepositoriesQuerySchema>;

export const RegistryRepositoriesPageSchema = z.object({
  repositories: z.array(z.string()),
  /** Pass as `last` for the next page; null on the last page. */
  next: z.string().nullable(),
});
export type RegistryRepositoriesPage = z.infer<typeof RegistryRepositoriesPageSchema>;

/** Repository names contain slashes (`team/app`), so the tags route takes the name as a query. */
export const RegistryTagsQuerySchema = z.object({
  repository: z
    .string()
    .regex(
      /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/,
      'a repository name (lowercase path components separated by /)',
    )
    .max(256),
});
export type RegistryTagsQuery = z.infer<typeof RegistryTagsQuerySchema>;

export const RegistryTagsSchema = z.object({
  repository: z.string(),
  tags: z.array(z.string()),
});
export type RegistryTags = z.infer<typeof RegistryTagsSchema>;
