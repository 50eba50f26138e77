import { AppError } from '@wharf/errors';
import type { ImageRecord, ImageRootfsSource } from '@wharf/engine-image';
import type { Route } from '@wharf/engine-docker-api';
import type { Logger } from '@wharf/util';

/** What the daemon needs from the image (and volume) store once composed. */
export interface ComposedImages {
  rootfs: ImageRootfsSource;
  routes: Route[];
  imageCount(): Promise<number>;
  diskUsage(): Promise<Record<string, unknown>>;
}

/**
 * Composition point for the image store. Until the store is wired, every reference is unknown,
 * which is Docker's answer for an empty store.
 */
export function composeImages(_engineDir: string, _logger: Logger): Promise<ComposedImages> {
  const rootfs: ImageRootfsSource = {
    resolve: (reference: string): Promise<ImageRecord> =>
      Promise.reject(new AppError('NotFound', 'NO_SUCH_IMAGE', `No such image: ${reference}`)),
    layerDirs: () => Promise.resolve([]),
  };
  return Promise.resolve({
    rootfs,
    routes: [],
    imageCount: () => Promise.resolve(0),
    diskUsage: () => Promise.resolve({ LayersSize: 0, Images: [], Containers: [], Volumes: [], BuildCache: [] }),
  });
}
