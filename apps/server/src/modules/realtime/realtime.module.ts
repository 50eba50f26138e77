import { Module } from '@nestjs/common';

import { AgentConnections } from './agent-connections';
import { ClusterBus } from './cluster-bus';
import { FleetEvents } from './fleet-events';
import { OperationRelay } from './operation-relay';

@Module({
  providers: [AgentConnections, FleetEvents, OperationRelay, ClusterBus],
  exports: [AgentConnections, FleetEvents, OperationRelay, ClusterBus],
})
export class RealtimeModule {}
