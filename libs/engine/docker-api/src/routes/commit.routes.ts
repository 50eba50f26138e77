import type { DockerContainerService } from '@wharf/engine-container';
import type { ContainerConfigDefaults, ImageService } from '@wharf/engine-image';
import { AppError } from '@wharf/errors';

import type { ApiRequest, ApiResponse, Route } from '../http/api-types';
import { boolParam } from '../http/query';

/** The image-relevant part of a container's config (what `docker commit` keeps). */
function imageConfigOf(config: Record<string, unknown>): ContainerConfigDefaults {
  const keys = [
    'User',
    'Env',
    'Cmd',
    'Entrypoint',
    'WorkingDir',
    'Labels',
    'ExposedPorts',
    'Volumes',
    'StopSignal',
    'Healthcheck',
    'OnBuild',
    'Shell',
  ];
  return Object.fromEntries(keys.filter((k) => config[k] !== undefined).map((k) => [k, config[k]]));
}

async function commit(
  containers: DockerContainerService,
  images: ImageService,
  req: ApiRequest,
  res: ApiResponse,
): Promise<void> {
  const ref = req.query.get('container');
  if (!ref)
    throw new AppError(
      'InvalidArgument',
      'NO_CONTAINER',
      'bad parameter: container cannot be empty',
    );
  let id = '';
  await containers.commitSource(ref, boolParam(req.query, 'pause', true), async (source, layer) => {
    id = await images.commit(layer, {
      baseImageId: source.imageId,
      config: imageConfigOf(source.config),
      createdBy: source.command,
      changes: req.query.getAll('changes').filter(Boolean),
      author: req.query.get('author') ?? undefined,
      comment: req.query.get('comment') ?? undefined,
      repo: req.query.get('repo') || undefined,
      tag: req.query.get('tag') || undefined,
    });
  });
  res.json(201, { Id: id });
}

/** `POST /commit`: a new image from a container's writable layer. */
export function commitRoutes(containers: DockerContainerService, images: ImageService): Route[] {
  return [
    {
      method: 'POST',
      path: '/commit',
      handler: (req, res) => commit(containers, images, req, res),
    },
  ];
}
