import type { LayerStore } from './layer-store';
import type { ImageEntry } from './image-store';
import { familiarRepository } from './reference';

/** `repo:tag` keys as Docker prints them (`busybox:latest`). */
export function familiarTags(keys: string[]): string[] {
  return keys.map((key) => {
    const colon = key.lastIndexOf(':');
    return `${familiarRepository(key.slice(0, colon))}${key.slice(colon)}`;
  });
}

/** `repository@sha256:…` keys as Docker prints them (`127.0.0.1:5000/app@sha256:…`). */
export function familiarDigests(keys: string[]): string[] {
  return keys.map((key) => {
    const at = key.indexOf('@');
    return `${familiarRepository(key.slice(0, at))}${key.slice(at)}`;
  });
}

function createdSeconds(image: ImageEntry): number {
  return Math.floor(Date.parse(image.config.created ?? image.storedAt) / 1000);
}

/** Docker's ImageSummary (`GET /images/json`). */
export function imageSummary(
  image: ImageEntry,
  tags: string[],
  containers: number,
  digests: string[] = [],
) {
  return {
    Id: image.id,
    ParentId: image.parent,
    RepoTags: familiarTags(tags),
    RepoDigests: familiarDigests(digests),
    Created: createdSeconds(image),
    Size: image.size,
    SharedSize: -1,
    Labels: image.config.config?.Labels ?? {},
    Containers: containers,
  };
}

/** Docker's ImageInspect (`GET /images/{name}/json`). */
export function imageInspect(
  image: ImageEntry,
  tags: string[],
  layers: LayerStore,
  digests: string[] = [],
) {
  const dirs = [...image.chainIds].reverse().map((id) => layers.diffDir(id));
  return {
    Id: image.id,
    RepoTags: familiarTags(tags),
    RepoDigests: familiarDigests(digests),
    Parent: image.parent,
    Comment: image.config.comment ?? '',
    Created: image.config.created ?? image.storedAt,
    DockerVersion: '',
    Author: image.config.author ?? '',
    Config: {
      Env: null,
      Cmd: null,
      Entrypoint: null,
      WorkingDir: '',
      Labels: null,
      ...image.config.config,
    },
    Architecture: image.config.architecture,
    Os: image.config.os,
    Size: image.size,
    GraphDriver: {
      Name: 'overlay2',
      Data: { LowerDir: dirs.slice(1).join(':'), UpperDir: dirs[0] ?? '' },
    },
    RootFS: { Type: 'layers', Layers: image.config.rootfs.diff_ids },
    Metadata: { LastTagTime: image.storedAt },
  };
}

/** Docker's history: newest step first; layer-less steps have size 0 and `<missing>` ids. */
export function imageHistory(image: ImageEntry, tags: string[], layerSizes: number[]) {
  const history = image.config.history?.length
    ? image.config.history
    : [{ created: image.config.created, created_by: '', comment: image.config.comment }];
  let layer = 0;
  const rows = history.map((step) => {
    const size = step.empty_layer ? 0 : (layerSizes[layer++] ?? 0);
    return {
      Id: '<missing>',
      Created: Math.floor(Date.parse(step.created ?? image.storedAt) / 1000),
      CreatedBy: step.created_by ?? '',
      Tags: null as string[] | null,
      Size: size,
      Comment: step.comment ?? '',
    };
  });
  const newest = rows[rows.length - 1];
  if (newest) {
    newest.Id = image.id;
    newest.Tags = tags.length ? familiarTags(tags) : null;
  }
  return rows.reverse();
}
