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
