import { Module } from '@nestjs/common';

import { AgentConnections } from './agent-connections';
import { FleetEvents } from './fleet-events';
import { OperationRelay } from './operation-relay';

@Module({
  providers: [AgentConnections, FleetEvents, OperationRelay],
  exports: [AgentConnections, FleetEvents, OperationRelay],
})
export class RealtimeModule {}
