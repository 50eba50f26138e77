import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { io, type Socket } from 'socket.io-client';

import { waitFor } from '../../support/services';
import { type ApiClient, type WharfAgent, type WharfServer } from '../../support/wharf-system';

/** Runs the stock docker CLI against an agent's own engine. */
export function dockerOn(
  agent: WharfAgent,
  args: string[],
): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(
    '/usr/local/bin/docker',
    ['-H', `unix://${join(agent.dataDir, 'docker.sock')}`, ...args],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { code: result.status, stdout: result.stdout.trim(), stderr: result.stderr };
}

export async function engineReady(agent: WharfAgent): Promise<void> {
  await waitFor(
    () => existsSync(join(agent.dataDir, 'docker.sock')) && dockerOn(agent, ['version']).code === 0,
    'agent engine answering',
    60_000,
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${agent.logs()}`);
  });
}

/** Removes every container of the agent's engine (they outlive the agent otherwise). */
export function removeAllContainers(agent: WharfAgent): void {
  const ids = dockerOn(agent, ['ps', '-aq'])
    .stdout.split('\n')
    .filter((l) => l !== '');
  if (ids.length > 0) dockerOn(agent, ['rm', '-f', ...ids]);
}

export interface UiEvent {
  event: string;
  payload: unknown;
}

/** A logged-in browser socket on /ui recording every event it receives. */
export async function uiSocket(
  server: WharfServer,
  client: ApiClient,
): Promise<{ socket: Socket; events: UiEvent[] }> {
  const events: UiEvent[] = [];
  const socket = io(`${server.url}/ui`, {
    transports: ['websocket'],
    ca: server.caPem,
    extraHeaders: { cookie: client.cookieHeader() },
  });
  socket.onAny((event: string, payload: unknown) => events.push({ event, payload }));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, events };
}

export async function hostIdOf(
  admin: ApiClient,
  agent: WharfAgent,
  known: Set<string>,
): Promise<string> {
  let id: string | undefined;
  await waitFor(
    async () => {
      const hosts = (await admin.request('GET', '/hosts')).body as { id: string; status: string }[];
      id = hosts.find((h) => h.status === 'online' && !known.has(h.id))?.id;
      return id !== undefined;
    },
    'new host online',
    60_000,
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${agent.logs()}`);
  });
  known.add(id!);
  return id!;
}
