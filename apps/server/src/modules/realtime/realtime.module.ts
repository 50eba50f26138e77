import { Module } from '@nestjs/common';

import { AgentConnections } from './agent-connections';
import { ClusterBus } from './cluster-bus';
import { ConsoleRelay } from './console-relay';
import { FleetEvents } from './fleet-events';
import { OperationRelay } from './operation-relay';

@Module({
  providers: [AgentConnections, FleetEvents, OperationRelay, ClusterBus, ConsoleRelay],
  exports: [AgentConnections, FleetEvents, OperationRelay, ClusterBus, ConsoleRelay],
})
export class RealtimeModule {}
