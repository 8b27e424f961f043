// The library's error classes, so every subpath can catch what it throws.
export * from '../errors.js';
// The stars in comparison rows; `stars()` itself lives in verdeelmodel/format.
export type { Stars } from '../format/stars.js';
export {
  type BalancesOptions,
  type BalanceTable,
  balances,
  type MunicipalityBalance,
  type ResolvedBalancesOptions,
  type YearlyBalance,
} from './balances.js';
export {
  type CompareGroupsOptions,
  type ComparisonRow,
  compareGroups,
  type GroupComparison,
} from './compare-groups.js';
export {
  type ComparisonGroup,
  type ComparisonGroupOptions,
  type ComparisonMember,
  comparisonGroup,
  type ExtremeGroups,
  type SizeClassCount,
} from './comparison-group.js';
export { type CumulativeBalance, cumulativeBalance } from './cumulative-balance.js';
export {
  type DecomposeSpendingGapOptions,
  decomposeSpendingGap,
  type SpendingGapDecomposition,
  type SpendingGapPeriod,
  type SpendingGapYear,
} from './decompose-spending-gap.js';
export { OutlierInputError, type OutlierInputLocation } from './errors.js';
export {
  type ExplainedVariance,
  type ExplainedVarianceOptions,
  type ExplainedVarianceYear,
  explainedVariance,
} from './explained-variance.js';
export {
  type FlagOutliersOptions,
  flagOutliers,
  type IndicatorOutliers,
  type OutlierFlag,
  type OutlierFlags,
} from './flag-outliers.js';
export { meanYearlyBalance } from './mean-yearly-balance.js';
export { movingIndex } from './moving-index.js';
export {
  type NeighbourhoodIndexMean,
  type NeighbourhoodIndexRow,
  type NeighbourhoodIndices,
  type NeighbourhoodIndicesOptions,
  neighbourhoodIndices,
} from './neighbourhood-indices.js';
export type { MemberLike, RecordsInput, UnitId } from './records.js';
export { segregationIndex } from './segregation-index.js';
export {
  type ExtremeMember,
  type ExtremeSelection,
  type SelectExtremesOptions,
  selectExtremes,
} from './select-extremes.js';
export { sumAbsoluteBalance } from './sum-absolute-balance.js';
