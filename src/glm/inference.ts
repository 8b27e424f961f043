import { SpecError } from '../errors.js';
import { normalQuantile, normalTwoSided, tQuantileAt, tTwoSided } from '../internal/distributions.js';
import { sandwichProduct } from '../linalg/symmetric.js';
import { checkVcovType, type VcovType } from './spec.js';
import type { GlmFit, TidyRow } from './types.js';

type FitCore = Pick<
  GlmFit,
  | 'kind'
  | 'family'
  | 'terms'
  | 'bread'
  | 'meat'
  | 'meatCluster'
  | 'dispersion'
  | 'nobs'
  | 'nClusters'
  | 'dfResidual'
  | 'options'
>;

/** The small-sample factor a variance type applies, and its rule in words. */
export function smallSampleFactor(fit: FitCore, type: VcovType): { factor: number; rule: string } {
  const n = fit.nobs;
  const k = fit.terms.length;
  switch (type) {
    case 'model':
      return { factor: 1, rule: `none (dispersion ${fit.dispersion === 1 ? 'fixed at 1' : 'estimated'})` };
    case 'HC0':
      return { factor: 1, rule: 'none (HC0)' };
    case 'HC1':
      return { factor: n / (n - k), rule: `n/(n-k) = ${n}/${n - k}` };
    case 'cluster': {
      const g = fit.nClusters ?? 0;
      return {
        factor: (g / (g - 1)) * ((n - 1) / (n - k)),
        rule: `G/(G-1)*(n-1)/(n-k) with G = ${g}, n = ${n}, k = ${k}`,
      };
    }
  }
}

/** The coefficient covariance matrix of a fit as a row-major Float64Array. */
export function vcovMatrix(fit: FitCore, type: VcovType): Float64Array {
  checkVcovType(type);
  const p = fit.terms.length;
  const bread = Float64Array.from(fit.bread);
  if (type === 'model') return bread.map((v) => v * fit.dispersion);
  let meat: Float64Array;
  if (type === 'cluster') {
    if (!fit.meatCluster) {
      throw new SpecError(
        'no-cluster',
        "vcov 'cluster' needs the fit to have a cluster column: pass spec.cluster when fitting",
      );
    }
    meat = Float64Array.from(fit.meatCluster);
  } else {
    meat = Float64Array.from(fit.meat);
  }
  const v = sandwichProduct(bread, meat, p);
  const { factor } = smallSampleFactor(fit, type);
  for (let i = 0; i < v.length; i++) v[i] = v[i]! * factor;
  return v;
}

/**
 * Reference distribution of Wald statistics: t with the residual df for linear models (any
 * vcov, as `lmtest::coeftest` on `lm`) and for estimated-dispersion GLMs with the model vcov
 * (as `summary.glm`); standard normal otherwise (as `coeftest` on `glm`).
 */
export function referenceDf(fit: FitCore, type: VcovType): number {
  if (fit.kind === 'ols') return fit.dfResidual;
  if (type === 'model' && (fit.family === 'quasibinomial' || fit.family === 'gaussian'))
    return fit.dfResidual;
  return Number.POSITIVE_INFINITY;
}

/** Coefficient rows with SEs, statistics, p-values and confidence intervals. */
export function tidyRows(
  terms: readonly string[],
  estimates: ArrayLike<number>,
  variances: ArrayLike<number>,
  df: number,
  level: number,
): TidyRow[] {
  if (!(level > 0 && level < 1))
    throw new SpecError('invalid-option', `level must be in (0, 1), not ${level}`);
  const q = Number.isFinite(df) ? tQuantileAt(1 - (1 - level) / 2, df) : normalQuantile(1 - (1 - level) / 2);
  return terms.map((term, j) => {
    const estimate = estimates[j]!;
    const stdError = Math.sqrt(variances[j]!);
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

/**
 * Significance stars at the 10 %, 5 % and 1 % levels (`*`, `**`, `***`).
 *
 * @example
 * ```ts
 * stars(0.004); // => '***'
 * stars(0.07);  // => '*'
 * ```
 */
export function stars(p: number): string {
  return p < 0.01 ? '***' : p < 0.05 ? '**' : p < 0.1 ? '*' : '';
}
