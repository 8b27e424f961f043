// The library's error classes, so every subpath can catch what it throws.
export * from '../errors.js';
export { HOUSEHOLD_COLUMN_DESCRIPTIONS } from './column-descriptions.js';
export { COUPLE_NORM_BASE, costSharerNorm, NORM_INDEXATION, PANEL_RENEWAL } from './draw-covariates.js';
export { generateHouseholds } from './generate-households.js';
export {
  AGE_COLUMNS,
  FACTOR_COLUMNS,
  type FactorColumnName,
  HHGROUP_LEVELS,
  HHTYPE_LEVELS,
  type HouseholdType,
  INDICATOR_COLUMNS,
  type IndicatorColumn,
  lksTerms,
  MIGRATION_LEVELS,
  type MigrationBackground,
  NON_WESTERN_LEVELS,
  priceReference,
  priceTerms,
  REGIONAL_COLUMNS,
  type RegionalColumn,
  referenceLevels,
  SIZE_CLASS_LEVELS,
  spendingTerms,
  volumeReference,
  volumeTerms,
} from './levels.js';
export { EFFECT_PERSISTENCE } from './municipality-frame.js';
export { recipientColumns } from './recipient-columns.js';
export { type HouseholdSummary, summarizeHouseholds } from './summarize-households.js';
export { type HouseholdColumn, type HouseholdFactor, termLinearPredictor } from './term-linear-predictor.js';
export { TRUE_LKS, TRUE_PRICE, TRUE_VOLUME, type TrueCoefficients } from './truth.js';
export type {
  GeneratedHouseholds,
  GenerateHouseholdsOptions,
  HouseholdNumericColumns,
  HouseholdTruth,
  MunicipalityTable,
  NeighbourhoodTable,
  ResolvedGenerateHouseholdsOptions,
} from './types.js';
