export { engineEvent, EngineEventBus, type EngineEvent } from './events/event-bus';
export type { ApiRequest, ApiResponse, HttpMethod, Route, RouteHandler } from './http/api-types';
export { API_VERSION, ENGINE_VERSION, MIN_API_VERSION } from './http/api-version';
export { DockerApiServer } from './http/api-server';
export { boolParam, filtersParam, intParam } from './http/query';
export { parseTimestampNanos } from './http/timestamps';
export {
  commitRoutes,
  containerFileRoutes,
  containerRoutes,
  containerStreamRoutes,
  imageRoutes,
  networkRoutes,
  registryRoutes,
  systemRoutes,
  volumeRoutes,
  type SystemInfoSource,
} from './routes';
export { drained, writeJsonLine } from './streams/json-lines';
export { encodeFrame, FrameDecoder, type StdStream } from './streams/stdcopy';
export { untilClosed } from './streams/until-closed';
