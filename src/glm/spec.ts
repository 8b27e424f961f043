import { SpecError } from '../errors.js';
import type { FamilyName } from './family.js';

/**
 * Variance-covariance estimator of the coefficients.
 *
 * - `'model'`: dispersion · (X'WX)⁻¹, R's `vcov(glm)` / `vcov(lm)`.
 * - `'HC0'`: White's sandwich B·M·B with M = Σ sᵢsᵢ', no small-sample factor (`sandwich::vcovHC(fit, type = "HC0")`).
 * - `'HC1'`: HC0 · n/(n − k) (`sandwich::vcovHC(fit, type = "HC1")`; Stata `regress, vce(robust)`).
 * - `'cluster'`: B·(Σ_g S_g S_g')·B · G/(G − 1) · (n − 1)/(n − k), exactly `sandwich::vcovCL(fit, cluster = ~g, type = "HC1")`
 *   and Stata `regress, vce(cluster g)`. Stata's `logit, vce(cluster g)` applies G/(G − 1) only, and
 *   statsmodels' GLM cluster default likewise differs; `glance()` and `summary()` print the factor used.
 */
export type VcovType = 'model' | 'HC0' | 'HC1' | 'cluster';

/** A model specification shared by {@link logit}, {@link fractionalLogit}, {@link ols} and {@link fitGlm}. */
export interface ModelSpec {
  /** Response column. */
  readonly y: string;
  /**
   * Terms: a numeric column name; a string/boolean column (becomes dummies `col[level]` against a
   * reference level); or an interaction `'a:b'` of any mix of numeric and categorical columns.
   */
  readonly x: readonly string[];
  /** Prior-weight column with R `glm` semantics (integer weights ≡ repeated rows). @default none */
  readonly weights?: string;
  /** Cluster column for `vcov: 'cluster'`. @default none */
  readonly cluster?: string;
  /** Offset column, added to the linear predictor with coefficient 1. @default none */
  readonly offset?: string;
  /** Include an intercept named `(Intercept)`. @default true */
  readonly intercept?: boolean;
  /** Reference level per categorical column. @default the first level in sorted order */
  readonly reference?: Readonly<Record<string, string>>;
  /** Default variance type for `tidy()`, `marginalEffects()`, `predict()` and `waldTest()`. @default 'model' */
  readonly vcov?: VcovType;
  /** Missing values: `'error'` throws naming the column and row; `'omit'` drops the rows and reports how many. @default 'error' */
  readonly na?: 'error' | 'omit';
  /** Aliased (collinear) design columns: `'error'` throws naming them; `'drop'` drops them as R does and lists them. @default 'error' */
  readonly aliased?: 'error' | 'drop';
  /**
   * Exact sufficient-statistic compression: rows with identical covariates (and cluster and
   * offset) are collapsed to one row carrying the sums the likelihood and the sandwich need, so
   * estimates and every variance type equal those of the full data. `'auto'` compresses data of
   * 20,000 rows or more when the patterns number at most half the rows. @default 'auto'
   */
  readonly compress?: boolean | 'auto';
  /**
   * Threads for the IRLS passes (worker threads over shared memory; logit and identity links).
   * `'auto'` uses up to two for 200,000 rows or more. Results do not depend on it beyond
   * floating-point summation order. @default 'auto'
   */
  readonly threads?: number | 'auto';
  /**
   * On 400,000 rows or more, start IRLS from a fit on a systematic subsample (every k-th row; 200,000 to 300,000 rows)
   * so that only a few full passes are needed; the converged estimate is the same MLE. @default true
   */
  readonly warmStart?: boolean;
  /** IRLS iteration limit. @default 50 */
  readonly maxIterations?: number;
  /** IRLS convergence tolerance on the relative deviance change (R's `glm.control(epsilon)` is 1e-8). @default 1e-10 */
  readonly epsilon?: number;
}

