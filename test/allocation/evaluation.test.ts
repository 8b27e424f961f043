import { sampleCorrelation } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { budgetShareChange } from '../../src/allocation/budget-share-change.js';
import { budgetSpendingDeviation } from '../../src/allocation/budget-spending-deviation.js';
import { deviationPersistence } from '../../src/allocation/deviation-persistence.js';
import { MunicipalityError } from '../../src/allocation/errors.js';
import { spendingFit } from '../../src/allocation/spending-fit.js';
import { DataError, SpecError } from '../../src/errors.js';

const inhabitants = { A: 300_000, B: 20_000, C: 10_000 };

describe('budgetShareChange', () => {
  it('budgetShareChange(shares): Δ = (−0.1, +0.2, −0.05) → MAPC 0.35/3, per size class', () => {
    // previous shares (0.5, 0.3, 0.2) → current (0.45, 0.36, 0.19).
    const r = budgetShareChange({
      previous: { A: 0.5, B: 0.3, C: 0.2 },
      current: { A: 0.45, B: 0.36, C: 0.19 },
      inhabitants,
    });
    expect(r.municipalities.map((m) => m.change)).toEqual([
      expect.closeTo(-0.1, 14),
      expect.closeTo(0.2, 14),
      expect.closeTo(-0.05, 14),
    ]);
    expect(r.meanAbsoluteChange).toBeCloseTo(0.35 / 3, 14);
    expect(r.bySizeClass).toEqual([
      { sizeClass: '<15k', n: 1, value: expect.closeTo(0.05, 14) },
      { sizeClass: '15k-40k', n: 1, value: expect.closeTo(0.2, 14) },
      { sizeClass: '40k-100k', n: 0, value: null },
      { sizeClass: '100k-250k', n: 0, value: null },
      { sizeClass: '>=250k (G4)', n: 1, value: expect.closeTo(0.1, 14) },
    ]);
    expect(r.municipalities.map((m) => m.sizeClass)).toEqual(['>=250k (G4)', '15k-40k', '<15k']);
  });

  it('budgetShareChange(budgets in euros) normalises to shares first, so the macro level drops out', () => {
    const r = budgetShareChange({
      previous: { A: 500, B: 300, C: 200 },
      current: { A: 900, B: 720, C: 380 },
    });
    expect(r.meanAbsoluteChange).toBeCloseTo(0.35 / 3, 14);
    expect(r.bySizeClass).toEqual([]);
  });

  it('budgetShareChange(..., weights) gives the weighted mean: (300·0.1 + 20·0.2 + 10·0.05)/330', () => {
    const r = budgetShareChange({
      previous: { A: 0.5, B: 0.3, C: 0.2 },
      current: { A: 0.45, B: 0.36, C: 0.19 },
      weights: inhabitants,
    });
    expect(r.meanAbsoluteChange).toBeCloseTo(34.5 / 330, 14);
    expect(r.options.weighted).toBe(true);
  });

  it('names municipalities missing from one input and zero previous shares', () => {
    expect(() => budgetShareChange({ previous: { A: 1, B: 1 }, current: { A: 1, C: 1 } })).toThrow(
      expect.objectContaining({ code: 'unknown-unit', ids: ['B'] }),
    );
    expect(() =>
      budgetShareChange({ previous: { A: 1, B: 1 }, current: { A: 1, B: 1 }, inhabitants: { A: 1 } }),
    ).toThrow(/missing from inhabitants/);
    // The other way round: a code that only the later input has.
    expect(() => budgetShareChange({ previous: { A: 1 }, current: { A: 1, C: 1 } })).toThrow(
      expect.objectContaining({
        code: 'unknown-unit',
        ids: ['C'],
        column: 'previous',
        message: expect.stringMatching(/'C' are in current but missing from previous/),
      }),
    );
    expect(() => budgetShareChange({ previous: { A: 1, B: 0 }, current: { A: 1, B: 1 } })).toThrow(
      expect.objectContaining({ code: 'out-of-range', ids: ['B'] }),
    );
    expect(() => budgetShareChange({ previous: { A: 1, B: Number.NaN }, current: { A: 1, B: 1 } })).toThrow(
      MunicipalityError,
    );
    expect(() => budgetShareChange({ previous: {}, current: {} })).toThrow(
      expect.objectContaining({ code: 'empty' }),
    );
    expect(() => budgetShareChange({ previous: { A: 1 }, current: { A: 1 }, weights: { A: 0 } })).toThrow(
      /weights are all 0/,
    );
  });
});

