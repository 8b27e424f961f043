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
export {
  type BalancesOptions,
  type BalanceTable,
  balances,
  type CompareGroupsOptions,
  type ComparisonGroup,
  type ComparisonGroupOptions,
  type ComparisonMember,
  type ComparisonRow,
  type ComparisonVcov,
  type CumulativeBalance,
  compareGroups,
  comparisonGroup,
  cumulativeBalance,
  type DecomposeSpendingGapOptions,
  decomposeSpendingGap,
  type ExplainedVariance,
  type ExplainedVarianceOptions,
  type ExplainedVarianceYear,
  type ExtremeGroups,
  type ExtremeMember,
  type ExtremeSelection,
  explainedVariance,
  type FlagOutliersOptions,
  flagOutliers,
  type GroupComparison,
  type IndicatorOutliers,
  type MemberLike,
  type MunicipalityBalance,
  meanYearlyBalance,
  movingIndex,
  type NeighbourhoodIndexMean,
  type NeighbourhoodIndexRow,
  type NeighbourhoodIndices,
  type NeighbourhoodIndicesOptions,
  neighbourhoodIndices,
  type OutlierFlag,
  type OutlierFlags,
  OutlierInputError,
  type OutlierInputLocation,
  type RecordsInput,
  type ResolvedBalancesOptions,
  type SelectExtremesOptions,
  type SizeClassCount,
  type SpendingGapDecomposition,
  type SpendingGapPeriod,
  type SpendingGapYear,
  type Stars,
  segregationIndex,
  selectExtremes,
  significanceStars,
  sumAbsoluteBalance,
  type UnitId,
  type YearlyBalance,
} from './outliers/index.js';

// report
