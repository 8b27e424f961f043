/**
 * Issue 18, class 6: no silent NaN or Infinity. Budgets up to the largest double give finite, correct
 * balances; an answer beyond the range of doubles, a zero budget, a comparison group without variance
 * or an all-equal indicator is a typed error naming the municipality, year and/or column.
 */
import { describe, expect, it } from 'vitest';
import { balances } from '../../src/outliers/balances.js';
import { compareGroups } from '../../src/outliers/compare-groups.js';
import { cumulativeBalance } from '../../src/outliers/cumulative-balance.js';
import { decomposeSpendingGap } from '../../src/outliers/decompose-spending-gap.js';
import { explainedVariance } from '../../src/outliers/explained-variance.js';
import { flagOutliers } from '../../src/outliers/flag-outliers.js';
import { meanYearlyBalance } from '../../src/outliers/mean-yearly-balance.js';
import { movingIndex } from '../../src/outliers/moving-index.js';
import { neighbourhoodIndices } from '../../src/outliers/neighbourhood-indices.js';
import { segregationIndex } from '../../src/outliers/segregation-index.js';
import { selectExtremes } from '../../src/outliers/select-extremes.js';
import { sumAbsoluteBalance } from '../../src/outliers/sum-absolute-balance.js';
import { fixture } from './fixture.js';

const BIG = 1.7e308;

function finiteEverywhere(value: unknown): void {
  JSON.stringify(value, (_, v) => {
    if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
    return v;
  });
}

describe('balances with a budget of 1.7e308 (the sums overflow)', () => {
  const rows = [
    { municipality: 'A', year: 2019, budget: BIG, spending: BIG * 0.9 },
    { municipality: 'A', year: 2020, budget: BIG, spending: BIG * 1.05 },
    { municipality: 'B', year: 2019, budget: 100, spending: 90 },
    { municipality: 'B', year: 2020, budget: 100, spending: 105 },
    { municipality: 'C', year: 2019, budget: BIG, spending: BIG },
    { municipality: 'C', year: 2020, budget: BIG, spending: BIG * 1.05 },
  ];
  it('gives the same ratios as the same budgets in small units, all finite', () => {
    const b = balances(rows);
    finiteEverywhere(b);
    const [a, small] = b.municipalities;
    expect(a?.meanBalance).toBeCloseTo(small?.meanBalance as number, 14);
    expect(a?.sumAbsoluteBalance).toBeCloseTo(small?.sumAbsoluteBalance as number, 14);
    expect(a?.cumulativeBalance).toBeCloseTo(small?.cumulativeBalance as number, 14);
    // Σ budget − Σ spending = 0.05 · 1.7e308 fits in a double even though Σ budget does not.
    expect((a?.cumulativeAmount as number) / (BIG * 0.05)).toBeCloseTo(1, 12);
    for (let t = 0; t < 2; t++) {
      expect(b.yearly[t]?.balance).toBeCloseTo(b.yearly[t + 2]?.balance as number, 14);
    }
    const sel = selectExtremes(b, { n: 1 });
    finiteEverywhere(sel);
    expect(sel.deficit[0]?.municipality).toBe('C');
    expect(sel.deficit[0]?.value).toBeCloseTo(-0.025, 14);
  });
  it('spending of −1.7e308 against a budget of 1.7e308 gives the balance 2 (budget − spending overflows)', () => {
    // The next year's spending brings the cumulative amount back into range: Σ budget − Σ spending ≈ 1.7e308.
    const b = balances([
      { municipality: 'A', year: 2020, budget: BIG, spending: -BIG },
      { municipality: 'A', year: 2021, budget: 1, spending: BIG },
    ]);
    expect(b.yearly.map((r) => r.balance)).toEqual([2, 1 - BIG]);
    expect(b.municipalities[0]).toMatchObject({ cumulativeAmount: BIG, cumulativeBalance: 1 });
    expect(b.municipalities[0]?.meanBalance).toBe((2 + (1 - BIG)) / 2);
  });
  it('an amount beyond the range of doubles is a too-large error naming the municipality and the budget column', () => {
    const rows2 = [
      { municipality: 'A', year: 2019, budget: BIG, spending: -BIG },
      { municipality: 'A', year: 2020, budget: BIG, spending: -BIG },
    ];
    expect(() => balances(rows2)).toThrow(
      expect.objectContaining({ code: 'too-large', municipality: 'A', column: 'budget' }),
    );
  });
  it('a budget so small that the balance overflows (5e-324 against 1) is too-large, with the year and row', () => {
    expect(() => balances([{ municipality: 'A', year: 2020, budget: 5e-324, spending: 1 }])).toThrow(
      expect.objectContaining({ code: 'too-large', municipality: 'A', year: 2020, row: 1, column: 'budget' }),
    );
  });
  it('a zero or negative budget is invalid-value (not a division by zero)', () => {
    for (const budget of [0, -0, -5]) {
      expect(() => balances([{ municipality: 'A', year: 2020, budget, spending: 1 }])).toThrow(
        expect.objectContaining({ code: 'invalid-value', municipality: 'A', column: 'budget' }),
      );
    }
  });
});

