import { describe, expect, it } from 'vitest';
import { runAllocationPipeline, SpecError } from '../../src/index.js';

describe('runAllocationPipeline (small, seeded)', () => {
  const options = { households: 40_000, minHouseholdsPerMunicipality: 60, seed: 5, budgetYear: 2024 };
  const run = runAllocationPipeline(options);

  it('estimates on B−3, actualises to B−2, for B−1 and B', () => {
    expect(run.current).toMatchObject({ budgetYear: 2024, estimationYear: 2021, actualisationYear: 2022 });
    expect(run.previous).toMatchObject({ budgetYear: 2023, estimationYear: 2020, actualisationYear: 2021 });
  });

  it('allocates the macro budget to the cent in both years, every part to its pool', () => {
    for (const year of [run.previous, run.current]) {
      const a = year.allocation;
      const sum = (f: (m: (typeof a.municipalities)[number]) => number) =>
        a.municipalities.reduce((s, m) => s + f(m), 0);
      expect(sum((m) => m.totalCents)).toBe(690_000_000_000);
      expect(sum((m) => m.lksCents)).toBe(50_700_000_000);
      expect(sum((m) => m.dtiCents)).toBe(15_000_000_000);
      expect(sum((m) => m.objectiveCents + m.historicalCents)).toBe(
        690_000_000_000 - 50_700_000_000 - 15_000_000_000,
      );
      expect(a.municipalities).toHaveLength(342);
    }
  });

  it('reports the evaluation statistics of the budget reports as finite numbers per size class', () => {
    expect(run.shareChange.meanAbsoluteChange).toBeGreaterThan(0);
    expect(run.deviation.meanAbsoluteDeviation).toBeGreaterThan(0);
    expect(run.persistence.overall.rSquared).toBeGreaterThanOrEqual(0);
    expect(run.persistence.overall.rSquared).toBeLessThanOrEqual(1);
    expect(run.shareChange.bySizeClass.map((c) => c.sizeClass)).toEqual([
      '<15k',
      '15k-40k',
      '40k-100k',
      '100k-250k',
      '>=250k (G4)',
    ]);
    // Fully historical municipalities (< 15k) get exactly their population-corrected spending share
    // of the benefits pool M_b; their regular budget share deviates from the spending share only by
    // the LKS and DTI parts, which follow their own spending (S0 Fig 4.1: smallest, but not zero).
    const small = run.deviation.bySizeClass.find((c) => c.sizeClass === '<15k')!;
    expect(small.value).toBeGreaterThan(0);
    const total = 690_000_000_000;
    const benefitsPool = (total - 50_700_000_000 - 15_000_000_000) / total;
    const allocated = new Map(run.current.allocation.municipalities.map((m) => [m.municipality, m]));
    const smallOnes = run.deviation.municipalities.filter((d) => d.sizeClass === '<15k');
    expect(smallOnes.length).toBeGreaterThan(30);
    for (const d of smallOnes) {
      const a = allocated.get(d.municipality)!;
      expect(a.objectiveCents).toBe(0);
      expect(a.historicalCents / total / d.spendingShare).toBeCloseTo(benefitsPool, 6);
      expect(d.deviation).toBeCloseTo(
        (a.historicalCents + a.lksCents + a.dtiCents) / total / d.spendingShare - 1,
        9,
      );
    }
    for (const y of run.spendingFit.byYear) expect(y.rSquared).toBeGreaterThan(0.5);
  });

  it('is deterministic per seed and rejects a bad budget year', () => {
    const again = runAllocationPipeline(options);
    expect(again.current.allocation.municipalities.map((m) => m.totalCents)).toEqual(
      run.current.allocation.municipalities.map((m) => m.totalCents),
    );
    expect(() => runAllocationPipeline({ ...options, budgetYear: 20.5 })).toThrowError(SpecError);
  });
});
