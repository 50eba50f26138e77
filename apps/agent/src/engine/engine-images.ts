import { imageRoutes, registryRoutes, type Route } from '@wharf/engine-docker-api';
import { LinuxOverlayWhiteouts, LinuxProcessRunner } from '@wharf/engine-host';
import { ImageService, type ImageUser, type RegistrySettings } from '@wharf/engine-image';
import type { Logger } from '@wharf/util';

/** What the daemon needs from the image store once composed. */
export interface ComposedImages {
  service: ImageService;
  routes: Route[];
  imageCount(): Promise<number>;
}

/**
 * Builds the image store. `usersOf` is late-bound because the container service (which answers it)
 * is built after the image store it depends on.
 */
export async function composeImages(
  engineDir: string,
  logger: Logger,
  usersOf: (imageId: string) => Promise<ImageUser[]>,
  registry: RegistrySettings = { insecureRegistries: [] },
): Promise<ComposedImages> {
  const service = new ImageService({
    engineDir,
    whiteouts: new LinuxOverlayWhiteouts(new LinuxProcessRunner()),
    logger,
    usersOf,
  });
  await service.init();
  return {
    service,
    routes: [...imageRoutes(service, registry), ...registryRoutes(service, registry)],
    imageCount: () => Promise.resolve(service.count()),
  };
}
