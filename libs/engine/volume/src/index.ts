export { VOLUME_FILTER_KEYS, volumeMatches } from './volume-filters';
export { VolumeService, type CreateVolumeOptions, type Volume } from './volume-service';
