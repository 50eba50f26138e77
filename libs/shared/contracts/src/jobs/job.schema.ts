import { z } from 'zod';

/** Payloads of multi-host jobs, one per kind (the `kind` field selects the processor). */
export const JobPayloadsSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('image.pull'),
    hostIds: z.array(z.string()).min(1).max(1000),
    image: z.string().min(1).max(500),
  }),
  z.object({
    kind: z.literal('system.prune'),
    hostIds: z.array(z.string()).min(1).max(1000),
    targets: z
      .array(z.enum(['containers', 'images', 'volumes', 'networks']))
      .min(1)
      .default(['containers', 'images']),
  }),
  z.object({
    kind: z.literal('container.run'),
    /** Either explicit hosts or a host group (`group:<name>` label membership). */
    hostIds: z.array(z.string()).max(1000).default([]),
    group: z.string().min(1).max(100).optional(),
    name: z.string().max(200).optional(),
    config: z.record(z.string(), z.unknown()),
  }),
]);
export type JobPayload = z.infer<typeof JobPayloadsSchema>;
export type JobKind = JobPayload['kind'];

export const HostJobStateSchema = z.enum([
  'pending',
  'running',
  'succeeded',
  'failed',
  'cancelled',
]);
export type HostJobState = z.infer<typeof HostJobStateSchema>;

export const HostJobResultSchema = z.object({
  hostId: z.string(),
  state: HostJobStateSchema,
  attempts: z.number().int(),
  message: z.string().nullable(),
});
export type HostJobResult = z.infer<typeof HostJobResultSchema>;

export const JobStateSchema = z.enum(['queued', 'running', 'completed', 'failed', 'cancelled']);
export type JobState = z.infer<typeof JobStateSchema>;

export const JobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  state: JobStateSchema,
  createdAt: z.string().datetime(),
  createdBy: z.string(),
  hosts: z.array(HostJobResultSchema),
});
export type Job = z.infer<typeof JobSchema>;
