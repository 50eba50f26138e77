import pino, { type Logger } from 'pino';

export type { Logger };

/** Keys whose values never reach a log line. */
const REDACT = [
  'password',
  'token',
  'secret',
  'authorization',
  'cookie',
  'privateKey',
  'keyPem',
  '*.password',
  '*.token',
  '*.secret',
  'req.headers.authorization',
  'req.headers.cookie',
];

export interface LoggerOptions {
  name: string;
  level?: string;
  /** Human-readable output for a terminal (npm run up); JSON otherwise. */
  pretty?: boolean;
}

/** The root pino logger of a process; classes derive children with `logger.child({ context })`. */
export function createLogger(options: LoggerOptions): Logger {
  return pino({
    name: options.name,
    level: options.level ?? 'info',
    redact: { paths: REDACT, censor: '[redacted]' },
    transport: options.pretty
      ? {
          target: 'pino-pretty',
          options: { colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' },
        }
      : undefined,
  });
}