describe('budgetSpendingDeviation', () => {
  it('budgetSpendingDeviation(ratio correction) matches the hand computation', () => {
    /*
     * Budget shares (0.45, 0.36, 0.19). Spending (40, 30, 30), population growth (1, 1, 1.2) → (40, 30, 36),
     * total 106. dev_A = 0.45·106/40 − 1 = 0.1925; dev_B = 0.36·106/30 − 1 = 0.272;
     * dev_C = 0.19·106/36 − 1 = −0.44055…; MAD = (0.1925 + 0.272 + 0.44055…)/3.
     */
    const r = budgetSpendingDeviation({
      budget: { A: 45, B: 36, C: 19 },
      spending: { A: 40, B: 30, C: 30 },
      inhabitantsTwoYearsEarlier: { A: 100, B: 100, C: 100 },
      inhabitantsPreviousYear: { A: 100, B: 100, C: 120 },
      inhabitants,
    });
    const devC = (0.19 * 106) / 36 - 1;
    expect(r.municipalities.map((m) => m.deviation)).toEqual([
      expect.closeTo(0.1925, 14),
      expect.closeTo(0.272, 14),
      expect.closeTo(devC, 14),
    ]);
    expect(r.municipalities[2]!.spendingShare).toBeCloseTo(36 / 106, 15);
    expect(r.meanAbsoluteDeviation).toBeCloseTo((0.1925 + 0.272 - devC) / 3, 14);
    expect(r.bySizeClass[0]).toEqual({ sizeClass: '<15k', n: 1, value: expect.closeTo(-devC, 14) });
  });

  it("budgetSpendingDeviation(..., { inhabitantsCorrection: 'none' }) uses raw spending shares", () => {
    const r = budgetSpendingDeviation(
      { budget: { A: 55, B: 45 }, spending: { A: 50, B: 50 } },
      { inhabitantsCorrection: 'none' },
    );
    expect(r.meanAbsoluteDeviation).toBeCloseTo(0.1, 15);
  });

  it('requires populations for the ratio correction and names zero spending shares', () => {
    expect(() => budgetSpendingDeviation({ budget: { A: 1 }, spending: { A: 1 } })).toThrow(SpecError);
    expect(() =>
      budgetSpendingDeviation(
        { budget: { A: 1, B: 1 }, spending: { A: 1, B: 0 } },
        { inhabitantsCorrection: 'none' },
      ),
    ).toThrow(expect.objectContaining({ code: 'out-of-range', ids: ['B'] }));
  });
});

describe('deviationPersistence', () => {
  it('deviationPersistence: x = (0,1,2,3), y = (1,3,2,5) → R² = 5.5²/(5·8.75), slope 1.1, intercept 1.1', () => {
    const r = deviationPersistence({
      previous: { A: 0, B: 1, C: 2, D: 3 },
      current: { A: 1, B: 3, C: 2, D: 5 },
    });
    expect(r.overall.rSquared).toBeCloseTo(30.25 / 43.75, 14);
    expect(r.overall.slope).toBeCloseTo(1.1, 14);
    expect(r.overall.intercept).toBeCloseTo(1.1, 14);
    expect(r.overall.n).toBe(4);
    expect(r.overall.rSquared).toBeCloseTo(sampleCorrelation([0, 1, 2, 3], [1, 3, 2, 5]) ** 2, 14);
  });

  it('deviationPersistence(..., weights): weight 2 on A equals duplicating A', () => {
    const weighted = deviationPersistence({
      previous: { A: 0, B: 1, C: 2, D: 3 },
      current: { A: 1, B: 3, C: 2, D: 5 },
      weights: { A: 2, B: 1, C: 1, D: 1 },
    });
    expect(weighted.overall.rSquared).toBeCloseTo(
      sampleCorrelation([0, 0, 1, 2, 3], [1, 1, 3, 2, 5]) ** 2,
      14,
    );
  });

  it('per size class R² is null where undefined; overall needs 3 municipalities and variation', () => {
    const r = deviationPersistence({
      previous: { A: 0, B: 1, C: 2, D: 3 },
      current: { A: 1, B: 3, C: 2, D: 5 },
      inhabitants: { A: 5000, B: 6000, C: 7000, D: 300_000 },
    });
    expect(r.bySizeClass[0]).toEqual({ sizeClass: '<15k', n: 3, value: expect.closeTo(0.25, 14) });
    expect(r.bySizeClass[4]).toEqual({ sizeClass: '>=250k (G4)', n: 1, value: null });
    expect(() => deviationPersistence({ previous: { A: 0, B: 1 }, current: { A: 0, B: 1 } })).toThrow(
      expect.objectContaining({ code: 'too-few-rows' }),
    );
    expect(() =>
      deviationPersistence({ previous: { A: 1, B: 1, C: 1 }, current: { A: 0, B: 1, C: 2 } }),
    ).toThrow(expect.objectContaining({ code: 'zero-variance' }));
  });
});

