import { describe, expect, it } from 'vitest';
import { AliasingError, DataError, SeparationError, SpecError } from '../../src/errors.js';
import { firthLogit, logit } from '../../src/glm/index.js';
import { readNumericCsv, readReference } from '../development/compare-models-data.js';

// biome-ignore lint/suspicious/noExplicitAny: the fixture is plain JSON
const ref = readReference() as any;
const m = readNumericCsv('mroz.csv');
// sep = 1 only for women in the labour force (educ ≥ 16 and hours > 0): quasi-complete separation.
const mroz = { ...m, sep: Array.from(m.educ!, (e, i) => (e >= 16 && m.hours![i]! > 0 ? 1 : 0)) };

const close = (actual: number, expected: number, rel: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));

describe('firthLogit against R logistf 1.26.1', () => {
  for (const [name, data, r] of [
    ['quasi-complete separation (Mroz, sep)', mroz, ref.firthSeparation],
    [
      'small sample without separation (every 15th Mroz row)',
      Object.fromEntries(
        Object.entries(m).map(([k, v]) => [k, (ref.firthSmall.rows as number[]).map((row) => v[row - 1]!)]),
      ),
      ref.firthSmall,
    ],
    ['few covariate patterns (fitted on the patterns, exactly)', mroz, ref.firthGrouped],
  ] as const) {
    it(name, () => {
      const fit = firthLogit(data, { y: 'inlf', x: r.x });
      expect(fit.terms).toEqual(r.terms);
      fit.rows.forEach((row, j) => {
        close(row.estimate, r.coefficients[j], 1e-9);
        close(row.stdError, r.se[j], 1e-9);
        close(row.confLow, r.ciLower[j], 1e-9);
        close(row.confHigh, r.ciUpper[j], 1e-9);
        // logistf computes p as 1 − pchisq(χ², 1) (R/logistf.R line 284), which keeps only ~1e-16 of absolute
        // precision: below 1e-10 its p-values carry rounding of 1e-16 / p (0.3 % at 4e-14), and χ² ≈ 94 prints 0.
        const absolute = 2.3e-16;
        if (r.pValue[j] > 1e-10) close(row.pValue, r.pValue[j], 1e-7);
        else expect(Math.abs(row.pValue - r.pValue[j])).toBeLessThanOrEqual(absolute);
      });
      close(fit.logLik, r.logLik[0], 1e-9);
      close(fit.nullLogLik, r.logLik[1], 1e-7);
      expect(fit.summary()).toContain('lower 95%');
    });
  }

  it('is finite where the ordinary logit separates, and shrinks towards 0 versus ML', () => {
    expect(() => logit(mroz, { y: 'inlf', x: ref.firthSeparation.x })).toThrow(SeparationError);
    const fit = firthLogit(mroz, { y: 'inlf', x: ref.firthSeparation.x });
    const sep = fit.rows.find((r) => r.term === 'sep')!;
    expect(Number.isFinite(sep.estimate)).toBe(true);
    expect(Number.isFinite(sep.confHigh)).toBe(true);
    // Without separation Firth's estimates are the ML ones pulled towards 0 (n = 51).
    const small = ref.firthSmall;
    small.coefficients.forEach((b: number, j: number) => {
      expect(Math.abs(b)).toBeLessThan(Math.abs(small.mlCoefficients[j]));
    });
    // predict: probabilities from the penalised coefficients.
    const p = fit.predict(mroz);
    expect(p.every((v) => v > 0 && v < 1)).toBe(true);
  });

  it('bad input: non-0/1 response, aliased columns, unknown options', () => {
    const d = { y: [0, 1, 2, 1], x: [1, 2, 3, 4], x2: [2, 4, 6, 8] };
    expect(() => firthLogit(d, { y: 'y', x: ['x'] })).toThrow(DataError);
    expect(() => firthLogit(d, { y: 'y', x: ['x'] })).toThrow(/is 2 at row 3/);
    const ok = { y: [0, 1, 0, 1], x: [1, 2, 3, 4], x2: [2, 4, 6, 8] };
    expect(() => firthLogit(ok, { y: 'y', x: ['x', 'x2'] })).toThrow(AliasingError);
    expect(() => firthLogit(ok, { y: 'y', x: ['x', 'x2'] })).toThrow(/'x2'/);
    // @ts-expect-error unknown option
    expect(() => firthLogit(ok, { y: 'y', x: ['x'], vcov: 'HC1' })).toThrow(SpecError);
    expect(() => firthLogit(ok, { y: 'y', x: ['x'], level: 1.5 })).toThrow(SpecError);
    const noProfile = firthLogit(ok, { y: 'y', x: ['x'], profile: false });
    expect(Number.isNaN(noProfile.rows[1]!.pValue)).toBe(true);
  });
});
