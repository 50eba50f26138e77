import { readFile } from 'node:fs/promises';

import { z } from 'zod';

/**
 * The engine config file: Docker's daemon.json key names, parsed once. Unknown keys and bad values
 * stop the engine with a message naming them (dockerd does the same). Paths (`data-root`,
 * `exec-root`) are environment variables instead (WHARF_DATA_DIR, WHARF_EXEC_ROOT), so the one
 * place that decides where state lives is the agent's env schema.
 */
export const EngineConfigSchema = z
  .object({
    'default-runtime': z.enum(['runc', 'crun']).optional(),
    runtimes: z
      .record(
        z.string(),
        z.object({ path: z.string(), runtimeArgs: z.array(z.string()).optional() }),
      )
      .optional(),
    'log-level': z.enum(['debug', 'info', 'warn', 'error', 'fatal']).optional(),
    'log-driver': z.enum(['json-file', 'k8s-file', 'local']).optional(),
    'log-opts': z.record(z.string(), z.string()).optional(),
    'live-restore': z.boolean().optional(),
    'default-ulimits': z
      .record(
        z.string(),
        z.object({ Name: z.string().optional(), Hard: z.number(), Soft: z.number() }),
      )
      .optional(),
    'default-shm-size': z.string().optional(),
    bip: z.string().optional(),
    'fixed-cidr': z.string().optional(),
    'default-address-pools': z
      .array(z.object({ base: z.string(), size: z.number().int() }))
      .optional(),
    icc: z.boolean().optional(),
    'ip-forward': z.boolean().optional(),
    'ip-masq': z.boolean().optional(),
    iptables: z.boolean().optional(),
    'userland-proxy': z.boolean().optional(),
    mtu: z.number().int().min(68).max(65535).optional(),
    dns: z.array(z.string()).optional(),
    'dns-search': z.array(z.string()).optional(),
    'dns-opts': z.array(z.string()).optional(),
    'insecure-registries': z.array(z.string()).optional(),
    'registry-mirrors': z.array(z.string()).optional(),
    'max-concurrent-downloads': z.number().int().positive().optional(),
    'max-concurrent-uploads': z.number().int().positive().optional(),
    'cgroup-parent': z.string().optional(),
    labels: z.array(z.string()).optional(),
    debug: z.boolean().optional(),
  })
  .strict();
export type EngineConfig = z.infer<typeof EngineConfigSchema>;

/** Reads the config file; a missing file means all defaults. */
export async function loadEngineConfig(path: string): Promise<EngineConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`engine config ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = EngineConfigSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.join('.') || '(root)'}: ${i.message}`,
    );
    throw new Error(`engine config ${path} is invalid:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}
