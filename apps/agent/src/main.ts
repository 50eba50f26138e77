import { createLogger } from '@wharf/util';

import { loadAgentEnv } from './config/env.schema';

const USAGE = `usage: wharfd <command>
  engine                 run the container engine alone (Docker API on $WHARF_DOCKER_SOCKET)
  join <server-url> <token>
                         join a Wharf server once (pins its CA, gets a client certificate)
  run                    run the engine and keep the link to the joined server
  facts                  print this host's facts as JSON`;

async function main(argv: string[]): Promise<number> {
  const env = loadAgentEnv();
  const logger = createLogger({
    name: 'wharfd',
    level: env.WHARF_LOG_LEVEL,
    pretty: env.WHARF_LOG_PRETTY === '1',
  });
  const [command, ...rest] = argv;
  switch (command) {
    case 'engine': {
      const { runEngineForeground } = await import('./engine/start-engine');
      return runEngineForeground(env, logger);
    }
    case 'join': {
      const { runJoin } = await import('./link/join-command');
      return runJoin(env, logger, rest);
    }
    case 'run': {
      const { runAgent } = await import('./link/run-command');
      return runAgent(env, logger);
    }
    case 'facts': {
      const { collectHostFacts } = await import('./link/host-facts');
      process.stdout.write(`${JSON.stringify(await collectHostFacts(), null, 2)}\n`);
      return 0;
    }
    default:
      process.stderr.write(`${USAGE}\n`);
      return command === undefined || command === 'help' ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `wharfd: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
