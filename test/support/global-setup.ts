import 'vitest';
import type { TestProject } from 'vitest/node';

import { startPostgres, startRedis, type StartedService } from './services';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    postgresUrl: string;
  }
}

/** One private Redis and one private PostgreSQL cluster for the whole integration run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started: StartedService[] = [];
  const redis = await startRedis();
  started.push(redis);
  const postgres = await startPostgres();
  started.push(postgres);
  project.provide('redisUrl', redis.url);
  project.provide('postgresUrl', postgres.url);
  return async () => {
    for (const service of started.reverse()) await service.stop();
  };
}
