// The library's error classes, so every subpath can catch what it throws.
export * from '../errors.js';
export {
  fitVolumeModel,
  type MunicipalityRecipients,
  type OutOfRange,
  type VolumeModel,
  type VolumeModelOptions,
} from './fit-volume-model.js';
