import { tidy, vcovOf } from '../inference/tidy.js';
import type { VcovSpec } from '../inference/types.js';
import { checkOptions } from '../internal/options.js';
import { stars } from './inference.js';
import type { GlmFitData } from './types.js';

function fmt(x: number, digits = 5): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e6)) return x.toExponential(digits - 2);
  return x.toPrecision(digits);
}

function fmtP(p: number): string {
  if (p < 2e-16) return '<2e-16';
  return p < 1e-4 ? p.toExponential(2) : p.toPrecision(3);
}

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
  const statName = tStat ? 't value' : 'z value';
  const pName = tStat ? 'Pr(>|t|)' : 'Pr(>|z|)';
  const table = [['', 'Estimate', 'Std. Error', statName, pName, '']];
  for (const r of rows)
    table.push([
      r.term,
      fmt(r.estimate),
      fmt(r.stdError),
      fmt(r.statistic, 4),
      fmtP(r.pValue),
      stars(r.pValue),
    ]);
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  const lines = table.map((row) =>
    row
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : c === 5 ? cell : cell.padStart(widths[c]!)))
      .join(' ')
      .trimEnd(),
  );
  const famLabel =
    fit.kind === 'ols'
      ? 'Linear model (least squares)'
      : `Family: ${fit.family === 'probit' ? 'binomial' : fit.family} (${fit.link} link)`;
  const out = [
    famLabel,
    `Response: ${fit.options.y}   Observations: ${fit.nobs}${fit.nOmitted ? ` (${fit.nOmitted} omitted for missing values)` : ''}`,
    '',
    'Coefficients:',
    ...lines,
    '---',
    "Signif. codes:  '***' 0.01 '**' 0.05 '*' 0.1",
    `Standard errors: ${v.label}; small-sample factor ${v.factor.toPrecision(6)} [${v.rule}]`,
  ];
  if (fit.aliased.length)
    out.push(`Dropped as aliased (linear combinations of earlier columns): ${fit.aliased.join(', ')}`);
  const pseudoR2 = 1 - fit.deviance / fit.nullDeviance;
  if (fit.kind === 'ols') {
    const sigma = Math.sqrt(fit.dispersion);
    out.push(
      `Residual standard error: ${fmt(sigma, 4)} on ${fit.dfResidual} degrees of freedom`,
      `R-squared: ${fmt(pseudoR2, 4)}`,
    );
  } else {
    const fam = fit.family === 'probit' ? 'binomial' : fit.family;
    const k = fit.terms.length + (fit.family === 'gaussian' ? 1 : 0);
    const aic = fit.logLik === null ? null : -2 * fit.logLik + 2 * k;
    out.push(
      `(Dispersion parameter for ${fam} family taken to be ${fmt(fit.dispersion, 6)})`,
      `    Null deviance: ${fmt(fit.nullDeviance, 6)}  on ${fit.nobs - (fit.options.intercept ? 1 : 0)} degrees of freedom`,
      `Residual deviance: ${fmt(fit.deviance, 6)}  on ${fit.dfResidual} degrees of freedom`,
      `AIC: ${aic === null ? 'NA' : fmt(aic, 6)}   McFadden pseudo R-squared: ${fmt(pseudoR2, 4)}`,
      `Number of Fisher Scoring iterations: ${fit.iterations}`,
    );
  }
  return out.join('\n');
}
