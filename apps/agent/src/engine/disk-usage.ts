import type { DockerContainerService } from '@wharf/engine-container';
import { imageSummary, type ImageService } from '@wharf/engine-image';
import type { VolumeService } from '@wharf/engine-volume';

/** `GET /system/df`: images with their container counts, containers with sizes, volumes with usage. */
export async function diskUsage(
  images: ImageService,
  containers: DockerContainerService,
  volumes: VolumeService,
): Promise<Record<string, unknown>> {
  const all = images.store.all();
  const imageRows = await Promise.all(
    all.map(async (image) =>
      imageSummary(image, images.store.tagsOf(image.id), (await images.usersOf(image.id)).length),
    ),
  );
  const volumeRows = await Promise.all(
    volumes.list().map(async ({ anonymous: _anonymous, ...volume }) => ({
      ...volume,
      UsageData: {
        Size: await volumes.sizeOf(volume.Name),
        RefCount: containers.volumeUsers(volume.Name).length,
      },
    })),
  );
  return {
    LayersSize: all.reduce((sum, image) => sum + image.size, 0),
    Images: imageRows,
    Containers: await containers.list({ all: true, size: true }),
    Volumes: volumeRows,
    BuildCache: [],
  };
}
