import type { FamilyName } from '../glm/family.js';

/** How the cluster-robust sandwich is scaled for few clusters (see {@link VcovSpec}). */
export type ClusterAdjust = 'HC1' | 'stata' | 'none';

/**
 * A variance-covariance estimator of the coefficients, chosen after the fit (as fixest's `vcov`).
 * Strings name the estimators without parameters; objects carry them:
 *
 * - `'model'`: dispersion · (X'WX)⁻¹, R's `vcov(glm)` / `vcov(lm)`.
 * - `'HC0'` … `'HC3'`: White's sandwich and its small-sample variants (`sandwich::vcovHC`).
 * - `{ type: 'cluster', cluster, adjust }`: one-way or two-way (Cameron–Gelbach–Miller) cluster-robust
 *   errors over the named columns, which must be among the fit's `clusters`. `adjust: 'HC1'` (default) is
 *   `sandwich::vcovCL(type = "HC1")` and Stata's `regress, vce(cluster)`; `'stata'` is G/(G − 1) only, as
 *   Stata's ML commands (`logit, vce(cluster)`); `'none'` is the bare sandwich.
 * - `'cluster'`: one-way on the fit's first cluster column with `adjust: 'HC1'`.
 * - `{ type: 'newey-west', lag, adjust }`: heteroskedasticity and autocorrelation consistent errors with
 *   Bartlett weights over rows in data order (`sandwich::NeweyWest(prewhite = FALSE)`).
 *
 * @example
 * ```ts
 * import type { VcovSpec } from 'verdeelmodel/glm';
 * const twoWay: VcovSpec = { type: 'cluster', cluster: ['municipality', 'year'] };
 * const stata: VcovSpec = { type: 'cluster', cluster: 'municipality', adjust: 'stata' };
 * ```
 */
export type VcovSpec =
  | 'model'
  | 'HC0'
  | 'HC1'
  | 'HC2'
  | 'HC3'
  | 'cluster'
  | {
      readonly type: 'cluster';
      readonly cluster: string | readonly string[];
      readonly adjust?: ClusterAdjust;
    }
  | { readonly type: 'newey-west'; readonly lag?: number; readonly adjust?: boolean }
  | ResolvedVcov;

/** A {@link VcovSpec} with every default filled in: what results echo. */
export type ResolvedVcov =
  | { readonly type: 'model' | 'HC0' | 'HC1' | 'HC2' | 'HC3' }
  | { readonly type: 'cluster'; readonly cluster: readonly string[]; readonly adjust: ClusterAdjust }
  | { readonly type: 'newey-west'; readonly lag: number | null; readonly adjust: boolean };

/** Cluster score outer products for one set of cluster columns (one variable, or an intersection). */
export interface ClusterMeat {
  /** The cluster columns; two or more names mean their intersection. */
  readonly variables: readonly string[];
  /** Number of non-empty clusters. */
  readonly groups: number;
  /** Σ_g S_g S_g' over the clusters, row-major p × p (unscaled). */
  readonly meat: readonly number[];
}

/**
 * The plain data every variance estimator reads: what a fit keeps so that inference needs no
 * refit and survives `JSON.stringify`. Every {@link GlmFit} is one.
 */
export interface InferenceData {
  /** `'ols'`: t and F reference distributions for every variance type (as `lm` + `lmtest`). */
  readonly kind: 'glm' | 'ols';
  readonly family: FamilyName;
  readonly terms: readonly string[];
  readonly coefficients: readonly number[];
  readonly nobs: number;
  readonly dfResidual: number;
  readonly dispersion: number;
  /** (X'WX)⁻¹, row-major, unscaled: the bread of every sandwich. */
  readonly bread: readonly number[];
  /** Σ sᵢsᵢ' (HC0 meat), row-major. */
  readonly meat: readonly number[];
  /** Σ sᵢsᵢ'/(1 − hᵢ) and Σ sᵢsᵢ'/(1 − hᵢ)², or null when leverage was not computed (see `leverage`). */
  readonly meatHC2: readonly number[] | null;
  readonly meatHC3: readonly number[] | null;
  /** Why HC2/HC3 are unavailable, when they are. */
  readonly leverageNote: string | null;
  /** Cluster meats for every column in the fit's `clusters` and for each pair's intersection. */
  readonly clusterMeats: readonly ClusterMeat[];
  /** Per-row scores sᵢ (row-major n × p, rows in data order), kept for Newey–West; null when not kept. */
  readonly scores: readonly number[] | null;
  readonly options: {
    readonly vcov: ResolvedVcov;
    readonly clusters: readonly string[];
    readonly y: string;
    readonly intercept: boolean;
  };
}

/** One coefficient row of {@link tidy}, as broom's `tidy()`. */
export interface TidyRow {
  readonly term: string;
  readonly estimate: number;
  readonly stdError: number;
  readonly statistic: number;
  readonly pValue: number;
  readonly confLow: number;
  readonly confHigh: number;
}

/** A covariance matrix with the estimator that made it. */
export interface VcovResult {
  /** Row-major p × p, in `terms` order. */
  readonly matrix: Float64Array;
  readonly spec: ResolvedVcov;
  /** Small-sample factor applied, and its rule in words. */
  readonly factor: number;
  readonly rule: string;
  /** Words for tables: what the estimator is and which R/Stata call it equals. */
  readonly label: string;
  /** Degrees of freedom of the reference t distribution; Infinity for the normal. */
  readonly df: number;
}
