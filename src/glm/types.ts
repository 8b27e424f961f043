import type { DataInput, Frame } from '../data/frame.js';
import type { DesignLayout } from './design.js';
import type { FamilyName } from './family.js';
import type { ResolvedSpec, VcovType } from './spec.js';

/** One coefficient row of {@link GlmFit.tidy}, as broom's `tidy()`. */
export interface TidyRow {
  readonly term: string;
  readonly estimate: number;
  readonly stdError: number;
  readonly statistic: number;
  readonly pValue: number;
  readonly confLow: number;
  readonly confHigh: number;
}

/** Options of {@link GlmFit.tidy} and {@link GlmFit.marginalEffects}. */
export interface TidyOptions {
  /** Variance type. @default the fit's `options.vcov` */
  readonly vcov?: VcovType;
  /** Confidence level of the interval. @default 0.95 */
  readonly level?: number;
}

/** One-row model summary, as broom's `glance()`. */
export interface Glance {
  readonly nobs: number;
  readonly dfResidual: number;
  /** Log-likelihood; null for the quasibinomial family, which has none. */
  readonly logLik: number | null;
  readonly deviance: number;
  readonly nullDeviance: number;
  readonly aic: number | null;
  readonly bic: number | null;
  /** McFadden's 1 − D/D₀ for binomial and quasibinomial fits; R² = 1 − RSS/TSS for linear models. */
  readonly pseudoR2: number;
  readonly dispersion: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** Rows dropped by `na: 'omit'`. */
  readonly nOmitted: number;
  readonly family: FamilyName;
  readonly link: string;
  /** The fit's default variance type and the small-sample factor it applies. */
  readonly vcovType: VcovType;
  readonly smallSampleFactor: number;
  readonly smallSampleRule: string;
  readonly nClusters: number | null;
  /** Design columns dropped as aliased (with `aliased: 'drop'`). */
  readonly aliased: readonly string[];
  /** Distinct covariate patterns the engine ran on when rows were compressed, else null. */
  readonly patterns: number | null;
  /** Threads the IRLS passes ran on. */
  readonly threads: number;
}

/** Options of {@link GlmFit.predict}. */
export interface PredictOptions {
  /** `'response'` (probability / mean) or `'link'` (linear predictor). @default 'response' */
  readonly type?: 'response' | 'link';
  /** Also return delta-method standard errors. @default false */
  readonly se?: boolean;
  /** Variance type for the standard errors. @default the fit's `options.vcov` */
  readonly vcov?: VcovType;
}

/** Predictions (and their standard errors when asked). */
export interface Prediction {
  readonly fit: Float64Array;
  readonly se: Float64Array | null;
}

/** Result of every fit: plain data (serialisable) plus thin views. */
export interface GlmFit {
  /** `'ols'` for {@link ols} (t and F inference throughout, as `lm` + `lmtest`), else `'glm'`. */
  readonly kind: 'glm' | 'ols';
  readonly family: FamilyName;
  readonly link: string;
  readonly terms: readonly string[];
  readonly coefficients: readonly number[];
  readonly options: ResolvedSpec;
  readonly nobs: number;
  readonly nOmitted: number;
  readonly dfResidual: number;
  readonly deviance: number;
  readonly nullDeviance: number;
  readonly logLik: number | null;
  readonly dispersion: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly aliased: readonly string[];
  readonly nClusters: number | null;
  /** Distinct covariate patterns the engine ran on (exact compression), or null when it ran on the rows. */
  readonly patterns: number | null;
  /** Threads the IRLS passes ran on. */
  readonly threads: number;
  /** (X'WX)⁻¹, row-major, unscaled: the bread of every variance estimator. */
  readonly bread: readonly number[];
  /** Σ sᵢsᵢ' (HC0 meat, unscaled), row-major. */
  readonly meat: readonly number[];
  /** Σ_g S_g S_g' over clusters, row-major, or null. */
  readonly meatCluster: readonly number[] | null;
  readonly layout: DesignLayout;
  tidy(options?: TidyOptions): TidyRow[];
  glance(): Glance;
  /** The variance-covariance matrix (rows/columns in `terms` order). @default type = options.vcov */
  vcov(type?: VcovType): number[][];
  predict(newdata?: DataInput | Frame, options?: PredictOptions): Prediction;
  marginalEffects(options?: TidyOptions & { newdata?: DataInput | Frame }): TidyRow[];
  summary(options?: { vcov?: VcovType }): string;
}
