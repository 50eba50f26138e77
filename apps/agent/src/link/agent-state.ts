import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { writeFileAtomic } from '@wharf/pki';
import { z } from 'zod';

/** What `join` leaves on disk under `$WHARF_DATA_DIR/agent/`, and `run` reads back. */
export interface AgentState {
  serverUrl: string;
  hostId: string;
  keyPem: string;
  certPem: string;
  caPem: string;
}

const ServerFileSchema = z.object({ serverUrl: z.string().url(), hostId: z.string().min(1) });

export function agentDir(dataDir: string): string {
  return join(dataDir, 'agent');
}

/** The saved join, or undefined when this agent has not joined a server yet. */
export function readAgentState(dataDir: string): AgentState | undefined {
  const dir = agentDir(dataDir);
  const files = ['server.json', 'agent.key', 'agent.crt', 'ca.crt'].map((f) => join(dir, f));
  if (!files.every((f) => existsSync(f))) return undefined;
  const server = ServerFileSchema.parse(JSON.parse(readFileSync(files[0]!, 'utf8')));
  return {
    ...server,
    keyPem: readFileSync(files[1]!, 'utf8'),
    certPem: readFileSync(files[2]!, 'utf8'),
    caPem: readFileSync(files[3]!, 'utf8'),
  };
}

/** Saves a join; server.json goes last, so a crash midway leaves "not joined" rather than a broken state. */
export function writeAgentState(dataDir: string, state: AgentState): void {
  const dir = agentDir(dataDir);
  writeFileAtomic(join(dir, 'agent.key'), state.keyPem, 0o600);
  writeFileAtomic(join(dir, 'agent.crt'), state.certPem);
  writeFileAtomic(join(dir, 'ca.crt'), state.caPem);
  writeFileAtomic(
    join(dir, 'server.json'),
    `${JSON.stringify({ serverUrl: state.serverUrl, hostId: state.hostId }, null, 2)}\n`,
  );
}
