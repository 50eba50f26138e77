export { apiFetch, ApiRequestError } from './api-client';
export { connectUiSocket, type UiSocket } from './ui-socket';
