import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { type HostJobResult, type JobPayload } from '@wharf/contracts';
import { type Job as BullJob, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { PinoLogger } from 'nestjs-pino';

import { type ServerConfig } from '../core/server-config';
import { SERVER_CONFIG } from '../core/tokens';
import { redisOptionsFromUrl } from '../queue/redis-connection';

export const FLEET_QUEUE = 'fleet-jobs';

/** What a fleet job stores in Redis; per-host results live in its progress, so a restart resumes. */
export interface FleetJobData {
  payload: JobPayload;
  hostIds: string[];
  createdBy: string;
  createdById: string;
  createdAt: string;
}

export interface FleetJobProgress {
  hosts: HostJobResult[];
}

export type FleetJob = BullJob<FleetJobData, FleetJobProgress, string>;
export type FleetJobProcessor = (job: FleetJob) => Promise<FleetJobProgress>;

/**
 * The BullMQ queue and worker of multi-host jobs. Locks are short, so a job whose server died
 * mid-way is taken over by the next worker (after restart, or another replica) within seconds.
 */
@Injectable()
export class FleetJobQueue implements OnApplicationBootstrap, OnModuleDestroy {
  readonly queue: Queue<FleetJobData, FleetJobProgress, string>;
  private worker: Worker<FleetJobData, FleetJobProgress, string> | undefined;
  private readonly connection: Redis;
  private processor: FleetJobProcessor | undefined;

  constructor(
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(FleetJobQueue.name);
    this.connection = new Redis({ ...redisOptionsFromUrl(config.redisUrl), lazyConnect: false });
    this.connection.on('error', (error) =>
      logger.warn({ err: error.message }, 'redis (jobs) error'),
    );
    this.queue = new Queue(FLEET_QUEUE, {
      connection: this.connection,
      prefix: config.redisPrefix,
    });
  }

  /** The jobs service registers the processor; the worker starts once the app is up. */
  process(processor: FleetJobProcessor): void {
    this.processor = processor;
  }

  onApplicationBootstrap(): void {
    if (this.processor === undefined) return;
    this.worker = new Worker(FLEET_QUEUE, this.processor, {
      connection: new Redis(redisOptionsFromUrl(this.config.redisUrl)),
      prefix: this.config.redisPrefix,
      concurrency: 4,
      lockDuration: 10_000,
      stalledInterval: 5_000,
      maxStalledCount: 100,
    });
    this.worker.on('error', (error) =>
      this.logger.warn({ err: error.message }, 'job worker error'),
    );
  }

  /** Key a cancellation is recorded under (checked by the processor between hosts and retries). */
  cancelKey(jobId: string): string {
    // Under the installation's prefix: job ids restart at 1 in every installation's queue.
    return `${this.config.redisPrefix}:fleet-job-cancel:${jobId}`;
  }

  async markCancelled(jobId: string): Promise<void> {
    await this.connection.set(this.cancelKey(jobId), '1', 'EX', 7 * 86400);
  }

  async isCancelled(jobId: string): Promise<boolean> {
    return (await this.connection.exists(this.cancelKey(jobId))) === 1;
  }

  async onModuleDestroy(): Promise<void> {
    // Not waiting for active jobs: their locks lapse and the next worker resumes them from their progress.
    await this.worker?.close(true);
    await this.queue.close();
    this.connection.disconnect();
  }
}
