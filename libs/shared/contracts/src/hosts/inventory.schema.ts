import { z } from 'zod';

import { HostSchema } from './host.schema';

/** Query of the all-hosts lists (`GET /api/v1/containers` and friends). */
export const InventoryQuerySchema = z.object({
  host: z.string().optional(),
  state: z.string().max(50).optional(),
  q: z.string().max(200).optional(),
  sort: z.enum(['name', '-name', 'created', '-created', 'host', 'state']).default('name'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type InventoryQuery = z.infer<typeof InventoryQuerySchema>;

export const InventoryPortSchema = z.object({
  ip: z.string().optional(),
  privatePort: z.number().int(),
  publicPort: z.number().int().optional(),
  type: z.string(),
});
export type InventoryPort = z.infer<typeof InventoryPortSchema>;

export const InventoryItemSchema = z.object({
  hostId: z.string(),
  id: z.string(),
  name: z.string(),
  /** containers: running/exited…; images/volumes/networks: empty. */
  state: z.string(),
  detail: z.string(),
  labels: z.record(z.string(), z.string()),
  createdAt: z.string().datetime(),
  sizeBytes: z.number(),
  /** Containers: Docker's status line ("Up 3 minutes (healthy)", "Exited (0) 2 hours ago"). */
  status: z.string().optional(),
  /** Containers: published and exposed ports, as `docker ps` lists them. */
  ports: z.array(InventoryPortSchema).optional(),
  /**
   * Containers that run: when they started. Exact when the engine item carries `StartedAt`,
   * otherwise derived from the status line ("Up 3 minutes") at the time the server received it,
   * so it is as precise as that line.
   */
  startedAt: z.string().datetime().optional(),
  /** Containers: how often the engine restarted it, when the engine item carries `RestartCount`. */
  restartCount: z.number().int().nonnegative().optional(),
});
export type InventoryItem = z.infer<typeof InventoryItemSchema>;

export const InventoryPageSchema = z.object({
  items: z.array(InventoryItemSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type InventoryPage = z.infer<typeof InventoryPageSchema>;

export const UpdateHostRequestSchema = z.object({
  labels: z.record(z.string().min(1).max(100), z.string().max(500)).optional(),
  groups: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/))
    .max(50)
    .optional(),
});
export type UpdateHostRequest = z.infer<typeof UpdateHostRequestSchema>;

export const HostDetailSchema = z.object({
  counts: z.object({
    containers: z.number().int(),
    running: z.number().int(),
    images: z.number().int(),
    volumes: z.number().int(),
    networks: z.number().int(),
  }),
  usage: z
    .object({ cpuPercent: z.number(), memoryUsedBytes: z.number(), memoryTotalBytes: z.number() })
    .nullable(),
});
export type HostDetail = z.infer<typeof HostDetailSchema>;

/** `GET /hosts/:id`: the host with its object counts and latest usage. */
export const HostWithDetailSchema = HostSchema.extend(HostDetailSchema.shape);
export type HostWithDetail = z.infer<typeof HostWithDetailSchema>;
