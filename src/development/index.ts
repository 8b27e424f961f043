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
  type AreaJobTypes,
  type AreaWeightedJobs,
  type CycleSensitivityOptions,
  cycleSensitivity,
  type GrowthShrinkOptions,
  growthShrinkSectors,
  type JobTypeCountsOptions,
  jobTypeCounts,
  type SectorCycleSensitivity,
  type SectorGrowthClass,
  type SectorOutflowWeight,
  type SectorOutflowWeightsOptions,
  type SectorPanelOptions,
  type SectorWeightedJobsOptions,
  sectorOutflowWeights,
  sectorWeightedJobs,
} from './features-labour.js';
export {
  type CheapRentalShares,
  type CheapRentalSharesOptions,
  cheapRentalShares,
  type HealthProblemsOptions,
  healthProblems,
  LIBERALISATION_LIMITS,
  type LongTermBijstandOptions,
  type LongTermBijstandShares,
  longTermBijstandShares,
  type MultiProblemOptions,
  type MunicipalityMultiProblem,
  type MunicipalityRkpHealth,
  type MunicipalityUrbanity,
  multiProblemShares,
  type RkpTimesHealthOptions,
  rkpTimesHealth,
  URBANITY_CLASSES,
  type UrbanityClass,
  type UrbanityClassesOptions,
  urbanityClass,
  urbanityClasses,
} from './features-municipal.js';
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
