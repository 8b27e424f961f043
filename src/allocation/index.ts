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
export { MunicipalityError } from './errors.js';
export {
  type HistoricalSharesInput,
  type HistoricalSharesOptions,
  historicalShares,
  type PopulationCorrection,
} from './historical-shares.js';
export type { MunicipalityValues } from './municipality-values.js';
export {
  DEFAULT_OBJECTIVE_WEIGHT_BOUNDS,
  type ObjectiveWeightOptions,
  objectiveWeight,
} from './objective-weight.js';
export {
  DEFAULT_SIZE_CLASSES,
  resolveSizeClasses,
  type SizeClasses,
  type SizeClassOptions,
  sizeClassIndex,
} from './size-classes.js';
