import { smallSampleFactor, stars } from './inference.js';
import type { VcovType } from './spec.js';
import type { GlmFit } from './types.js';

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
 * A text table like R's `summary.glm` / `summary.lm`, with stars at the 10 %, 5 % and 1 %
 * levels and a line stating the variance type and the small-sample factor applied.
 */
export function summaryText(fit: GlmFit, vcov: VcovType): string {
  const rows = fit.tidy({ vcov });
  const g = fit.glance();
  const tStat =
    rows.length > 0 &&
    (fit.kind === 'ols' ||
      (vcov === 'model' && (fit.family === 'quasibinomial' || fit.family === 'gaussian')));
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
  const { factor, rule } = smallSampleFactor(fit, vcov);
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
    `Standard errors: ${vcovLabel(vcov)}; small-sample factor ${factor.toPrecision(6)} [${rule}]`,
  ];
  if (fit.aliased.length)
    out.push(`Dropped as aliased (linear combinations of earlier columns): ${fit.aliased.join(', ')}`);
  if (fit.kind === 'ols') {
    const sigma = Math.sqrt(fit.dispersion);
    out.push(
      `Residual standard error: ${fmt(sigma, 4)} on ${fit.dfResidual} degrees of freedom`,
      `R-squared: ${fmt(g.pseudoR2, 4)}`,
    );
  } else {
    const fam = fit.family === 'probit' ? 'binomial' : fit.family;
    out.push(
      `(Dispersion parameter for ${fam} family taken to be ${fmt(fit.dispersion, 6)})`,
      `    Null deviance: ${fmt(fit.nullDeviance, 6)}  on ${fit.nobs - (fit.options.intercept ? 1 : 0)} degrees of freedom`,
      `Residual deviance: ${fmt(fit.deviance, 6)}  on ${fit.dfResidual} degrees of freedom`,
      `AIC: ${g.aic === null ? 'NA' : fmt(g.aic, 6)}   McFadden pseudo R-squared: ${fmt(g.pseudoR2, 4)}`,
      `Number of Fisher Scoring iterations: ${fit.iterations}`,
    );
  }
  return out.join('\n');
}

function vcovLabel(v: VcovType): string {
  switch (v) {
    case 'model':
      return 'model-based (R vcov(glm)/vcov(lm))';
    case 'HC0':
      return 'heteroskedasticity-robust HC0 (sandwich::vcovHC type "HC0")';
    case 'HC1':
      return 'heteroskedasticity-robust HC1 (sandwich::vcovHC type "HC1"; Stata vce(robust) for regress)';
    case 'cluster':
      return 'cluster-robust (sandwich::vcovCL type "HC1"; Stata vce(cluster) for regress)';
  }
}
