import { describe, expect, it } from 'vitest';
import { type CoefficientTableRow, formatCoefficientTable } from '../../src/format/index.js';

const rows = (data: readonly (readonly [string, number, number, number, number])[]): CoefficientTableRow[] =>
  data.map(([term, estimate, stdError, statistic, pValue]) => ({
    term,
    estimate,
    stdError,
    statistic,
    pValue,
  }));

// Coefficients (%.17g) and printed blocks from R 4.x: printCoefmat(coef(summary(m)), digits = 4), the call
// summary.glm / summary.lm make; R's trailing spaces trimmed and its curly quotes written as ASCII.
describe('formatCoefficientTable(rows, options) against R printCoefmat', () => {
  it("glm(am ~ hp + wt, binomial, mtcars) with R's levels", () => {
    const fit = rows([
      ['(Intercept)', 18.866298717204131, 7.4435580602052891, 2.5345807159168996, 0.011258198716613708],
      ['hp', 0.036255596082216568, 0.017734153650769368, 2.0443939302760961, 0.040914646459030063],
      ['wt', -8.0834751824446371, 3.0686751130547045, -2.6341906147236172, 0.00843381259970713],
    ]);
    expect(formatCoefficientTable(fit, { levels: 'r' }).split('\n')).toEqual([
      '            Estimate Std. Error z value Pr(>|z|)',
      '(Intercept) 18.86630    7.44356   2.535  0.01126 *',
      'hp           0.03626    0.01773   2.044  0.04091 *',
      'wt          -8.08348    3.06868  -2.634  0.00843 **',
      '---',
      "Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1",
    ]);
  });

  it('lm(mpg ~ wt + hp + qsec + factor(cyl), mtcars): t statistics, p-values from 0.0006 in fixed notation', () => {
    const fit = rows([
      ['(Intercept)', 34.205044116520625, 8.7634537244949691, 3.9031465438007817, 0.00060154811098971073],
      ['wt', -3.3095781411555727, 0.98953179502842947, -3.344589994766654, 0.0025116584064770976],
      ['hp', -0.021258691877170575, 0.015536073143098919, -1.3683439619112265, 0.18291365603033133],
      ['qsec', 0.093018805936514848, 0.48259090677396854, 0.19274877464709905, 0.84865343069385846],
      ['factor(cyl)6', -3.2183371525461211, 1.603149550066298, -2.0075090015232999, 0.055194269369840371],
      ['factor(cyl)8', -2.981834599989277, 2.4506882897531312, -1.2167335243967932, 0.23463572138286137],
    ]);
    expect(formatCoefficientTable(fit, { statistic: 't', levels: 'r' }).split('\n').slice(0, 7)).toEqual([
      '             Estimate Std. Error t value Pr(>|t|)',
      '(Intercept)  34.20504    8.76345   3.903 0.000602 ***',
      'wt           -3.30958    0.98953  -3.345 0.002512 **',
      'hp           -0.02126    0.01554  -1.368 0.182914',
      'qsec          0.09302    0.48259   0.193 0.848653',
      'factor(cyl)6 -3.21834    1.60315  -2.008 0.055194 .',
      'factor(cyl)8 -2.98183    2.45069  -1.217 0.234636',
    ]);
  });

  it('a p-value of 0 prints as < 2e-16; tiny and large estimates share scientific notation', () => {
    const fit = rows([
      ['tiny', 1e-8, 3e-9, 3.3333, 0.000858],
      ['big', 2.5, 0.1, 25, 0],
    ]);
    expect(formatCoefficientTable(fit, { levels: 'r' }).split('\n').slice(0, 3)).toEqual([
      '     Estimate Std. Error z value Pr(>|z|)',
      'tiny  1.0e-08    3.0e-09   3.333 0.000858 ***',
      'big   2.5e+00    1.0e-01  25.000  < 2e-16 ***',
    ]);
  });

  it('no stars column and no legend when nothing is significant (as R)', () => {
    const fit = rows([
      ['a', 0.2, 1, 0.2, 0.84],
      ['b', 0.3, 2, 0.15, 0.88],
    ]);
    expect(formatCoefficientTable(fit, { statistic: 't' }).split('\n')).toEqual([
      '  Estimate Std. Error t value Pr(>|t|)',
      'a      0.2        1.0    0.20     0.84',
      'b      0.3        2.0    0.15     0.88',
    ]);
  });

  it("the library's stata levels by default, stars: false, and NA for a coefficient without a test", () => {
    const fit = rows([
      ['x', 1.5, 0.5, 3, 0.003],
      ['aliased', Number.NaN, Number.NaN, Number.NaN, Number.NaN],
    ]);
    const lines = formatCoefficientTable(fit).split('\n');
    expect(lines).toEqual([
      '        Estimate Std. Error z value Pr(>|z|)',
      'x            1.5        0.5       3    0.003 ***',
      'aliased       NA         NA      NA       NA',
      '---',
      "Signif. codes:  0 '***' 0.01 '**' 0.05 '*' 0.1 ' ' 1",
    ]);
    expect(formatCoefficientTable(fit, { stars: false })).not.toContain('***');
    // @ts-expect-error not a statistic
    expect(() => formatCoefficientTable(fit, { statistic: 'F' })).toThrow(
      expect.objectContaining({ option: 'statistic' }),
    );
  });
});
