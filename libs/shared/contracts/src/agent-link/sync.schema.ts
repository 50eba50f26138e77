import { z } from 'zod';

/**
 * What an agent reports of its engine. The shapes are the Docker Engine API's list items (only the
 * fields the server keeps are declared; extra fields pass through untouched and are ignored).
 */
export const EngineContainerSchema = z.looseObject({
  Id: z.string(),
  Names: z.array(z.string()).default([]),
  Image: z.string().default(''),
  State: z.string().default(''),
  Status: z.string().default(''),
  Created: z.number().default(0),
  Labels: z.record(z.string(), z.string()).nullable().default({}),
});
export type EngineContainer = z.infer<typeof EngineContainerSchema>;

export const EngineImageSchema = z.looseObject({
  Id: z.string(),
  RepoTags: z.array(z.string()).nullable().default([]),
  Size: z.number().default(0),
  Created: z.number().default(0),
  Labels: z.record(z.string(), z.string()).nullable().default({}),
});
export type EngineImage = z.infer<typeof EngineImageSchema>;

export const EngineVolumeSchema = z.looseObject({
  Name: z.string(),
  Driver: z.string().default('local'),
  Mountpoint: z.string().default(''),
  Labels: z.record(z.string(), z.string()).nullable().default({}),
});
export type EngineVolume = z.infer<typeof EngineVolumeSchema>;

export const EngineNetworkSchema = z.looseObject({
  Id: z.string(),
  Name: z.string(),
  Driver: z.string().default(''),
  Scope: z.string().default('local'),
  Labels: z.record(z.string(), z.string()).nullable().default({}),
});
export type EngineNetwork = z.infer<typeof EngineNetworkSchema>;

export const ObjectKindSchema = z.enum(['container', 'image', 'volume', 'network']);
export type ObjectKind = z.infer<typeof ObjectKindSchema>;

/**
 * The full state of one engine. `epoch` names the agent process's event stream (a new one after
 * each agent start) and `seq` is the last event sequence number the snapshot already includes.
 */
export const StateSnapshotSchema = z.object({
  epoch: z.string().min(1).max(100),
  seq: z.number().int().nonnegative(),
  containers: z.array(EngineContainerSchema),
  images: z.array(EngineImageSchema),
  volumes: z.array(EngineVolumeSchema),
  networks: z.array(EngineNetworkSchema),
});
export type StateSnapshot = z.infer<typeof StateSnapshotSchema>;

/**
 * One engine event with the object's state after it: `object` is the object's list item, or null
 * when the object is gone. Applying an event twice gives the same state (upsert/delete).
 */
export const StateEventSchema = z.object({
  seq: z.number().int().positive(),
  kind: ObjectKindSchema,
  id: z.string().min(1),
  action: z.string().max(100),
  time: z.number(),
  object: z.record(z.string(), z.unknown()).nullable(),
});
export type StateEvent = z.infer<typeof StateEventSchema>;

export const StateEventBatchSchema = z.object({
  epoch: z.string().min(1).max(100),
  events: z.array(StateEventSchema).max(1000),
});
export type StateEventBatch = z.infer<typeof StateEventBatchSchema>;

export const StatsSampleSchema = z.object({
  time: z.number(),
  host: z.object({
    cpuPercent: z.number(),
    memoryUsedBytes: z.number(),
    memoryTotalBytes: z.number(),
  }),
  containers: z
    .array(z.object({ id: z.string(), cpuPercent: z.number(), memoryBytes: z.number() }))
    .max(5000),
});
export type StatsSample = z.infer<typeof StatsSampleSchema>;

/**
 * Where the agent's event stream continues: `resumeAfter` = resend buffered events with a larger
 * sequence number; null = send a fresh snapshot (unknown epoch, or the server lost track).
 */
export interface SyncPosition {
  resumeAfter: number | null;
}
