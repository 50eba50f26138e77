import { AppError } from '@wharf/errors';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

import { JobQueue } from './job-queue.port';
import { redisOptionsFromUrl } from './redis-connection';

/** BullMQ driver: one shared ioredis connection, one Queue object per queue name. */
export class BullMqJobQueue extends JobQueue {
  private readonly queues = new Map<string, Queue>();

  private constructor(
    private readonly connection: Redis,
    private readonly prefix: string,
  ) {
    super();
  }

  /** Connects and pings; fails fast with a clear message when Redis is not reachable. */
  static async connect(url: string, prefix: string): Promise<BullMqJobQueue> {
    const connection = new Redis({
      ...redisOptionsFromUrl(url),
      retryStrategy: () => null,
      connectTimeout: 5000,
    });
    connection.on('error', () => undefined); // surfaced through connect()/ping() below, not as an unhandled event
    try {
      await connection.connect();
      await connection.ping();
    } catch (error) {
      connection.disconnect();
      throw new AppError(
        'Unavailable',
        'REDIS_UNREACHABLE',
        `Redis is not reachable at ${url}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    return new BullMqJobQueue(connection, prefix);
  }

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (queue === undefined) {
      queue = new Queue(name, { connection: this.connection, prefix: this.prefix });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async add(queue: string, name: string, data: Record<string, unknown>): Promise<string> {
    const job = await this.queue(queue).add(name, data, {
      removeOnComplete: 1000,
      removeOnFail: 1000,
    });
    return job.id ?? '';
  }

  async ping(): Promise<void> {
    try {
      await this.connection.ping();
    } catch (error) {
      throw new AppError('Unavailable', 'REDIS_UNREACHABLE', 'Redis is not reachable', {
        cause: error,
      });
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.connection.disconnect();
  }
}
