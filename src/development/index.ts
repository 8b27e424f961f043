/**
 * Model development: assessing candidate features (the assessment framework, "afwegingskader"),
 * explaining each year's budget-share changes, and constructing the municipal features of
 * seed 001 Annex C.
 *
 * @packageDocumentation
 */
// The library's error classes, so every subpath can catch what it throws.
export * from '../errors.js';
export {
  type AssessedModel,
  type CompareModelsOptions,
  compareModels,
  type HouseholdFit,
  type LikelihoodRatioTest,
  type ModelComparison,
  type MunicipalityFit,
} from './compare-models.js';
export {
  type MergedLevel,
  type MergeSparseLevels,
  type MergeSparseLevelsOptions,
  type MergeStep,
  mergeSparseLevels,
} from './merge-sparse-levels.js';
