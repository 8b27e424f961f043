import { SpecError } from '../errors.js';
import { resolveVcovSpec } from '../inference/registry.js';
import type { ResolvedVcov, VcovSpec } from '../inference/types.js';
import { checkOptions, oneOf } from '../internal/options.js';
import type { FamilyName } from './family.js';

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
  /**
   * Cluster columns whose score sums the fit keeps, so that one-way clustering on any of them and
   * two-way clustering on any pair (with their intersection) can be chosen after the fit
   * (`tidy(fit, { vcov: { type: 'cluster', cluster: 'neighbourhood' } })`). Memory p × G per column.
   * Columns named in `vcov` are added. @default none
   */
  readonly clusters?: readonly string[];
  /** Offset column, added to the linear predictor with coefficient 1. @default none */
  readonly offset?: string;
  /** Include an intercept named `(Intercept)`. @default true */
  readonly intercept?: boolean;
  /** Reference level per categorical column. @default the first level in sorted order */
  readonly reference?: Readonly<Record<string, string>>;
  /** Default variance type for `tidy()`, `summary()`, `marginalEffects()`, `predict()` and `waldTest()`; any other can be chosen after the fit. @default 'model' */
  readonly vcov?: VcovSpec;
  /**
   * Keep the leverage-adjusted meats for HC2 and HC3 (one extra pass over the rows after convergence).
   * `'auto'` keeps them below 500,000 rows. @default 'auto'
   */
  readonly leverage?: boolean | 'auto';
  /**
   * Keep the per-row scores (n × p numbers) for Newey–West errors over rows in data order.
   * `'auto'` keeps them when n·p ≤ 200,000 and rows were not compressed. @default 'auto'
   */
  readonly keepScores?: boolean | 'auto';
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
  readonly clusters: readonly string[];
  readonly offset: string | null;
  readonly intercept: boolean;
  readonly reference: Readonly<Record<string, string>>;
  readonly vcov: ResolvedVcov;
  readonly leverage: boolean | 'auto';
  readonly keepScores: boolean | 'auto';
  readonly na: 'error' | 'omit';
  readonly aliased: 'error' | 'drop';
  readonly compress: boolean | 'auto';
  readonly threads: number | 'auto';
  readonly warmStart: boolean;
  readonly maxIterations: number;
  readonly epsilon: number;
  readonly family: FamilyName;
}

/** Every key a model spec may have. */
export const MODEL_SPEC_KEYS = [
  'y',
  'x',
  'weights',
  'clusters',
  'offset',
  'intercept',
  'reference',
  'vcov',
  'leverage',
  'keepScores',
  'na',
  'aliased',
  'compress',
  'threads',
  'warmStart',
  'maxIterations',
  'epsilon',
] as const;

function optionalColumn(v: unknown, option: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' || v === '')
    throw new SpecError('invalid-option', `spec.${option} must name a column, got ${String(v)}`, { option });
  return v;
}

/** Fill defaults and validate the shape of a spec; the one place a model spec is resolved. */
export function resolveSpec(
  spec: GlmSpec,
  label = 'fitGlm',
  extraKeys: readonly string[] = [],
): ResolvedSpec {
  if (spec == null || typeof spec !== 'object')
    throw new SpecError('invalid-option', `${label}: the model spec must be an object`);
  checkOptions(spec, [...MODEL_SPEC_KEYS, 'family', ...extraKeys], label);
  if (typeof spec.y !== 'string' || spec.y === '')
    throw new SpecError('invalid-option', `${label}: spec.y must name the response column`, { option: 'y' });
  if (!Array.isArray(spec.x))
    throw new SpecError(
      'invalid-option',
      `${label}: spec.x must be an array of terms (column names or interactions like "a:b")`,
      { option: 'x' },
    );
  const reference: Record<string, string> = Object.create(null);
  if (spec.reference != null) {
    if (typeof spec.reference !== 'object' || Array.isArray(spec.reference))
      throw new SpecError('invalid-option', `${label}: reference must map column names to levels`, {
        option: 'reference',
      });
    for (const k of Object.keys(spec.reference)) reference[k] = String(spec.reference[k]);
  }
  const na = oneOf(spec.na ?? 'error', ['error', 'omit'], 'na', label);
  const aliased = oneOf(spec.aliased ?? 'error', ['error', 'drop'], 'aliased', label);
  const compress = oneOf(spec.compress ?? 'auto', [true, false, 'auto'], 'compress', label);
  const leverage = oneOf(spec.leverage ?? 'auto', [true, false, 'auto'], 'leverage', label);
  const keepScores = oneOf(spec.keepScores ?? 'auto', [true, false, 'auto'], 'keepScores', label);
  const warmStart = oneOf(spec.warmStart ?? true, [true, false], 'warmStart', label);
  const intercept = oneOf(spec.intercept ?? true, [true, false], 'intercept', label);
  const threads = spec.threads ?? 'auto';
  if (threads !== 'auto' && !(Number.isInteger(threads) && threads >= 1 && threads <= 256))
    throw new SpecError(
      'invalid-option',
      `${label}: threads must be 'auto' or an integer from 1 to 256, got ${String(threads)}`,
      {
        option: 'threads',
      },
    );
  const maxIterations = spec.maxIterations ?? 50;
  const epsilon = spec.epsilon ?? 1e-10;
  if (!(Number.isInteger(maxIterations) && maxIterations > 0 && maxIterations <= 10_000))
    throw new SpecError('invalid-option', `${label}: maxIterations must be an integer from 1 to 10000`, {
      option: 'maxIterations',
    });
  if (!(typeof epsilon === 'number' && epsilon > 0 && epsilon < 1))
    throw new SpecError('invalid-option', `${label}: epsilon must be a number in (0, 1)`, {
      option: 'epsilon',
    });
  const clusters: string[] = [];
  if (spec.clusters !== undefined) {
    if (!Array.isArray(spec.clusters) || !spec.clusters.every((c) => typeof c === 'string' && c !== ''))
      throw new SpecError('invalid-option', `${label}: clusters must be an array of column names`, {
        option: 'clusters',
      });
    for (const c of spec.clusters) if (!clusters.includes(c)) clusters.push(c);
  }
  // Columns the default vcov clusters on are kept too, so the default always works.
  const asked = spec.vcov;
  if (asked !== undefined && typeof asked === 'object' && asked !== null && asked.type === 'cluster') {
    const named =
      typeof asked.cluster === 'string' ? [asked.cluster] : Array.isArray(asked.cluster) ? asked.cluster : [];
    for (const c of named) if (typeof c === 'string' && !clusters.includes(c)) clusters.push(c);
  }
  if (clusters.length > 3)
    throw new SpecError('invalid-option', `${label}: at most 3 cluster columns, got ${clusters.length}`, {
      option: 'clusters',
    });
  const vcov = resolveVcovSpec(asked ?? 'model', clusters);
  return {
    y: spec.y,
    x: [...spec.x],
    weights: optionalColumn(spec.weights, 'weights'),
    clusters,
    offset: optionalColumn(spec.offset, 'offset'),
    intercept,
    reference,
    vcov,
    leverage,
    keepScores,
    na,
    aliased,
    compress,
    threads,
    warmStart,
    maxIterations,
    epsilon,
    family: spec.family,
  };
}
