import { Injectable } from '@nestjs/common';
import {
  type HostJobResult,
  type Job,
  type JobPayload,
  type JobState,
  type Permission,
  type Principal,
} from '@wharf/contracts';
import { AppError } from '@wharf/errors';
import { PinoLogger } from 'nestjs-pino';

import { AccessService, denied } from '../access/access.service';
import { type ActionContext } from '../audit/audit-context';
import { AuditService } from '../audit/audit.service';
import { FleetEvents } from '../realtime/fleet-events';
import { OperationRelay } from '../realtime/operation-relay';
import { FleetJobQueue, type FleetJob, type FleetJobProgress } from './fleet-job-queue';
import { runHostStep } from './host-step';
import { JobsRepository } from './jobs.repository';

const ATTEMPTS = 10;
const BACKOFF_MS = 1000;
const BACKOFF_MAX_MS = 5000;
const DONE = new Set(['succeeded', 'failed', 'cancelled']);

/** What each job kind does on every target host, besides `job:run`. */
const KIND_PERMISSION: Record<JobPayload['kind'], Permission> = {
  'image.pull': 'image:pull',
  'system.prune': 'system:prune',
  'container.run': 'container:create',
};

function jobNotFound(): never {
  throw new AppError('NotFound', 'JOB_NOT_FOUND', 'no such job');
}

/** Multi-host jobs: one BullMQ job per request, one result per host, resumable from its progress. */
@Injectable()
export class JobsService {
  constructor(
    private readonly queue: FleetJobQueue,
    private readonly relay: OperationRelay,
    private readonly repo: JobsRepository,
    private readonly events: FleetEvents,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(JobsService.name);
    queue.process((job) => this.process(job));
  }

  /** Needs `job:run` and the job kind's own permission on every target host. */
  async create(ctx: ActionContext, payload: JobPayload): Promise<Job> {
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
    for (const hostId of hostIds)
      for (const permission of ['job:run', KIND_PERMISSION[payload.kind]] as const)
        await this.access.require(ctx.principal, permission, { hostId });
    const job = await this.queue.queue.add(payload.kind, {
      payload,
      hostIds,
      createdBy: ctx.principal.username,
      createdById: ctx.principal.userId,
      createdAt: new Date().toISOString(),
    });
    await this.audit.recordAction(ctx, 'job.create', { type: 'job', id: job.id ?? '' }, 'success', {
      kind: payload.kind,
      hostIds,
    });
    return this.view(job);
  }

  /** Jobs the caller started, and jobs whose every host they may see jobs on. */
  async list(principal: Principal): Promise<Job[]> {
    const jobs = await this.queue.queue.getJobs(
      ['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized'],
      0,
      199,
    );
    const visible: FleetJob[] = [];
    for (const job of jobs)
      if (job !== undefined && (await this.may(principal, 'job:read', job))) visible.push(job);
    const views = await Promise.all(visible.map((j) => this.view(j)));
    return views.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** A job the caller may not see is as missing as an unknown one (404, nothing leaked). */
  async get(principal: Principal, id: string): Promise<Job> {
    const job = (await this.queue.queue.getJob(id)) ?? jobNotFound();
    if (!(await this.may(principal, 'job:read', job))) jobNotFound();
    return this.view(job);
  }

  async cancel(ctx: ActionContext, id: string): Promise<Job> {
    const found = (await this.queue.queue.getJob(id)) ?? jobNotFound();
    if (!(await this.may(ctx.principal, 'job:read', found))) jobNotFound();
    if (!(await this.may(ctx.principal, 'job:run', found))) throw denied('job:run');
    const job = await this.view(found);
    if (job.state === 'completed' || job.state === 'failed' || job.state === 'cancelled')
      throw new AppError('FailedPrecondition', 'JOB_FINISHED', 'the job has already finished');
    await this.queue.markCancelled(id);
    await this.audit.recordAction(ctx, 'job.cancel', { type: 'job', id });
    return { ...job, state: 'cancelled' };
  }

  private async may(principal: Principal, permission: Permission, job: FleetJob): Promise<boolean> {
    if (job.data.createdById === principal.userId && permission === 'job:read') return true;
    for (const hostId of job.data.hostIds)
      if (!(await this.access.can(principal, permission, { hostId }))) return false;
    return true;
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
