// The library's error classes, so every subpath can catch what it throws.
export * from '../errors.js';
export { stars } from '../format/stars.js';
export { tidy, vcov, vcovOf } from '../inference/tidy.js';
export type { ClusterAdjust, ResolvedVcov, VcovResult, VcovSpec } from '../inference/types.js';
export type { FactorCoding } from './design.js';
export type { FamilyName } from './family.js';
export { type FirthFit, type FirthRow, type FirthSpec, type FirthViews, firthLogit } from './firth-logit.js';
export { fitGlm, fractionalLogit, logit, ols } from './fit-glm.js';
export { type DuckDbSourceOptions, fitGlmDuckDb } from './fit-glm-duckdb.js';
export { fitGlmSql, type SqlFitOptions } from './fit-glm-sql.js';
export { fitGlmStream, type StreamOptions } from './fit-glm-stream.js';
export { glance } from './glance.js';
export type { GlmSpec, ModelSpec, ResolvedSpec } from './spec.js';
export type { Dialect } from './sql/dialect.js';
export {
  type ClickHouseSourceConfig,
  clickHouseSource,
  type DuckDbSourceConfig,
  duckDbSource,
  type SqlRow,
  type SqlSource,
} from './sql/source.js';
export { summary } from './summary.js';
export type {
  Glance,
  GlmFit,
  GlmFitData,
  Prediction,
  PredictOptions,
  SqlRunInfo,
  TidyOptions,
  TidyRow,
} from './types.js';
export { type LinearHypothesis, parseHypothesis, type WaldTestResult, waldTest } from './wald-test.js';
