import { type RedisOptions } from 'ioredis';

/** ioredis options from `redis://…`, `rediss://…` or `unix:///path.sock` (the launcher's private Redis). */
export function redisOptionsFromUrl(url: string): RedisOptions {
  const parsed = new URL(url);
  const base: RedisOptions = { maxRetriesPerRequest: null, lazyConnect: true };
  if (parsed.protocol === 'unix:' || parsed.protocol === 'redis+unix:') {
    return { ...base, path: decodeURIComponent(parsed.pathname) };
  }
  return {
    ...base,
    host: parsed.hostname,
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    username: parsed.username === '' ? undefined : decodeURIComponent(parsed.username),
    password: parsed.password === '' ? undefined : decodeURIComponent(parsed.password),
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : undefined,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
  };
}
