export {
  AgentJoinRequestSchema,
  AgentJoinResponseSchema,
  JOIN_TOKEN_PATTERN,
  type AgentJoinRequest,
  type AgentJoinResponse,
} from './agent-link/join.schema';
export { formatJoinToken, parseJoinToken, type ParsedJoinToken } from './agent-link/join-token';
export {
  AGENT_NAMESPACE,
  AgentHelloSchema,
  CertificateRenewalSchema,
  type AgentHello,
  type AgentToServerEvents,
  type ServerToAgentEvents,
} from './agent-link/link-events';
export {
  EngineContainerSchema,
  EngineImageSchema,
  EngineNetworkSchema,
  EngineVolumeSchema,
  ObjectKindSchema,
  StateEventBatchSchema,
  StateEventSchema,
  StateSnapshotSchema,
  StatsSampleSchema,
  type EngineContainer,
  type EngineImage,
  type EngineNetwork,
  type EngineVolume,
  type ObjectKind,
  type StateEvent,
  type StateEventBatch,
  type StateSnapshot,
  type StatsSample,
  type SyncPosition,
} from './agent-link/sync.schema';
export {
  CSRF_COOKIE,
  CSRF_HEADER,
  LoginRequestSchema,
  PasswordSchema,
  SESSION_COOKIE,
  SessionUserSchema,
  SetupAdminRequestSchema,
  SetupStatusSchema,
  type LoginRequest,
  type SessionUser,
  type SetupAdminRequest,
  type SetupStatus,
} from './auth/auth.schema';
export { API_PREFIX, ApiErrorSchema, type ApiError } from './common/api-error.schema';
export { HostFactsSchema, type HostFacts } from './hosts/host-facts.schema';
export {
  CreateJoinTokenRequestSchema,
  HostSchema,
  HostStatusSchema,
  JoinTokenSchema,
  type CreateJoinTokenRequest,
  type Host,
  type HostStatus,
  type JoinToken,
} from './hosts/host.schema';
export {
  HostDetailSchema,
  InventoryItemSchema,
  InventoryPageSchema,
  InventoryQuerySchema,
  UpdateHostRequestSchema,
  type HostDetail,
  type InventoryItem,
  type InventoryPage,
  type InventoryQuery,
  type UpdateHostRequest,
} from './hosts/inventory.schema';
export {
  UI_NAMESPACE,
  type InventoryChange,
  type ServerToUiEvents,
  type UiToServerEvents,
} from './hosts/ui-events';
export {
  HostJobResultSchema,
  HostJobStateSchema,
  JobPayloadsSchema,
  JobSchema,
  JobStateSchema,
  type HostJobResult,
  type HostJobState,
  type Job,
  type JobKind,
  type JobPayload,
  type JobState,
} from './jobs/job.schema';
export {
  OPERATION_PERMISSIONS,
  OperationChunkSchema,
  OperationEndSchema,
  OperationRequestSchema,
  OperationResponseSchema,
  type OperationChunk,
  type OperationEnd,
  type OperationPermission,
  type OperationRequest,
  type OperationResponse,
} from './operations/operation.schema';
