export { apiFetch, ApiRequestError } from './api-client';
export { useLiveHosts, type LiveHosts } from './live-hosts';
export { logout, useSession } from './session';
export { connectUiSocket, type UiSocket } from './ui-socket';
export { UiSocketProvider, useUiSocket, type LiveConnection } from './ui-socket-context';
export { useAccess, type Access } from './access';
export {
  applyChange,
  inventoryKey,
  useLiveInventory,
  type InventoryKind,
  type LiveInventory,
} from './live-inventory';
export {
  type ContainerInspect,
  type ContainerTop,
  containerName,
} from './docker/container-inspect';
export {
  cpuPercent,
  memoryUsed,
  toSample,
  type DockerStats,
  type StatsSample,
} from './docker/container-stats';
export { dockerApi, errorMessage, openDockerStream } from './docker/docker-relay';
export { LogDecoder } from './docker/log-decoder';
export { cookKeys, type CookedStep } from './docker/line-discipline';
export { decodeLogFrames, type LogLine, type LogStreamKind } from './docker/log-frames';
export { useContainer, type LiveContainer } from './docker/use-container';
export { MAX_LOG_LINES, useContainerLogs, type ContainerLogs } from './docker/use-container-logs';
export { STATS_WINDOW, useContainerStats } from './docker/use-container-stats';
export {
  useConsoleSession,
  type ConsoleRequest,
  type ConsoleSession,
  type ConsoleSink,
  type ConsoleState,
} from './docker/use-console-session';
