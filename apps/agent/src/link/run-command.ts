import { type Logger } from '@wharf/util';

import { type AgentEnv } from '../config/env.schema';
import { AgentLink } from './agent-link';
import { readAgentState } from './agent-state';
import { collectHostFacts } from './host-facts';
import { joinAndSave } from './join-command';

interface RunningEngine {
  stop(): Promise<void>;
}

interface EngineModule {
  startEngine: (env: AgentEnv, logger: Logger) => Promise<RunningEngine>;
}

/**
 * The engine is another module; until it exists (or when it fails) the link still runs, so the
 * fleet side works and can be tested on its own.
 */
async function startEngineIfPossible(
  env: AgentEnv,
  logger: Logger,
): Promise<RunningEngine | undefined> {
  try {
    const { startEngine } = (await import('../engine/start-engine')) as unknown as EngineModule;
    return await startEngine(env, logger);
  } catch (error) {
    logger.error(
      { err: error },
      'the container engine did not start; keeping the server link up without it',
    );
    return undefined;
  }
}

function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
}

/** `wharfd run`: join if needed (WHARF_SERVER_URL + WHARF_JOIN_TOKEN), start the engine, keep the link. */
export async function runAgent(env: AgentEnv, logger: Logger): Promise<number> {
  if (readAgentState(env.WHARF_DATA_DIR) === undefined) {
    if (env.WHARF_SERVER_URL === undefined || env.WHARF_JOIN_TOKEN === undefined) {
      process.stderr.write(
        'wharfd: not joined to a server: run `wharfd join <url> <token>` or set WHARF_SERVER_URL and WHARF_JOIN_TOKEN\n',
      );
      return 2;
    }
    if (!(await joinAndSave(env, logger, env.WHARF_SERVER_URL, env.WHARF_JOIN_TOKEN))) return 1;
  }
  const state = readAgentState(env.WHARF_DATA_DIR)!;
  const engine = await startEngineIfPossible(env, logger);
  const link = new AgentLink(state, collectHostFacts, logger, {
    dockerSocket: env.WHARF_DOCKER_SOCKET,
    dataDir: env.WHARF_DATA_DIR,
  });
  link.start();
  const end = await Promise.race([
    link.ended,
    waitForSignal().then((signal) => ({ kind: 'signal' as const, signal })),
  ]);
  logger.info({ end }, 'stopping');
  link.stop();
  await engine?.stop();
  return end.kind === 'removed' ? 3 : 0;
}
