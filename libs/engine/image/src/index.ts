export { ContentStore, type Digest } from './content-store';
export { applyConfigChanges } from './config-changes';
export { loadImages, saveImages } from './image-archive';
export { decompressed } from './decompress';
export { IMAGE_FILTER_KEYS, imageMatches } from './image-filters';
export type {
  ContainerConfigDefaults,
  ImageConfigFile,
  ImageRecord,
  ImageRootfsSource,
} from './image-record';
export { collectGarbage, pruneImages, removeImage, type RemovalItem } from './image-removal';
export {
  GO_ARCH,
  type CommitOptions,
  ImageService,
  type ImageServiceDeps,
  type ImageUser,
  type ImportOptions,
} from './image-service';
export type { ImageEntry, StoredImage } from './image-store';
export { familiarTags, imageHistory, imageInspect, imageSummary } from './image-views';
export { chainIdOf, LayerStore, type LayerInfo } from './layer-store';
export {
  familiarRepository,
  familiarTag,
  parseReference,
  tagKey,
  type ImageReference,
} from './reference';
export {
  extractTarSafely,
  safeComponents,
  type ExtractOptions,
  type WhiteoutHandler,
} from './safe-extract';
export {
  decodeRegistryAuth,
  credentialsFrom,
  errorMessage,
  hostPlatform,
  loginToRegistry,
  parsePlatform,
  pullImage,
  pushImage,
  type ProgressMessage,
  type RegistrySettings,
} from './registry';
