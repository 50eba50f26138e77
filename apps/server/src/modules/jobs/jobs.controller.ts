import { Body, Controller, Get, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { JobPayloadsSchema, type Job, type SessionUser } from '@wharf/contracts';
import { AppError } from '@wharf/errors';

import { RequirePermission } from '../access/access.decorators';
import { type AuthenticatedRequest, SessionGuard } from '../auth/session.guard';
import { JobsService } from './jobs.service';

function actorOf(req: AuthenticatedRequest): SessionUser {
  if (req.session === undefined)
    throw new AppError('Unauthenticated', 'NOT_LOGGED_IN', 'log in first');
  return req.session.user;
}

@Controller('jobs')
@UseGuards(SessionGuard)
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @RequirePermission('job:run')
  @Post()
  @HttpCode(201)
  create(@Req() req: AuthenticatedRequest, @Body() body: unknown): Promise<Job> {
    const parsed = JobPayloadsSchema.safeParse(body);
    if (!parsed.success)
      throw new AppError(
        'InvalidArgument',
        'INVALID_JOB',
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    return this.jobs.create(actorOf(req), parsed.data);
  }

  @RequirePermission('job:read')
  @Get()
  list(@Req() req: AuthenticatedRequest): Promise<Job[]> {
    return this.jobs.list(actorOf(req));
  }

  @RequirePermission('job:read')
  @Get(':id')
  get(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<Job> {
    return this.jobs.get(actorOf(req), id);
  }

  @RequirePermission('job:run')
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<Job> {
    return this.jobs.cancel(actorOf(req), id);
  }
}
