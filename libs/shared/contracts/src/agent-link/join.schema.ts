import { z } from 'zod';

import { HostFactsSchema } from '../hosts/host-facts.schema';

/** POST /api/v1/agents/join: the one unauthenticated agent call, authorized by the join token. */
export const AgentJoinRequestSchema = z.object({
  token: z.string().min(10).max(500),
  /** PKCS#10 certificate request for the agent's key pair; the key never leaves the agent. */
  csrPem: z.string().min(100).max(10_000),
  facts: HostFactsSchema,
});
export type AgentJoinRequest = z.infer<typeof AgentJoinRequestSchema>;

export const AgentJoinResponseSchema = z.object({
  hostId: z.string(),
  certificatePem: z.string(),
  caPem: z.string(),
});
export type AgentJoinResponse = z.infer<typeof AgentJoinResponseSchema>;

/** Parsed form of a join token: `WHARF-1-<ca fingerprint: 64 hex>-<secret>`. */
export const JOIN_TOKEN_PATTERN = /^WHARF-1-([0-9a-f]{64})-([A-Za-z0-9_-]{20,100})$/;
