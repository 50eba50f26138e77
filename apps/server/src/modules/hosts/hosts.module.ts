import { Module } from '@nestjs/common';

import { AuthModule } from '../auth/auth.module';
import { AgentGateway } from './agent.gateway';
import { HostEvents } from './host-events';
import { AgentJoinController, HostsController } from './hosts.controller';
import { HostsRepository } from './hosts.repository';
import { HostsService } from './hosts.service';
import { JoinTokensRepository } from './join-tokens.repository';
import { UiGateway } from './ui.gateway';

@Module({
  imports: [AuthModule],
  controllers: [HostsController, AgentJoinController],
  providers: [
    HostsService,
    HostsRepository,
    JoinTokensRepository,
    HostEvents,
    AgentGateway,
    UiGateway,
  ],
  exports: [AgentGateway, UiGateway],
})
export class HostsModule {}
