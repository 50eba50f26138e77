import { Injectable } from '@nestjs/common';
import {
  type HostJobResult,
  type Job,
  type JobPayload,
  type JobState,
  type SessionUser,
} from '@wharf/contracts';
import { AppError } from '@wharf/errors';
import { PinoLogger } from 'nestjs-pino';

import { FleetEvents } from '../realtime/fleet-events';
import { OperationRelay } from '../realtime/operation-relay';
import { FleetJobQueue, type FleetJob, type FleetJobProgress } from './fleet-job-queue';
import { runHostStep } from './host-step';
import { JobsRepository } from './jobs.repository';

const ATTEMPTS = 10;
const BACKOFF_MS = 1000;
const BACKOFF_MAX_MS = 5000;
const DONE = new Set(['succeeded', 'failed', 'cancelled']);

function requireAdmin(actor: SessionUser): void {
  if (!actor.isAdmin)
    throw new AppError('PermissionDenied', 'ADMIN_ONLY', 'only administrators can run fleet jobs');
}

/** Multi-host jobs: one BullMQ job per request, one result per host, resumable from its progress. */
@Injectable()
export class JobsService {
  constructor(
    private readonly queue: FleetJobQueue,
    private readonly relay: OperationRelay,
    private readonly repo: JobsRepository,
    private readonly events: FleetEvents,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(JobsService.name);
    queue.process((job) => this.process(job));
  }

  async create(actor: SessionUser, payload: JobPayload): Promise<Job> {
    requireAdmin(actor);
    const requested =
      payload.kind === 'container.run' && payload.group !== undefined
        ? [...payload.hostIds, ...(await this.repo.idsInGroup(payload.group))]
        : payload.hostIds;
    const hostIds = [...new Set(requested)];
    if (hostIds.length === 0)
      throw new AppError('InvalidArgument', 'NO_HOSTS', 'the job targets no hosts');
    const known = await this.repo.existingHosts(hostIds);
    const unknown = hostIds.filter((id) => !known.has(id));
    if (unknown.length > 0)
      throw new AppError('NotFound', 'HOST_NOT_FOUND', `no such host: ${unknown.join(', ')}`);
    const job = await this.queue.queue.add(payload.kind, {
      payload,
      hostIds,
      createdBy: actor.username,
      createdById: actor.id,
      createdAt: new Date().toISOString(),
    });
    this.logger.info(
      { jobId: job.id, kind: payload.kind, hosts: hostIds.length, by: actor.username },
      'audit: job created',
    );
    return this.view(job);
  }

  async list(actor: SessionUser): Promise<Job[]> {
    requireAdmin(actor);
    const jobs = await this.queue.queue.getJobs(
      ['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized'],
      0,
      199,
    );
    const views = await Promise.all(jobs.filter((j) => j !== undefined).map((j) => this.view(j)));
    return views.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async get(actor: SessionUser, id: string): Promise<Job> {
    requireAdmin(actor);
    const job = await this.queue.queue.getJob(id);
    if (job === undefined) throw new AppError('NotFound', 'JOB_NOT_FOUND', 'no such job');
    return this.view(job);
  }

  async cancel(actor: SessionUser, id: string): Promise<Job> {
    const job = await this.get(actor, id);
    if (job.state === 'completed' || job.state === 'failed' || job.state === 'cancelled')
      throw new AppError('FailedPrecondition', 'JOB_FINISHED', 'the job has already finished');
    await this.queue.markCancelled(id);
    this.logger.info({ jobId: id, by: actor.username }, 'audit: job cancelled');
    return { ...job, state: 'cancelled' };
  }

  private async view(job: FleetJob): Promise<Job> {
    const state = await job.getState();
    const progress = (typeof job.progress === 'object' ? job.progress : undefined) as
      FleetJobProgress | undefined;
    const hosts =
      progress?.hosts ??
      job.data.hostIds.map((hostId) => ({
        hostId,
        state: 'pending' as const,
        attempts: 0,
        message: null,
      }));
    const cancelled = await this.queue.isCancelled(job.id ?? '');
    return {
      id: job.id ?? '',
      kind: job.data.payload.kind,
      state: jobState(state, hosts, cancelled),
      createdAt: job.data.createdAt,
      createdBy: job.data.createdBy,
      hosts,
    };
  }

  /** The processor: runs each host not yet finished, records every result as it happens. */
  private async process(job: FleetJob): Promise<FleetJobProgress> {
    const progress: FleetJobProgress =
      typeof job.progress === 'object' && Array.isArray((job.progress as FleetJobProgress).hosts)
        ? (job.progress as FleetJobProgress)
        : {
            hosts: job.data.hostIds.map((hostId) => ({
              hostId,
              state: 'pending',
              attempts: 0,
              message: null,
            })),
          };
    for (const result of progress.hosts) {
      if (DONE.has(result.state)) continue;
      await this.runHost(job, progress, result);
    }
    return progress;
  }

  private async runHost(
    job: FleetJob,
    progress: FleetJobProgress,
    result: HostJobResult,
  ): Promise<void> {
    const name = await this.repo.hostName(result.hostId);
    while (!DONE.has(result.state)) {
      if (await this.queue.isCancelled(job.id ?? '')) {
        Object.assign(result, { state: 'cancelled', message: 'cancelled' });
      } else {
        result.state = 'running';
        result.attempts += 1;
        await this.publish(job, progress);
        try {
          const relay = (request: Parameters<OperationRelay['request']>[2]) =>
            this.relay.request(result.hostId, name, request);
          Object.assign(result, {
            state: 'succeeded',
            message: await runHostStep(job.id ?? '', job.data.payload, relay),
          });
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          if (result.attempts >= ATTEMPTS) Object.assign(result, { state: 'failed', message });
          else {
            Object.assign(result, { state: 'pending', message });
            await this.publish(job, progress);
            await new Promise((resolve) =>
              setTimeout(
                resolve,
                Math.min(BACKOFF_MAX_MS, BACKOFF_MS * 2 ** (result.attempts - 1)),
              ),
            );
          }
        }
      }
    }
    await this.publish(job, progress);
  }

  private async publish(job: FleetJob, progress: FleetJobProgress): Promise<void> {
    await job.updateProgress(progress);
    this.events.emit('job', { ...(await this.view(job)), createdById: job.data.createdById });
  }
}

function jobState(state: string, hosts: HostJobResult[], cancelled: boolean): JobState {
  if (state === 'completed') {
    if (hosts.some((h) => h.state === 'failed')) return 'failed';
    return hosts.some((h) => h.state === 'cancelled') ? 'cancelled' : 'completed';
  }
  if (state === 'failed') return 'failed';
  if (cancelled) return 'cancelled';
  return state === 'active' ? 'running' : 'queued';
}
