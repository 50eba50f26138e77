import { isAppError } from '@wharf/errors';
import { type Logger } from '@wharf/util';

import { type AgentEnv } from '../config/env.schema';
import { readAgentState, writeAgentState } from './agent-state';
import { joinServer } from './join';

/** Joins, saves, and reports; errors become one line on stderr (for people) and a non-zero code. */
export async function joinAndSave(
  env: AgentEnv,
  logger: Logger,
  serverUrl: string,
  token: string,
): Promise<boolean> {
  try {
    const state = await joinServer(serverUrl, token);
    writeAgentState(env.WHARF_DATA_DIR, state);
    logger.info({ hostId: state.hostId, server: state.serverUrl }, 'joined');
    return true;
  } catch (error) {
    const message = isAppError(error)
      ? error.message
      : error instanceof Error
        ? error.message
        : String(error);
    logger.error({ err: error }, 'join failed');
    process.stderr.write(`wharfd: join failed: ${message}\n`);
    return false;
  }
}

/** `wharfd join <server-url> <token>` */
export async function runJoin(env: AgentEnv, logger: Logger, args: string[]): Promise<number> {
  const [serverUrl, token] = args;
  if (serverUrl === undefined || token === undefined) {
    process.stderr.write('usage: wharfd join <server-url> <token>\n');
    return 2;
  }
  const existing = readAgentState(env.WHARF_DATA_DIR);
  if (existing !== undefined) {
    process.stderr.write(
      `wharfd: already joined to ${existing.serverUrl} as host ${existing.hostId}; remove ${env.WHARF_DATA_DIR}/agent to join again\n`,
    );
    return 1;
  }
  if (!(await joinAndSave(env, logger, serverUrl, token))) return 1;
  process.stdout.write(`joined ${serverUrl}\n`);
  return 0;
}