describe('the summary functions on extreme values', () => {
  it('cumulativeBalance at 1.7e308, and a summed budget of 0', () => {
    const c = cumulativeBalance([BIG, BIG], [BIG, BIG * 0.5]);
    expect(c.ratio).toBeCloseTo(0.25, 14);
    expect(c.amount / (BIG * 0.5)).toBeCloseTo(1, 12);
    expect(() => cumulativeBalance([BIG, BIG], [-BIG, -BIG])).toThrow(
      expect.objectContaining({ code: 'too-large' }),
    );
    expect(() => cumulativeBalance([1, -1], [0, 0])).toThrow(
      expect.objectContaining({ code: 'invalid-value' }),
    );
    expect(() => cumulativeBalance([1, Number.POSITIVE_INFINITY], [0, 0])).toThrow(
      expect.objectContaining({ code: 'not-finite' }),
    );
  });
  it('meanYearlyBalance of huge balances is finite; sumAbsoluteBalance says too-large', () => {
    expect(meanYearlyBalance([BIG, BIG, -BIG / 2])).toBeCloseTo(BIG / 2, -300);
    expect(Number.isFinite(meanYearlyBalance([BIG, BIG]))).toBe(true);
    expect(() => sumAbsoluteBalance([BIG, -BIG])).toThrow(expect.objectContaining({ code: 'too-large' }));
  });
});

describe('indicators at extreme scales give the z-scores and coefficients of the unscaled data', () => {
  const data = (scale: number) => [0, 2, 4, 6.5, -3].map((x, i) => ({ municipality: `m${i}`, x: x * scale }));
  const options = { indicators: ['x'], group: ['m3', 'm4'], comparison: ['m0', 'm1', 'm2'] };
  for (const scale of [1e300, 1e-300, 2 ** 1000]) {
    it(`flagOutliers with values × ${scale}`, () => {
      const z = flagOutliers(data(scale), options).flags.map((f) => f.z);
      expect(z[0]).toBeCloseTo(2.25, 12);
      expect(z[1]).toBeCloseTo(-2.5, 12);
    });
  }
  it('an SD or a z-score beyond the range of doubles is too-large, naming the indicator (and municipality)', () => {
    const wide = [BIG, -BIG, BIG, 0].map((x, i) => ({ municipality: `m${i}`, x }));
    expect(() =>
      flagOutliers(wide, { indicators: ['x'], group: ['m3'], comparison: ['m0', 'm1', 'm2'] }),
    ).toThrow(expect.objectContaining({ code: 'too-large', indicator: 'x' }));
    const far = [0, 1e-300, 2e-300, BIG].map((x, i) => ({ municipality: `m${i}`, x }));
    expect(() =>
      flagOutliers(far, { indicators: ['x'], group: ['m3'], comparison: ['m0', 'm1', 'm2'] }),
    ).toThrow(expect.objectContaining({ code: 'too-large', indicator: 'x', municipality: 'm3' }));
  });
  it('compareGroups with an indicator × 1e300 equals the unscaled comparison', () => {
    const { deficit, surplus, comparison } = fixture.groups;
    const scaled = {
      ...fixture.features,
      movingIndex: fixture.features.movingIndex.map((v) => Number(v) * 1e300),
    };
    const base = { indicators: ['movingIndex'], deficit, surplus, comparison };
    const a = compareGroups(fixture.features, base).table[0];
    const b = compareGroups(scaled, base).table[0];
    expect(b?.comparisonSd).toBeCloseTo((a?.comparisonSd as number) * 1e300, -288);
    expect(b?.deficitEstimate).toBeCloseTo(a?.deficitEstimate as number, 10);
    expect(b?.differencePValue).toBeCloseTo(a?.differencePValue as number, 10);
  });
});

