/**
 * Inference chosen after the fit: one registry of variance types (model, HC0–HC3, one- and
 * two-way clustering with HC1/Stata/no adjustment, Newey–West) and the views that use it.
 * @packageDocumentation
 */

export * from '../errors.js';
export { VARIANCE_ESTIMATORS, type VcovName } from './registry.js';
export { type TidyOptions, tidy, vcov, vcovOf } from './tidy.js';
export type {
  ClusterAdjust,
  ClusterMeat,
  InferenceData,
  ResolvedVcov,
  TidyRow,
  VcovResult,
  VcovSpec,
} from './types.js';
