import { z } from 'zod';

/**
 * Every environment variable the agent reads, parsed once at start. Several engines can run on one
 * machine because every path, name and port is overridable (decisions.md).
 */
export const AgentEnvSchema = z.object({
  WHARF_DATA_DIR: z.string().default('/var/lib/wharf'),
  WHARF_DOCKER_SOCKET: z.string().default('/run/wharf/docker.sock'),
  WHARF_ENGINE_CONFIG: z.string().default('/etc/wharf/daemon.json'),
  /** Runtime state (runc roots, conmon sockets); tmpfs on a normal host, so it resets at boot. */
  WHARF_EXEC_ROOT: z.string().default('/run/wharf'),
  /** cgroup parent of every container, so several engines on one host stay apart. */
  WHARF_CGROUP_PARENT: z
    .string()
    .regex(/^[\w.-]+$/)
    .default('wharf'),
  /** Name of the default bridge; also separates several engines' bridges on one host. */
  WHARF_BRIDGE: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]{1,15}$/)
    .default('wharf0'),
  /** nft table this engine owns (and the prefix of its network namespaces). */
  WHARF_NFT_TABLE: z
    .string()
    .regex(/^[a-zA-Z][a-zA-Z0-9_]{0,30}$/)
    .default('wharf'),
  WHARF_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  WHARF_LOG_PRETTY: z.enum(['0', '1']).optional(),
  /** Server to join/connect to; normally taken from the join state on disk. */
  WHARF_SERVER_URL: z.string().url().optional(),
  WHARF_JOIN_TOKEN: z.string().optional(),
});
export type AgentEnv = z.infer<typeof AgentEnvSchema>;

/** Parses the environment once; exits listing every invalid variable. */
export function loadAgentEnv(env: NodeJS.ProcessEnv = process.env): Readonly<AgentEnv> {
  const parsed = AgentEnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    process.stderr.write(`wharfd: invalid environment:\n${lines.join('\n')}\n`);
    process.exit(2);
  }
  return Object.freeze(parsed.data);
}
