export type { ContainerConfigDefaults, ImageConfigFile, ImageRecord, ImageRootfsSource } from './image-record';
