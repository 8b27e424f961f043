import { vcovOf } from '../inference/tidy.js';
import type { Glance, GlmFitData } from './types.js';

/**
 * One-row model summary, as broom's `glance()`: fit statistics and the default variance type with
 * the small-sample factor it applies. Works on a fit and on its plain data after a JSON round trip.
 *
 * @example
 * ```ts
 * import { glance, ols } from 'verdeelmodel/glm';
 * const fit = ols({ y: [1, 3, 2, 5, 4], x: [1, 2, 3, 4, 5] }, { y: 'y', x: ['x'] });
 * glance(fit).pseudoR2; // R²
 * ```
 */
export function glance(fit: GlmFitData): Glance {
  const k = fit.terms.length + (fit.family === 'gaussian' ? 1 : 0);
  const aic = fit.logLik === null ? null : -2 * fit.logLik + 2 * k;
  const bic = fit.logLik === null ? null : -2 * fit.logLik + Math.log(fit.nobs) * k;
  const v = vcovOf(fit);
  return {
    nobs: fit.nobs,
    dfResidual: fit.dfResidual,
    logLik: fit.logLik,
    deviance: fit.deviance,
    nullDeviance: fit.nullDeviance,
    aic,
    bic,
    pseudoR2: 1 - fit.deviance / fit.nullDeviance,
    dispersion: fit.dispersion,
    iterations: fit.iterations,
    converged: fit.converged,
    nOmitted: fit.nOmitted,
    family: fit.family,
    link: fit.link,
    vcov: v.spec,
    smallSampleFactor: v.factor,
    smallSampleRule: v.rule,
    nClusters: fit.nClusters,
    aliased: fit.aliased,
    patterns: fit.patterns,
    threads: fit.threads,
    path: fit.sql ? fit.sql.path : fit.patterns !== null ? 'patterns' : 'rows',
    passes: fit.sql ? fit.sql.passes : null,
  };
}
