export { createLogger, type Logger, type LoggerOptions } from './logger';
export { writeFileAtomic } from './atomic-file';