describe('zero variance and all-equal values are errors, not NaN', () => {
  const { deficit, surplus, comparison } = fixture.groups;
  const base = { indicators: ['flat'], deficit, surplus, comparison };
  it('an indicator constant in the comparison group, also up to rounding noise', () => {
    const ids = fixture.features.municipality;
    const flat = { ...fixture.features, flat: ids.map((_, i) => 0.3 + (i % 2) * 5.551115123125783e-17) };
    expect(() => compareGroups(flat, base)).toThrow(
      expect.objectContaining({ code: 'zero-variance', indicator: 'flat' }),
    );
    const allEqual = { ...fixture.features, flat: ids.map(() => 7) };
    expect(() => flagOutliers(allEqual, { indicators: ['flat'], group: deficit, comparison })).toThrow(
      expect.objectContaining({ code: 'zero-variance', indicator: 'flat' }),
    );
  });
  it('a control constant up to rounding noise', () => {
    const ids = fixture.features.municipality;
    const noisy = { ...fixture.features, c: ids.map((_, i) => 1 + (i % 3) * 2.220446049250313e-16) };
    expect(() =>
      compareGroups(noisy, { indicators: ['movingIndex'], controls: ['c'], deficit, surplus, comparison }),
    ).toThrow(expect.objectContaining({ code: 'zero-variance', indicator: 'c', column: 'c' }));
  });
  it('explainedVariance: all-equal measure or component, and an extreme scale (R² unchanged)', () => {
    const rows = fixture.explained.data;
    const options = { component: 'volume', measure: 'inflow', na: 'omit' } as const;
    const ref = explainedVariance(rows, options);
    const scaled = explainedVariance(
      { ...rows, inflow: rows.inflow.map((v) => (v === null ? null : v * 1e300)) },
      options,
    );
    expect(scaled.period.r2).toBeCloseTo(ref.period.r2, 10);
    scaled.yearly.forEach((y, i) => {
      expect(y.r2).toBeCloseTo(ref.yearly[i]?.r2 as number, 10);
    });
    const tiny = explainedVariance({ ...rows, volume: rows.volume.map((v) => v * 1e-300) }, options);
    expect(tiny.pooled.r2).toBeCloseTo(ref.pooled.r2, 10);
    const flat = { ...rows, volume: rows.volume.map(() => -0.01) };
    expect(() => explainedVariance(flat, options)).toThrow(
      expect.objectContaining({ code: 'zero-variance', indicator: 'volume' }),
    );
  });
});

describe('counts and recipients at extreme scales', () => {
  it('segregation and moving indices of counts near 1e308 equal those of small counts', () => {
    expect(segregationIndex([1e308, 1e308], [1e308, 3e307])).toBeCloseTo(
      segregationIndex([1, 1], [1, 0.3]),
      14,
    );
    expect(movingIndex([1e308, 1e308], [1e308, 3e307])).toBeCloseTo(movingIndex([1, 1], [1, 0.3]), 14);
    const res = neighbourhoodIndices([
      { municipality: 'A', group: 1e308, other: 1e308 },
      { municipality: 'A', group: 1e308, other: 3e307 },
    ]);
    finiteEverywhere(res);
    expect(res.rows[0]?.groupShare).toBeCloseTo(2 / 3.3, 14);
  });
  it('decomposeSpendingGap with amounts and recipients near 1.7e308 stays finite and V + P = B', () => {
    const res = decomposeSpendingGap([
      { municipality: 'A', year: 2020, budget: BIG, spending: -BIG, recipients: 0, predictedRecipients: BIG },
      {
        municipality: 'A',
        year: 2021,
        budget: BIG,
        spending: BIG * 0.5,
        recipients: BIG,
        predictedRecipients: BIG / 2,
      },
    ]);
    finiteEverywhere(res);
    expect(res.yearly.map((r) => [r.balance, r.volume])).toEqual([
      [2, 1],
      [0.5, -1],
    ]);
    for (const r of res.yearly) expect(r.volume + r.price).toBeCloseTo(r.balance, 14);
  });
  it("recipients 1e308 against predicted 1e-10 with volumeDenominator 'predicted' is too-large, naming the row", () => {
    expect(() =>
      decomposeSpendingGap([
        {
          municipality: 'A',
          year: 2020,
          budget: 1,
          spending: 1,
          recipients: BIG,
          predictedRecipients: 1e-10,
        },
      ]),
    ).toThrow(expect.objectContaining({ code: 'too-large', municipality: 'A', year: 2020, row: 1 }));
  });
});
