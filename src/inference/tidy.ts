import { DataError, SpecError } from '../errors.js';
import { normalQuantile, normalTwoSided, tQuantileAt, tTwoSided } from '../internal/distributions.js';
import { checkOptions } from '../internal/options.js';
import { computeVcov, resolveVcov } from './registry.js';
import type { InferenceData, TidyRow, VcovResult, VcovSpec } from './types.js';

/** Options of {@link tidy}. */
export interface TidyOptions {
  /** Variance type. @default the fit's default (`options.vcov`) */
  readonly vcov?: VcovSpec;
  /** Confidence level of the interval. @default 0.95 */
  readonly level?: number;
}

/** Check a confidence level: a number strictly between 0 and 1. @internal */
export function checkLevel(level: unknown): number {
  if (typeof level !== 'number' || !(level > 0 && level < 1)) {
    throw new SpecError(
      'invalid-option',
      `level must be a number in (0, 1) such as 0.95, got ${String(level)}`,
      {
        option: 'level',
      },
    );
  }
  return level;
}

/**
 * The covariance matrix of a fit's coefficients under any variance type, without refitting, with
 * the small-sample factor and a label saying which R/Stata call it equals.
 *
 * @example
 * ```ts
 * import { logit } from 'verdeelmodel/glm';
 * import { vcovOf } from 'verdeelmodel/glm';
 * const fit = logit({ y: [0, 1, 0, 1, 1, 0], x: [1, 2, 3, 4, 5, 2.5], g: ['a', 'a', 'b', 'b', 'c', 'c'] }, { y: 'y', x: ['x'], clusters: ['g'] });
 * vcovOf(fit, { type: 'cluster', cluster: 'g' }).factor; // G/(G-1)·(n-1)/(n-k)
 * ```
 */
export function vcovOf(fit: InferenceData, spec?: VcovSpec): VcovResult {
  const r = computeVcov(fit, resolveVcov(spec, fit));
  for (let i = 0; i < r.matrix.length; i++) {
    if (!Number.isFinite(r.matrix[i]!)) {
      throw new DataError(
        'not-finite',
        `the ${r.spec.type} covariance matrix is not finite (entry ${i + 1}); the fit's scale is out of range — rescale the columns`,
      );
    }
  }
  return r;
}

/**
 * The covariance matrix as rows (in `fit.terms` order), as R's `vcov()` / `sandwich::vcovHC()`.
 *
 * @example
 * ```ts
 * import { ols } from 'verdeelmodel/glm';
 * import { vcov } from 'verdeelmodel/glm';
 * const fit = ols({ y: [1, 3, 2, 5, 4], x: [1, 2, 3, 4, 5] }, { y: 'y', x: ['x'] });
 * vcov(fit, 'HC3'); // 2 × 2
 * ```
 */
export function vcov(fit: InferenceData, spec?: VcovSpec): number[][] {
  const { matrix } = vcovOf(fit, spec);
  const p = fit.terms.length;
  return fit.terms.map((_, i) => Array.from(matrix.subarray(i * p, (i + 1) * p)));
}

/**
 * Coefficient table, as broom's `tidy()`: estimates, standard errors, t or z statistics,
 * p-values and confidence intervals under any variance type, chosen after the fit.
 *
 * @example
 * ```ts
 * import { ols } from 'verdeelmodel/glm';
 * import { tidy } from 'verdeelmodel/glm';
 * const fit = ols({ y: [1, 3, 2, 5, 4], x: [1, 2, 3, 4, 5] }, { y: 'y', x: ['x'] });
 * tidy(fit, { vcov: 'HC1', level: 0.9 });
 * ```
 */
export function tidy(fit: InferenceData, options: TidyOptions = {}): TidyRow[] {
  const o = checkOptions(options, ['vcov', 'level'], 'tidy');
  const level = checkLevel(o.level ?? 0.95);
  const v = vcovOf(fit, o.vcov);
  const p = fit.terms.length;
  return tidyRows(
    fit.terms,
    fit.coefficients,
    fit.terms.map((_, j) => v.matrix[j * p + j]!),
    v.df,
    level,
  );
}

/** Coefficient rows from estimates and variances; `df` Infinity means normal. @internal */
export function tidyRows(
  terms: readonly string[],
  estimates: ArrayLike<number>,
  variances: ArrayLike<number>,
  df: number,
  level: number,
): TidyRow[] {
  checkLevel(level);
  const q = Number.isFinite(df) ? tQuantileAt(1 - (1 - level) / 2, df) : normalQuantile(1 - (1 - level) / 2);
  return terms.map((term, j) => {
    const estimate = estimates[j]!;
    const stdError = Math.sqrt(Math.max(variances[j]!, 0));
    if (!(stdError > 0) || !Number.isFinite(stdError)) {
      throw new DataError(
        'zero-variance',
        `term '${term}' has standard error ${stdError}; its statistic and p-value are undefined (a perfect fit, or a column without variation in the data the estimator uses)`,
        { column: term },
      );
    }
    const statistic = estimate / stdError;
    const pValue = Number.isFinite(df) ? tTwoSided(statistic, df) : normalTwoSided(statistic);
    return {
      term,
      estimate,
      stdError,
      statistic,
      pValue,
      confLow: estimate - q * stdError,
      confHigh: estimate + q * stdError,
    };
  });
}
