import { Module } from '@nestjs/common';

import { AuthModule } from '../auth/auth.module';
import { JobsModule } from '../jobs/jobs.module';
import { OperationsModule } from '../operations/operations.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { AgentGateway } from './agent.gateway';
import { HostEvents } from './host-events';
import { HostStateRepository } from './host-state.repository';
import { HostSyncService } from './host-sync.service';
import { AgentJoinController, HostsController } from './hosts.controller';
import { HostsRepository } from './hosts.repository';
import { HostsService } from './hosts.service';
import { InventoryController } from './inventory.controller';
import { InventoryService } from './inventory.service';
import { JoinTokensRepository } from './join-tokens.repository';
import { UiGateway } from './ui.gateway';

/**
 * The fleet: hosts and their state. It also pulls in the remote-operation and job modules, so
 * app.module lists one fleet entry point.
 */
@Module({
  imports: [AuthModule, RealtimeModule, OperationsModule, JobsModule],
  controllers: [HostsController, AgentJoinController, InventoryController],
  providers: [
    HostsService,
    HostsRepository,
    JoinTokensRepository,
    HostStateRepository,
    HostSyncService,
    InventoryService,
    HostEvents,
    AgentGateway,
    UiGateway,
  ],
  exports: [AgentGateway, UiGateway, HostsRepository],
})
export class HostsModule {}
