import { formatCoefficientTable } from '../format/coefficient-table.js';
import { formatSignificant } from '../format/numbers.js';
import { tidy, vcovOf } from '../inference/tidy.js';
import type { VcovSpec } from '../inference/types.js';
import { checkOptions } from '../internal/options.js';
import type { GlmFitData } from './types.js';

/**
 * A text table like R's `summary.glm` / `summary.lm` under any variance type, with stars at the
 * 10 %, 5 % and 1 % levels and a line stating the variance type and the small-sample factor applied.
 * Works on a fit and on its plain data after a JSON round trip.
 *
 * @example
 * ```ts
 * import { ols, summary } from 'verdeelmodel/glm';
 * const fit = ols({ y: [1, 3, 2, 5, 4], x: [1, 2, 3, 4, 5] }, { y: 'y', x: ['x'] });
 * console.log(summary(fit, { vcov: 'HC3' }));
 * ```
 */
export function summary(fit: GlmFitData, options: { readonly vcov?: VcovSpec } = {}): string {
  const o = checkOptions(options, ['vcov'], 'summary');
  const v = vcovOf(fit, o.vcov);
  const rows = tidy(fit, { vcov: v.spec });
  const tStat = Number.isFinite(v.df);
  const lines = formatCoefficientTable(rows, { statistic: tStat ? 't' : 'z' });
  const famLabel =
    fit.kind === 'ols'
      ? 'Linear model (least squares)'
      : `Family: ${fit.family === 'probit' ? 'binomial' : fit.family} (${fit.link} link)`;
  const out = [
    famLabel,
    `Response: ${fit.options.y}   Observations: ${fit.nobs}${fit.nOmitted ? ` (${fit.nOmitted} omitted for missing values)` : ''}`,
    '',
    'Coefficients:',
    lines,
    `Standard errors: ${v.label}; small-sample factor ${v.factor.toPrecision(6)} [${v.rule}]`,
  ];
  if (fit.aliased.length)
    out.push(`Dropped as aliased (linear combinations of earlier columns): ${fit.aliased.join(', ')}`);
  const pseudoR2 = 1 - fit.deviance / fit.nullDeviance;
  if (fit.kind === 'ols') {
    const sigma = Math.sqrt(fit.dispersion);
    out.push(
      `Residual standard error: ${formatSignificant(sigma, { digits: 4 })} on ${fit.dfResidual} degrees of freedom`,
      `R-squared: ${formatSignificant(pseudoR2, { digits: 4 })}`,
    );
  } else {
    const fam = fit.family === 'probit' ? 'binomial' : fit.family;
    const k = fit.terms.length + (fit.family === 'gaussian' ? 1 : 0);
    const aic = fit.logLik === null ? null : -2 * fit.logLik + 2 * k;
    out.push(
      `(Dispersion parameter for ${fam} family taken to be ${formatSignificant(fit.dispersion, { digits: 6 })})`,
      `    Null deviance: ${formatSignificant(fit.nullDeviance, { digits: 6 })}  on ${fit.nobs - (fit.options.intercept ? 1 : 0)} degrees of freedom`,
      `Residual deviance: ${formatSignificant(fit.deviance, { digits: 6 })}  on ${fit.dfResidual} degrees of freedom`,
      `AIC: ${aic === null ? 'NA' : formatSignificant(aic, { digits: 6 })}   McFadden pseudo R-squared: ${formatSignificant(pseudoR2, { digits: 4 })}`,
      `Number of Fisher Scoring iterations: ${fit.iterations}`,
    );
  }
  return out.join('\n');
}
