import { z } from 'zod';

import { HostFactsSchema } from './host-facts.schema';

export const HostStatusSchema = z.enum(['online', 'offline']);
export type HostStatus = z.infer<typeof HostStatusSchema>;

/** A host as the server knows it: the REST list item and the `host.updated` socket payload. */
export const HostSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: HostStatusSchema,
  lastSeenAt: z.string().datetime().nullable(),
  facts: HostFactsSchema.nullable(),
  labels: z.record(z.string(), z.string()),
  /** Named host groups (role-binding scopes `group:<name>`, job targets). */
  groups: z.array(z.string()),
  /** When the agent's client certificate expires (it renews itself in the last third of its life). */
  certificateExpiresAt: z.string().datetime().nullable(),
  createdAt: z.string().datetime(),
});
export type Host = z.infer<typeof HostSchema>;

export const CreateJoinTokenRequestSchema = z.object({
  /** Lifetime of the token; default one hour, at most 30 days. */
  ttlSeconds: z
    .number()
    .int()
    .min(60)
    .max(30 * 24 * 3600)
    .default(3600),
});
export type CreateJoinTokenRequest = z.infer<typeof CreateJoinTokenRequestSchema>;

export const JoinTokenSchema = z.object({
  id: z.string(),
  /** Shown once: `WHARF-1-<sha256 CA fingerprint hex>-<secret>`. */
  token: z.string(),
  expiresAt: z.string().datetime(),
  /** A ready-to-paste command for the new host. */
  joinCommand: z.string(),
});
export type JoinToken = z.infer<typeof JoinTokenSchema>;
