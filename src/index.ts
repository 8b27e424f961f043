/**
 * verdeelmodel: the statistical toolkit behind the Dutch social-assistance (bijstand/BUIG)
 * allocation model. Each capability is also available as a subpath export
 * (`verdeelmodel/glm`, `verdeelmodel/synth`, ...).
 *
 * @packageDocumentation
 */

// data
export {
  type ArqueroLike,
  type ColumnInput,
  type ColumnRecord,
  type DataInput,
  type FactorInput,
  type Frame,
  toFrame,
} from './data/index.js';
// errors
export {
  AliasingError,
  ConvergenceError,
  DataError,
  type DataErrorCode,
  SeparationError,
  SpecError,
  VerdeelmodelError,
} from './errors.js';

// glm
export {
  type FamilyName,
  fitGlm,
  fractionalLogit,
  type Glance,
  type GlmFit,
  type GlmSpec,
  type LinearHypothesis,
  logit,
  type ModelSpec,
  ols,
  type Prediction,
  type PredictOptions,
  parseHypothesis,
  stars,
  type TidyOptions,
  type TidyRow,
  type VcovType,
  type WaldTestResult,
  waldTest,
} from './glm/index.js';

// generate

// volume

// price

// allocation
export {
  type AllocateBudgetInput,
  type AllocateBudgetOptions,
  type AllocationTotals,
  type ApportionCentsOptions,
  allocateBudget,
  allocationBySizeClass,
  apportionCents,
  type BudgetAllocation,
  DEFAULT_OBJECTIVE_WEIGHT_BOUNDS,
  DEFAULT_SIZE_CLASSES,
  type HistoricalSharesInput,
  type HistoricalSharesOptions,
  historicalShares,
  type MunicipalityAllocation,
  type MunicipalityBudgetInput,
  MunicipalityError,
  type MunicipalityValues,
  type ObjectiveWeightOptions,
  objectiveWeight,
  type PopulationCorrection,
  type ResolvedAllocateBudgetOptions,
  resolveSizeClasses,
  type SizeClassAllocation,
  type SizeClasses,
  type SizeClassOptions,
  sizeClassIndex,
  summarizeAllocation,
} from './allocation/index.js';

// synth

// outliers

// report
