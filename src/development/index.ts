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
export {
  type ExplainShareChangesOptions,
  explainShareChanges,
  largestChangers,
  type MunicipalityShareExplanation,
  type ShareChangeAllocationOptions,
  type ShareChangeExplanation,
  type ShareChangeExplanationViews,
  type ShareChangePart,
  type ShareChangePartKind,
  type ShareChangeTidyRow,
  type ShareChangeYear,
  type SizeClassShareExplanation,
} from './share-changes.js';
export {
  type FeatureGroup,
  MAX_SHAPLEY_GROUPS,
  OTHER_TERMS_GROUP,
  SYNTHETIC_FEATURE_GROUPS,
} from './share-changes-groups.js';
