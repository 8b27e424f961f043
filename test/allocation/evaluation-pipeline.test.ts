import { describe, expect, it } from 'vitest';
import { allocateBudget } from '../../src/allocation/allocate-budget.js';
import type { MunicipalityBudgetInput } from '../../src/allocation/budget-input.js';
import { budgetShareChange } from '../../src/allocation/budget-share-change.js';
import { budgetSpendingDeviation } from '../../src/allocation/budget-spending-deviation.js';
import { deviationPersistence } from '../../src/allocation/deviation-persistence.js';
import { evaluationBySizeClass, summarizeEvaluation } from '../../src/allocation/evaluation-by-size-class.js';
import { municipalityValuesOf } from '../../src/allocation/municipality-values-of.js';
import { createRng } from '../../src/internal/random.js';

/** 342 Dutch-like municipalities with two model years; deterministic per seed. */
function scenario(seed: number) {
  const rng = createRng(seed);
  const ids = Array.from({ length: 342 }, (_, i) => `GM${String(i + 1).padStart(4, '0')}`);
  const base = ids.map((id, i) => {
    const inhabitants =
      i < 4 ? 300_000 + 200_000 * rng.uniform() : Math.round(Math.exp(9.6 + 0.9 * rng.normal()) + 1000);
    const rate = 0.004 * Math.exp(0.3 * rng.normal()) * (1 + inhabitants / 200_000);
    const popBefore = Math.round(inhabitants / (1 + 0.01 * rng.normal()));
    return { id, inhabitants, rate, popBefore };
  });
  const year = (drift: number): MunicipalityBudgetInput[] =>
    base.map((b) => {
      const truth = b.inhabitants * b.rate * 15_000;
      return {
        municipality: b.id,
        inhabitants: b.inhabitants,
        predictedSpending: truth * Math.exp(0.08 * rng.normal() + drift),
        spendingTwoYearsEarlier: truth * Math.exp(0.06 * rng.normal()),
        inhabitantsTwoYearsEarlier: b.popBefore,
        inhabitantsPreviousYear: b.inhabitants,
      };
    });
  return { previous: year(0), current: year(0.01) };
}

describe('evaluation pipeline: allocate two years, then MAPC / MAD / persistence by size class', () => {
  const { previous, current } = scenario(2024);
  const a0 = allocateBudget({ municipalities: previous, macroBudget: 6.4e9 });
  const a1 = allocateBudget({ municipalities: current, macroBudget: 6.393e9 });
  const inhabitants = municipalityValuesOf(current, 'inhabitants');
  const deviationOf = (a: typeof a0, rows: MunicipalityBudgetInput[]) =>
    budgetSpendingDeviation({
      budget: municipalityValuesOf(a.municipalities, 'budgetShare'),
      spending: municipalityValuesOf(rows, 'spendingTwoYearsEarlier'),
      inhabitantsTwoYearsEarlier: municipalityValuesOf(rows, 'inhabitantsTwoYearsEarlier'),
      inhabitantsPreviousYear: municipalityValuesOf(rows, 'inhabitantsPreviousYear'),
      inhabitants,
    });
  const shareChange = budgetShareChange({
    previous: municipalityValuesOf(a0.municipalities, 'totalCents'),
    current: municipalityValuesOf(a1.municipalities, 'totalCents'),
    inhabitants,
  });
  const d0 = deviationOf(a0, previous);
  const deviation = deviationOf(a1, current);
  const persistence = deviationPersistence({
    previous: municipalityValuesOf(d0.municipalities, 'deviation'),
    current: municipalityValuesOf(deviation.municipalities, 'deviation'),
    inhabitants,
  });

  it('fully historical municipalities (<15k) have budget share = spending share, so MAD 0 there', () => {
    const small = deviation.municipalities.filter((m) => m.sizeClass === '<15k');
    expect(small.length).toBeGreaterThan(20);
    for (const m of small) expect(Math.abs(m.deviation)).toBeLessThan(1e-12);
    expect(deviation.bySizeClass[0]!.value).toBeLessThan(1e-12);
    // Their deviations are rounding noise, so the persistence R² is "not defined" rather than an R² of noise.
    expect(persistence.bySizeClass[0]).toEqual({ sizeClass: '<15k', n: small.length, value: null });
  });

  it('the combined table agrees with the single statistics and covers every municipality', () => {
    const table = evaluationBySizeClass({ shareChange, deviation, persistence });
    const all = table.at(-1)!;
    expect(all).toEqual({
      sizeClass: 'all',
      n: 342,
      meanAbsoluteChange: shareChange.meanAbsoluteChange,
      meanAbsoluteDeviation: deviation.meanAbsoluteDeviation,
      persistenceRSquared: persistence.overall.rSquared,
    });
    expect(table.slice(0, -1).reduce((s, r) => s + r.n, 0)).toBe(342);
    // Larger municipalities are objectively budgeted, so their deviations reflect model noise (≈ 8% here).
    expect(deviation.bySizeClass[2]!.value!).toBeGreaterThan(0.03);
    expect(summarizeEvaluation({ shareChange, deviation, persistence }).split('\n')).toHaveLength(8);
  });

  it('is deterministic for a seed', () => {
    const again = scenario(2024);
    expect(allocateBudget({ municipalities: again.current, macroBudget: 6.393e9 })).toEqual(a1);
  });
});
