export {
  fitVolumeModel,
  type MunicipalityRecipients,
  type VolumeModel,
  type VolumeModelOptions,
} from './fit-volume-model.js';