/** {@link ModelSpec} plus the family, for {@link fitGlm}. */
export interface GlmSpec extends ModelSpec {
  /** `'binomial'` (logit link), `'probit'` (binomial, probit link), `'quasibinomial'` (logit link, estimated dispersion) or `'gaussian'` (identity). */
  readonly family: FamilyName;
}

/** A spec with every default filled in; echoed on every fit as `options`. */
export interface ResolvedSpec {
  readonly y: string;
  readonly x: readonly string[];
  readonly weights: string | null;
  readonly cluster: string | null;
  readonly offset: string | null;
  readonly intercept: boolean;
  readonly reference: Readonly<Record<string, string>>;
  readonly vcov: VcovType;
  readonly na: 'error' | 'omit';
  readonly aliased: 'error' | 'drop';
  readonly compress: boolean | 'auto';
  readonly threads: number | 'auto';
  readonly warmStart: boolean;
  readonly maxIterations: number;
  readonly epsilon: number;
  readonly family: FamilyName;
}

const VCOV_TYPES: readonly VcovType[] = ['model', 'HC0', 'HC1', 'cluster'];

/** Check a vcov type name (users pass strings from notebooks). */
export function checkVcovType(v: unknown): VcovType {
  if (!VCOV_TYPES.includes(v as VcovType)) {
    throw new SpecError(
      'unknown-vcov',
      `unknown vcov type '${String(v)}'; use one of ${VCOV_TYPES.join(', ')}`,
    );
  }
  return v as VcovType;
}

/** Fill defaults and validate the shape of a spec. */
export function resolveSpec(spec: GlmSpec): ResolvedSpec {
  if (spec == null || typeof spec !== 'object')
    throw new SpecError('invalid-option', 'the model spec must be an object');
  if (typeof spec.y !== 'string' || spec.y === '')
    throw new SpecError('invalid-option', 'spec.y must name the response column');
  if (!Array.isArray(spec.x))
    throw new SpecError(
      'invalid-option',
      'spec.x must be an array of terms (column names or interactions like "a:b")',
    );
  const reference: Record<string, string> = Object.create(null);
  if (spec.reference != null) {
    for (const k of Object.keys(spec.reference)) reference[k] = String(spec.reference[k]);
  }
  const na = spec.na ?? 'error';
  if (na !== 'error' && na !== 'omit')
    throw new SpecError('invalid-option', `na must be 'error' or 'omit', not '${String(na)}'`);
  const aliased = spec.aliased ?? 'error';
  if (aliased !== 'error' && aliased !== 'drop')
    throw new SpecError('invalid-option', `aliased must be 'error' or 'drop', not '${String(aliased)}'`);
  const compress = spec.compress ?? 'auto';
  if (compress !== true && compress !== false && compress !== 'auto')
    throw new SpecError('invalid-option', `compress must be true, false or 'auto'`);
  const threads = spec.threads ?? 'auto';
  if (threads !== 'auto' && !(Number.isInteger(threads) && threads >= 1))
    throw new SpecError('invalid-option', `threads must be 'auto' or a positive integer`);
  const maxIterations = spec.maxIterations ?? 50;
  const epsilon = spec.epsilon ?? 1e-10;
  if (!(Number.isInteger(maxIterations) && maxIterations > 0))
    throw new SpecError('invalid-option', 'maxIterations must be a positive integer');
  if (!(epsilon > 0)) throw new SpecError('invalid-option', 'epsilon must be positive');
  const vcov = checkVcovType(spec.vcov ?? 'model');
  if (vcov === 'cluster' && !spec.cluster)
    throw new SpecError('invalid-option', "vcov 'cluster' needs spec.cluster to name the cluster column");
  return {
    y: spec.y,
    x: [...spec.x],
    weights: spec.weights ?? null,
    cluster: spec.cluster ?? null,
    offset: spec.offset ?? null,
    intercept: spec.intercept ?? true,
    reference,
    vcov,
    na,
    aliased,
    compress,
    threads,
    warmStart: spec.warmStart ?? true,
    maxIterations,
    epsilon,
    family: spec.family,
  };
}
