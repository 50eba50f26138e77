import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { JobPayloadsSchema, JobSchema, type Job, type JobPayload } from '@wharf/contracts';
import { ZodValidationPipe } from 'nestjs-zod';
import { z } from 'zod';

import { RequirePermission } from '../access/access.decorators';
import { principalOf, type PrincipalRequest } from '../access/principal-request';
import { actionContext } from '../audit/audit-context';
import { Responds } from '../openapi/responds.decorators';
import { JobsService } from './jobs.service';

@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @RequirePermission('job:run')
  @Post()
  @HttpCode(201)
  @Responds(JobSchema)
  create(
    @Req() req: PrincipalRequest,
    @Body(new ZodValidationPipe(JobPayloadsSchema)) body: JobPayload,
  ): Promise<Job> {
    return this.jobs.create(actionContext(req), body);
  }

  @RequirePermission('job:read')
  @Get()
  @Responds(z.array(JobSchema))
  list(@Req() req: PrincipalRequest): Promise<Job[]> {
    return this.jobs.list(principalOf(req));
  }

  @RequirePermission('job:read')
  @Get(':id')
  @Responds(JobSchema)
  get(@Req() req: PrincipalRequest, @Param('id') id: string): Promise<Job> {
    return this.jobs.get(principalOf(req), id);
  }

  @RequirePermission('job:run')
  @Post(':id/cancel')
  @HttpCode(200)
  @Responds(JobSchema)
  cancel(@Req() req: PrincipalRequest, @Param('id') id: string): Promise<Job> {
    return this.jobs.cancel(actionContext(req), id);
  }
}