describe('spendingFit', () => {
  const rows = [
    { municipality: 'A', year: 2022, predicted: 1, actual: 1.1, inhabitants: 10_000 },
    { municipality: 'B', year: 2022, predicted: 2, actual: 1.9, inhabitants: 20_000 },
    { municipality: 'C', year: 2022, predicted: 3, actual: 3.2, inhabitants: 50_000 },
    { municipality: 'A', year: 2021, predicted: 1, actual: 1.3, inhabitants: 10_000 },
    { municipality: 'B', year: 2021, predicted: 2, actual: 1.7, inhabitants: 20_000 },
    { municipality: 'C', year: 2021, predicted: 3, actual: 3.0, inhabitants: 50_000 },
  ];

  it('spendingFit(rows): per-year, pooled and period R² (OLS = squared correlation)', () => {
    const r = spendingFit(rows);
    // 2022 by hand: dx = (−1, 0, 1), dy = (−0.9667, −0.1667, 1.1333), Sxy = 2.1, Sxx = 2, Syy = 2.24667.
    expect(r.byYear[1]).toEqual({
      year: 2022,
      n: 3,
      rSquared: expect.closeTo(2.1 ** 2 / (2 * (2.24 + 0.02 / 3)), 12),
    });
    expect(r.byYear[0]!.rSquared).toBeCloseTo(sampleCorrelation([1, 2, 3], [1.3, 1.7, 3.0]) ** 2, 14);
    expect(r.pooled).toEqual({
      n: 6,
      rSquared: expect.closeTo(
        sampleCorrelation([1, 2, 3, 1, 2, 3], [1.1, 1.9, 3.2, 1.3, 1.7, 3.0]) ** 2,
        14,
      ),
    });
    // Period means: actual (1.2, 1.8, 3.1) vs predicted (1, 2, 3).
    expect(r.period).toEqual({
      n: 3,
      rSquared: expect.closeTo(sampleCorrelation([1, 2, 3], [1.2, 1.8, 3.1]) ** 2, 14),
    });
    expect(r.bySizeClass.map((s) => s.n)).toEqual([2, 2, 2, 0, 0]);
    expect(r.bySizeClass[0]!.value).toBeNull();
  });

  it("spendingFit(rows, { method: 'identity' }): 1 − SSE/SST against the 45° line", () => {
    const r = spendingFit(rows.slice(0, 3), { method: 'identity' });
    // SSE = 0.01 + 0.01 + 0.04 = 0.06; SST = 2.24667.
    expect(r.pooled.rSquared).toBeCloseTo(1 - 0.06 / (2.24 + 0.02 / 3), 12);
  });

  it("spendingFit(rows, { scale: 'shares', method: 'identity' }) compares within-year shares", () => {
    const scaled = rows.slice(0, 3).map((r) => ({ ...r, predicted: r.predicted * 1000 }));
    const r = spendingFit(scaled, { scale: 'shares', method: 'identity' });
    // predicted shares (1, 2, 3)/6, actual (1.1, 1.9, 3.2)/6.2.
    const p = [1 / 6, 2 / 6, 3 / 6];
    const a = [1.1 / 6.2, 1.9 / 6.2, 3.2 / 6.2];
    const sse = a.reduce((s, v, i) => s + (v - p[i]!) ** 2, 0);
    const sst = a.reduce((s, v) => s + (v - 1 / 3) ** 2, 0);
    expect(r.pooled.rSquared).toBeCloseTo(1 - sse / sst, 14);
  });

  it('rejects duplicates, missing values and inconsistent optional columns', () => {
    expect(() => spendingFit([...rows, rows[0]!])).toThrow(
      expect.objectContaining({ code: 'duplicate', ids: ['A (2022)'] }),
    );
    expect(() =>
      spendingFit(rows.map((r) => (r.municipality === 'B' ? { ...r, actual: Number.NaN } : r))),
    ).toThrow(expect.objectContaining({ code: 'missing-value', ids: ['B', 'B'] }));
    expect(() => spendingFit(rows.map((r, i) => (i === 0 ? { ...r, inhabitants: undefined } : r)))).toThrow(
      /every row or none/,
    );
    expect(() => spendingFit([])).toThrow(DataError);
    expect(() => spendingFit(rows.slice(0, 2))).toThrow(expect.objectContaining({ code: 'too-few-rows' }));
  });
});
