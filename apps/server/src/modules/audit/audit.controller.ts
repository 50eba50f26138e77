import { Controller, Get, Query, Res } from '@nestjs/common';
import {
  AuditEventSchema,
  AuditPageSchema,
  AuditQuerySchema,
  AuditVerifySchema,
  type AuditPage,
  type AuditVerify,
} from '@wharf/contracts';
import { type Response } from 'express';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

import { RequirePermission } from '../access/access.decorators';
import { Responds, RespondsDownload } from '../openapi/responds.decorators';
import { auditCsv } from './audit-csv';
import { AuditService } from './audit.service';

class AuditQueryDto extends createZodDto(AuditQuerySchema) {}

/** Rows an export returns at most (newest first); narrow the filters for older ranges. */
const EXPORT_LIMIT = 1000;

@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @RequirePermission('audit:read')
  @Responds(AuditPageSchema)
  list(@Query() query: AuditQueryDto): Promise<AuditPage> {
    return this.audit.list(query);
  }

  /** The filtered log as a download: `format=csv` or `format=json` (default). */
  @Get('export')
  @RequirePermission('audit:read')
  @RespondsDownload({
    'application/json': z.array(AuditEventSchema),
    'text/csv': z.string(),
  })
  async export(@Query() query: AuditQueryDto, @Res() res: Response): Promise<void> {
    const page = await this.audit.list({ ...query, limit: Math.min(query.limit, EXPORT_LIMIT) });
    const csv = query.format === 'csv';
    res
      .status(200)
      .type(csv ? 'text/csv' : 'application/json')
      .attachment(csv ? 'audit.csv' : 'audit.json')
      .send(csv ? auditCsv(page.items) : JSON.stringify(page.items));
  }

  @Get('verify')
  @RequirePermission('audit:read')
  @Responds(AuditVerifySchema)
  verify(): Promise<AuditVerify> {
    return this.audit.verify();
  }
}
