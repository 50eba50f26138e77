/**
 * The route table. Each engine area exports `xxxRoutes(service...): Route[]` from its own file here;
 * the daemon composition (apps/agent/src/engine/engine-routes.ts) concatenates them. Add your area's
 * factory below and one line in that composition.
 */
export { commitRoutes } from './commit.routes';
export { containerFileRoutes } from './container-files.routes';
export { containerStreamRoutes } from './container-streams.routes';
export { containerRoutes } from './containers.routes';
export { imageRoutes } from './images.routes';
export { registryRoutes } from './registry.routes';
export { systemRoutes, type SystemInfoSource } from './system.routes';
export { volumeRoutes } from './volumes.routes';
export { networkRoutes, type NetworkContainers } from './networks.routes';
