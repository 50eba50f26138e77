/** Derived, typed settings the rest of the server uses; nothing else looks at the environment. */
export interface ServerConfig {
  dataDir: string;
  serverDir: string;
  pkiDir: string;
  port: number;
  host: string;
  database: { provider: 'sqlite'; file: string } | { provider: 'postgresql'; url: string };
  redisUrl: string;
  /** Prefix of every Redis key and channel of this installation. */
  redisPrefix: string;
  adminPassword: string | undefined;
  publicUrl: string;
  webDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  logPretty: boolean;
  /** Lifetime of agent client certificates (default one year); short in rotation tests. */
  agentCertificateTtlSeconds?: number;
  /** Key sealing stored secrets: `key` from the environment, else the file (created on first start). */
  secrets: { key: Buffer | undefined; keyFile: string; previousKeys: Buffer[] };
}
