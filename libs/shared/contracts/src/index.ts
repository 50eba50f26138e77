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
  type AgentHello,
  type AgentToServerEvents,
  type ServerToAgentEvents,
} from './agent-link/link-events';
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
export { UI_NAMESPACE, type ServerToUiEvents, type UiToServerEvents } from './hosts/ui-events';
