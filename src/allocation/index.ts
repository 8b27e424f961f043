// The library's error classes, so every subpath can catch what it throws.
export * from '../errors.js';
export {
  type AggregateToClassificationOptions,
  aggregateToClassification,
  type ClassificationAggregate,
} from './aggregate-to-classification.js';
export {
  type AllocationTotals,
  allocateBudget,
  type BudgetAllocation,
  type MunicipalityAllocation,
} from './allocate-budget.js';
export {
  allocationBySizeClass,
  type SizeClassAllocation,
  summarizeAllocation,
} from './allocation-by-size-class.js';
export { type ApportionCentsOptions, apportionCents } from './apportion-cents.js';
export type {
  AllocateBudgetInput,
  AllocateBudgetOptions,
  MunicipalityBudgetInput,
  ResolvedAllocateBudgetOptions,
} from './budget-input.js';
export {
  type BudgetShareChange,
  type BudgetShareChangeInput,
  type BudgetShareChangeOptions,
  budgetShareChange,
  type MunicipalityShareChange,
} from './budget-share-change.js';
export {
  type BudgetSpendingDeviation,
  type BudgetSpendingDeviationInput,
  type BudgetSpendingDeviationOptions,
  budgetSpendingDeviation,
  type MunicipalityDeviation,
} from './budget-spending-deviation.js';
export {
  type DeviationPersistence,
  type DeviationPersistenceInput,
  deviationPersistence,
} from './deviation-persistence.js';
export { MunicipalityError } from './errors.js';
export {
  type EvaluationStatistics,
  evaluationBySizeClass,
  type SizeClassEvaluation,
  summarizeEvaluation,
} from './evaluation-by-size-class.js';
export type {
  EvaluationGrouping,
  EvaluationOptions,
  LinearFit,
  SizeClassStatistic,
} from './group-statistics.js';
export {
  type HistoricalSharesInput,
  type HistoricalSharesOptions,
  historicalShares,
  type InhabitantsCorrection,
} from './historical-shares.js';
export {
  type CodeMapping,
  type MunicipalClassification,
  type MunicipalClassificationOptions,
  mapMunicipalityCode,
  municipalClassification,
  type Successor,
} from './municipal-classification.js';
export type { MunicipalityValues } from './municipality-values.js';
export { municipalityValuesOf } from './municipality-values-of.js';
export {
  DEFAULT_OBJECTIVE_WEIGHT_BOUNDS,
  type ObjectiveWeightOptions,
  objectiveWeight,
} from './objective-weight.js';
export {
  ownRisk,
  resolveSafetyNetThresholds,
  SAFETY_NET_THRESHOLDS_2021,
  type SafetyNetThresholds,
  safetyNetCompensation,
} from './own-risk.js';
export { type SafetyNetInput, type SafetyNetOptions, type SafetyNetResult, safetyNet } from './safety-net.js';
export {
  DEFAULT_SIZE_CLASSES,
  resolveSizeClasses,
  type SizeClasses,
  type SizeClassOptions,
  sizeClassIndex,
} from './size-classes.js';
export {
  type RSquared,
  type SpendingFit,
  type SpendingFitOptions,
  type SpendingFitRow,
  spendingFit,
} from './spending-fit.js';
