import { hostname } from 'node:os';
import { join } from 'node:path';

import { z } from 'zod';

import { type ServerConfig } from '../modules/core/server-config';

const SecretKeySchema = z
  .string()
  .transform((value) => Buffer.from(value.trim(), 'base64'))
  .refine((key) => key.length === 32, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)');

/** Every environment variable the server reads, parsed once at start (decisions.md: all overridable). */
export const ServerEnvSchema = z.object({
  WHARF_DATA_DIR: z.string().min(1).default('/var/lib/wharf'),
  WHARF_PORT: z.coerce.number().int().min(0).max(65535).default(9443),
  WHARF_HOST: z.string().min(1).default('0.0.0.0'),
  /** `postgresql://…` selects PostgreSQL; anything else (or unset) the SQLite file under the data dir. */
  DATABASE_URL: z.string().optional(),
  /** `redis://host:port` or `unix:///path/to/redis.sock`. */
  REDIS_URL: z.string().optional(),
  /**
   * Namespace of every Redis key and channel (queues, socket.io fan-out, relay): replicas of one
   * installation share it; separate installations on one Redis must not.
   */
  WHARF_REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (at most 64)')
    .default('wharf'),
  WHARF_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  WHARF_PUBLIC_URL: z.string().url().optional(),
  /** Where the built web UI lives; defaults to dist/apps/web beside the server bundle. */
  WHARF_WEB_DIR: z.string().optional(),
  WHARF_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
  WHARF_LOG_PRETTY: z.enum(['0', '1']).optional(),
  /** Lifetime of the client certificates issued to agents (join and renewal); default one year. */
  WHARF_AGENT_CERT_TTL_SECONDS: z.coerce.number().int().min(10).optional(),
  /** Seals stored secrets (registry passwords, TOTP secrets); default: `server/secret.key`, made once. */
  WHARF_SECRET_KEY: SecretKeySchema.optional(),
  /** Comma-separated older keys, still accepted for reading while secrets move to the new key. */
  WHARF_SECRET_KEY_PREVIOUS: z
    .preprocess(
      (value) =>
        typeof value === 'string'
          ? value
              .split(',')
              .map((k) => k.trim())
              .filter((k) => k !== '')
          : value,
      z.array(SecretKeySchema),
    )
    .optional(),
});
export type ServerEnv = z.infer<typeof ServerEnvSchema>;

export function toServerConfig(env: ServerEnv, bundleDir: string): ServerConfig {
  const serverDir = join(env.WHARF_DATA_DIR, 'server');
  const isPg = env.DATABASE_URL !== undefined && /^postgres(ql)?:\/\//.test(env.DATABASE_URL);
  return {
    dataDir: env.WHARF_DATA_DIR,
    serverDir,
    pkiDir: join(serverDir, 'pki'),
    port: env.WHARF_PORT,
    host: env.WHARF_HOST,
    database: isPg
      ? { provider: 'postgresql', url: env.DATABASE_URL! }
      : { provider: 'sqlite', file: join(serverDir, 'wharf.db') },
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    redisPrefix: env.WHARF_REDIS_PREFIX,
    adminPassword: env.WHARF_ADMIN_PASSWORD,
    publicUrl: (env.WHARF_PUBLIC_URL ?? `https://${hostname()}:${env.WHARF_PORT}`).replace(
      /\/+$/,
      '',
    ),
    webDir: env.WHARF_WEB_DIR ?? join(bundleDir, '..', 'web'),
    logLevel: env.WHARF_LOG_LEVEL,
    logPretty: env.WHARF_LOG_PRETTY === '1',
    agentCertificateTtlSeconds: env.WHARF_AGENT_CERT_TTL_SECONDS,
    secrets: {
      key: env.WHARF_SECRET_KEY,
      keyFile: join(serverDir, 'secret.key'),
      previousKeys: env.WHARF_SECRET_KEY_PREVIOUS ?? [],
    },
  };
}

/** Parses the environment once; on error prints every invalid variable and exits 2. */
export function loadServerConfig(
  bundleDir: string,
  env: NodeJS.ProcessEnv = process.env,
): ServerConfig {
  const parsed = ServerEnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    process.stderr.write(`wharf-server: invalid environment:\n${lines.join('\n')}\n`);
    process.exit(2);
  }
  return toServerConfig(parsed.data, bundleDir);
}
