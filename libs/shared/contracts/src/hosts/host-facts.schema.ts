import { z } from 'zod';

/** What an agent reports about its machine when it registers. */
export const HostFactsSchema = z.object({
  hostname: z.string().min(1).max(253),
  os: z.string().max(200),
  kernel: z.string().max(200),
  arch: z.string().max(50),
  cpus: z.number().int().nonnegative(),
  memoryBytes: z.number().int().nonnegative(),
  cgroupVersion: z.enum(['v1', 'hybrid', 'v2', 'unknown']),
  runtime: z.object({ name: z.string(), version: z.string() }).nullable(),
  engineVersion: z.string().max(50),
});
export type HostFacts = z.infer<typeof HostFactsSchema>;
