import { z } from 'zod';

/**
 * A Docker-Engine-API request relayed to an agent, which performs it on its local engine socket.
 * `path` starts with `/` and includes the query string; `body` is base64 (binary-safe).
 */
export const OperationRequestSchema = z.object({
  opId: z.string().min(1).max(100),
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'DELETE']),
  path: z.string().startsWith('/').max(8000),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional(),
  /** Stream the response body in acknowledged chunks (logs follow, stats, pull progress) instead of one reply. */
  stream: z.boolean().default(false),
});
export type OperationRequest = z.infer<typeof OperationRequestSchema>;

/** The agent's answer: status and headers, plus the whole body (base64) unless streamed. */
export const OperationResponseSchema = z.object({
  status: z.number().int(),
  headers: z.record(z.string(), z.string()),
  body: z.string().optional(),
  error: z.string().optional(),
});
export type OperationResponse = z.infer<typeof OperationResponseSchema>;

/** One piece of a streamed response body; the agent sends the next only after the server's ack. */
export const OperationChunkSchema = z.object({
  opId: z.string(),
  data: z.string(),
});
export type OperationChunk = z.infer<typeof OperationChunkSchema>;

export const OperationEndSchema = z.object({ opId: z.string(), error: z.string().optional() });
export type OperationEnd = z.infer<typeof OperationEndSchema>;

/** Permissions a relayed Docker API request can require (checked BEFORE relaying). */
export const OPERATION_PERMISSIONS = [
  'host:read',
  'container:read',
  'container:create',
  'container:operate',
  'container:exec',
  'container:delete',
  'image:read',
  'image:pull',
  'image:delete',
  'volume:read',
  'volume:write',
  'network:read',
  'network:write',
  'system:prune',
] as const;
export type OperationPermission = (typeof OPERATION_PERMISSIONS)[number];
