import { Module } from '@nestjs/common';

import { AuthModule } from '../auth/auth.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { FleetJobQueue } from './fleet-job-queue';
import { JobsController } from './jobs.controller';
import { JobsRepository } from './jobs.repository';
import { JobsService } from './jobs.service';

@Module({
  imports: [AuthModule, RealtimeModule],
  controllers: [JobsController],
  providers: [FleetJobQueue, JobsService, JobsRepository],
  exports: [JobsService],
})
export class JobsModule {}
