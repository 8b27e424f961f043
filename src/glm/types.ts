import type { DataInput, Frame } from '../data/frame.js';
import type { TidyOptions } from '../inference/tidy.js';
import type { ClusterMeat, InferenceData, ResolvedVcov, TidyRow, VcovSpec } from '../inference/types.js';
import type { DesignLayout } from './design.js';
import type { FamilyName } from './family.js';
import type { ResolvedSpec } from './spec.js';

export type { TidyOptions, TidyRow };

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
  readonly vcov: ResolvedVcov;
  readonly smallSampleFactor: number;
  readonly smallSampleRule: string;
  /** Clusters of the default vcov's (first) cluster column, or null. */
  readonly nClusters: number | null;
  /** Design columns dropped as aliased (with `aliased: 'drop'`). */
  readonly aliased: readonly string[];
  /** Distinct covariate patterns the engine ran on when rows were compressed, else null. */
  readonly patterns: number | null;
  /** Threads the IRLS passes ran on. */
  readonly threads: number;
  /** Where the fit ran: on the rows, on compressed covariate patterns, or as SQL aggregates in a database (`fitGlmSql`). */
  readonly path: 'rows' | 'patterns' | 'sql';
  /** Aggregate queries over the table for a `fitGlmSql` fit, else null. */
  readonly passes: number | null;
}

/** How a `fitGlmSql` fit ran (kept on the fit as `sql`). */
export interface SqlRunInfo {
  readonly path: 'sql' | 'patterns';
  readonly engine: string;
  /** Aggregate queries over the table for the estimates (IRLS passes, step halvings, final and cluster passes). */
  readonly passes: number;
  /** Wall-clock seconds of each of those queries. */
  readonly passSeconds: readonly number[];
}

/** Options of {@link GlmFit.predict}. */
export interface PredictOptions {
  /** `'response'` (probability / mean) or `'link'` (linear predictor). @default 'response' */
  readonly type?: 'response' | 'link';
  /** Also return delta-method standard errors. @default false */
  readonly se?: boolean;
  /** Variance type for the standard errors. @default the fit's `options.vcov` */
  readonly vcov?: VcovSpec;
}

/** Predictions (and their standard errors when asked). */
export interface Prediction {
  readonly fit: Float64Array;
  readonly se: Float64Array | null;
}

/**
 * The plain data of every fit: what {@link GlmFit} holds without its methods. It survives
 * `JSON.stringify`/`JSON.parse`, and the free functions `tidy`, `vcov`, `glance` and `summary`
 * accept it as they accept a fit.
 */
export interface GlmFitData extends InferenceData {
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
  readonly clusterMeats: readonly ClusterMeat[];
  readonly layout: DesignLayout;
  /** How a `fitGlmSql` fit ran; absent on other fits. */
  readonly sql?: SqlRunInfo;
}

/** Result of every fit: plain data ({@link GlmFitData}) plus thin views that call the free functions. */
export interface GlmFit extends GlmFitData {
  tidy(options?: TidyOptions): TidyRow[];
  glance(): Glance;
  /** The variance-covariance matrix (rows/columns in `terms` order). @default the fit's `options.vcov` */
  vcov(spec?: VcovSpec): number[][];
  predict(newdata?: DataInput | Frame, options?: PredictOptions): Prediction;
  marginalEffects(options?: TidyOptions & { newdata?: DataInput | Frame }): TidyRow[];
  summary(options?: { vcov?: VcovSpec }): string;
}
