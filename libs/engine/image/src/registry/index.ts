/** The registry client (Docker registry HTTP API v2): pull, push and login. */
export { pullImage, type PullRequest } from './image-puller';
export { pushImage, type PushRequest } from './image-pusher';
export { hostPlatform, parsePlatform, selectPlatformManifest } from './platform';
export { errorMessage, type ProgressMessage, type ProgressSink } from './progress-format';
export {
  credentialsFrom,
  decodeRegistryAuth,
  type RegistryCredentials,
} from './registry-credentials';
export { loginToRegistry, type LoginResult } from './registry-login';
export type { RegistrySettings } from './registry-settings';
