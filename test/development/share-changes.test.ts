import { describe, expect, it } from 'vitest';
import { allocateBudget } from '../../src/allocation/index.js';
import {
  explainShareChanges,
  largestChangers,
  type ShareChangeYear,
  SYNTHETIC_FEATURE_GROUPS,
} from '../../src/development/index.js';
import { DataError, SpecError } from '../../src/errors.js';
import { generateHouseholds } from '../../src/generate/index.js';
import { fitPriceModel, predictSpending } from '../../src/price/index.js';
import { fitVolumeModel } from '../../src/volume/index.js';

/** One budget year B on synthetic data: models on B − 3, actualised to B − 2, budget inputs from year B's table. */
function budgetYear(
  B: number,
  options: { households?: number; macro?: number; lks?: number; dti?: number } = {},
): ShareChangeYear & { households: ReturnType<ReturnType<typeof generateHouseholds>['columns']> } {
  const n = options.households ?? 30_000;
  const gen = (year: number) => generateHouseholds({ households: n, seed: 7, year, municipalities: 40 });
  const est = gen(B - 3).columns();
  const act = gen(B - 2);
  const known = gen(B).municipalities;
  const m = known;
  return {
    budgetYear: B,
    volume: fitVolumeModel(est),
    price: fitPriceModel(est),
    households: act.columns(),
    municipalities: m.id.map((municipality, i) => ({
      municipality,
      inhabitants: m.inhabitantsPreviousYear[i]!,
      spendingTwoYearsEarlier: m.spendingTwoYearsBefore[i]!,
      inhabitantsTwoYearsEarlier: m.inhabitantsTwoYearsBefore[i]!,
      inhabitantsPreviousYear: m.inhabitantsPreviousYear[i]!,
      lksSpendingPreviousYear: m.lksSpendingPreviousYear[i]!,
      dtiSpending: m.dtiSpendingTwoYearsBefore[i]!,
      householdWeight: act.municipalities.householdWeight[i]!,
    })),
    macroBudget: options.macro ?? 6.9e9,
    lksBudget: options.lks ?? 507e6,
    dtiBudget: options.dti ?? 150e6,
  };
}

/** Budget shares of allocateBudget on a year's inputs, predicting with the given models on the given households. */
function sharesBy(year: ShareChangeYear, models: Pick<ShareChangeYear, 'volume' | 'price' | 'households'>) {
  const spending = predictSpending({
    volume: models.volume,
    price: models.price,
    households: models.households as never,
  });
  const pb = new Map(spending.map((s) => [s.municipality, s.expectedSpending]));
  const rows = (year.municipalities as readonly Record<string, number>[]).map(
    ({ householdWeight, municipality, ...r }) => ({
      ...r,
      municipality: municipality as unknown as string,
      predictedSpending: pb.get(municipality as unknown as string)! * householdWeight!,
    }),
  );
  const a = allocateBudget({
    municipalities: rows as never,
    macroBudget: year.macroBudget,
    lksBudget: year.lksBudget!,
    dtiBudget: year.dtiBudget!,
  });
  return new Map(a.municipalities.map((x) => [x.municipality, x.budgetShare]));
}

/** What `fn` throws (fails the test when it does not throw). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

const previous = budgetYear(2023, { macro: 6.6e9, lks: 450e6, dti: 140e6 });
const current = budgetYear(2024);

describe('explainShareChanges', () => {
  const sequential = explainShareChanges(previous, current);

  it('reproduces both years’ allocations at its ends', () => {
    // The end points are the allocations the pipeline makes: predicted spending × household weight, allocated.
    for (const [year, key] of [
      [previous, 'previousShare'],
      [current, 'currentShare'],
    ] as const) {
      const share = sharesBy(year, year);
      for (const m of sequential.municipalities) {
        expect(Math.abs(m[key] - share.get(m.municipality)!)).toBeLessThan(1e-14);
      }
    }
  });

  it('has parts that add up to the change for every municipality and size class (to 1e-12)', () => {
    expect(sequential.parts.map((p) => p.name)).toEqual([
      're-estimation',
      ...SYNTHETIC_FEATURE_GROUPS.map((g) => g.name),
      'households',
      'interaction',
      'size-class mix',
      'historical',
      'LKS',
      'DTI',
      'macro totals',
    ]);
    for (const m of sequential.municipalities) {
      const sum = m.parts.reduce((a, x) => a + x, 0);
      expect(Math.abs(sum - m.change)).toBeLessThan(1e-12 * m.previousShare);
      expect(m.change).toBeCloseTo(m.currentShare - m.previousShare, 15);
    }
    for (const c of sequential.bySizeClass) {
      expect(Math.abs(c.parts.reduce((a, x) => a + x, 0) - c.change)).toBeLessThan(1e-12);
    }
    expect(sequential.maxResidual).toBeLessThan(1e-15);
    // Shares sum to 1 in both years, so each part sums to 0 over all municipalities.
    for (let j = 0; j < sequential.parts.length; j++) {
      expect(Math.abs(sequential.municipalities.reduce((a, m) => a + m.parts[j]!, 0))).toBeLessThan(1e-12);
    }
  });

  it('gives each part the change of its own ingredient', () => {
    const j = (name: string) => sequential.parts.findIndex((p) => p.name === name);
    // Only the totals change in the last step: a municipality with no LKS or DTI money keeps its benefits share
    // of the regular budget, so the macro-totals part is what the pool sizes do (nonzero: LKS and DTI budgets change).
    const macro = sequential.municipalities.map((m) => m.parts[j('macro totals')]!);
    expect(macro.some((x) => Math.abs(x) > 1e-6)).toBe(true);
    // Same totals in both years: no macro part at all.
    const sameTotals = explainShareChanges(previous, {
      ...current,
      macroBudget: previous.macroBudget,
      lksBudget: previous.lksBudget!,
      dtiBudget: previous.dtiBudget!,
    });
    for (const m of sameTotals.municipalities) expect(m.parts[j('macro totals')]).toBe(0);
    // The same models in both years: no re-estimation and no interaction part.
    const sameModels = explainShareChanges(previous, {
      ...current,
      volume: previous.volume,
      price: previous.price,
    });
    for (const m of sameModels.municipalities) {
      expect(m.parts[j('re-estimation')]).toBe(0);
      expect(Math.abs(m.parts[j('interaction')]!)).toBeLessThan(1e-17);
    }
    // The same households in both years: every actualisation part is 0.
    const sameData = explainShareChanges(previous, {
      ...current,
      households: previous.households,
      municipalities: (current.municipalities as readonly Record<string, number>[]).map((r, i) => ({
        ...r,
        householdWeight: (previous.municipalities as readonly Record<string, number>[])[i]!.householdWeight!,
      })),
    });
    for (const m of sameData.municipalities) {
      for (const g of [...SYNTHETIC_FEATURE_GROUPS.map((x) => x.name), 'households', 'interaction']) {
        expect(Math.abs(m.parts[j(g)]!)).toBeLessThan(1e-17);
      }
    }
  });

  it('matches a hand-computed re-estimation part', () => {
    // Part (a) = shares with the current coefficients on the previous households − the previous shares.
    const share = sharesBy(previous, { ...current, households: previous.households });
    const j = sequential.parts.findIndex((p) => p.kind === 'reestimation');
    for (const m of sequential.municipalities) {
      expect(Math.abs(m.parts[j]! - (share.get(m.municipality)! - m.previousShare))).toBeLessThan(1e-14);
    }
  });

  it('averages over all orders with method shapley, and agrees with sequential on the total', () => {
    const shapley = explainShareChanges(previous, current, { method: 'shapley' });
    expect(shapley.maxResidual).toBeLessThan(1e-15);
    const groupParts = (r: typeof shapley, i: number) =>
      r.parts.flatMap((p, j) => (p.kind === 'actualisation' ? [r.municipalities[i]!.parts[j]!] : []));
    for (let i = 0; i < shapley.municipalities.length; i++) {
      const a = groupParts(shapley, i).reduce((x, y) => x + y, 0);
      const b = groupParts(sequential, i).reduce((x, y) => x + y, 0);
      expect(Math.abs(a - b)).toBeLessThan(1e-15);
      expect(shapley.municipalities[i]!.change).toBe(sequential.municipalities[i]!.change);
    }
    // With the groups in the reverse order, the Shapley parts stay the same and the sequential ones change.
    const reversed = [...SYNTHETIC_FEATURE_GROUPS].reverse();
    const shapleyReversed = explainShareChanges(previous, current, { method: 'shapley', groups: reversed });
    const sequentialReversed = explainShareChanges(previous, current, { groups: reversed });
    let orderMatters = 0;
    for (const g of SYNTHETIC_FEATURE_GROUPS) {
      const j1 = shapley.parts.findIndex((p) => p.group === g.name);
      const j2 = shapleyReversed.parts.findIndex((p) => p.group === g.name);
      shapley.municipalities.forEach((m, i) => {
        expect(Math.abs(m.parts[j1]! - shapleyReversed.municipalities[i]!.parts[j2]!)).toBeLessThan(1e-15);
        const j3 = sequential.parts.findIndex((p) => p.group === g.name);
        const j4 = sequentialReversed.parts.findIndex((p) => p.group === g.name);
        orderMatters = Math.max(
          orderMatters,
          Math.abs(
            sequential.municipalities[i]!.parts[j3]! - sequentialReversed.municipalities[i]!.parts[j4]!,
          ),
        );
      });
    }
    expect(orderMatters).toBeGreaterThan(1e-9);
  });

  it('puts the terms no group names in an automatic group, and still adds up', () => {
    const r = explainShareChanges(previous, current, {
      groups: [
        { name: 'health', terms: ['ggz', 'care_costs_high'] },
        { name: 'regional', terms: ['work_availability', 'low_skilled_work'] },
      ],
    });
    expect(r.groups.map((g) => g.name)).toEqual(['health', 'regional', 'other terms']);
    expect(r.groups[2]!.terms).toContain('hhtype');
    expect(r.groups[2]!.terms).toContain('hhgroup');
    expect(r.groups[2]!.terms).not.toContain('ggz');
    expect(r.maxResidual).toBeLessThan(1e-15);
    // The groups together move every term, so 'households' is the same part as with the default groups.
    const j = (x: typeof r, name: string) => x.parts.findIndex((p) => p.name === name);
    r.municipalities.forEach((m, i) => {
      const d = sequential.municipalities[i]!;
      expect(Math.abs(m.parts[j(r, 'households')]! - d.parts[j(sequential, 'households')]!)).toBeLessThan(
        1e-15,
      );
    });
  });

  it('has a summary, a tidy form and the largest changers', () => {
    const text = sequential.summary();
    expect(text).toContain('re-estimation');
    expect(text).toContain('>=250k (G4)');
    const tidy = sequential.tidy();
    expect(tidy.length).toBe(sequential.municipalities.length * sequential.parts.length);
    const top = largestChangers(sequential, 3);
    expect(top.length).toBe(3);
    const maxAbs = Math.max(...sequential.municipalities.map((m) => Math.abs(m.relativeChange)));
    expect(Math.abs(top[0]!.relativeChange)).toBe(maxAbs);
    expect(JSON.parse(JSON.stringify(sequential)).municipalities.length).toBe(40);
  });
});

describe('explainShareChanges bad input', () => {
  it('names an unknown term of a feature group', () => {
    const e = thrown(() =>
      explainShareChanges(previous, current, { groups: [{ name: 'health', terms: ['ggz', 'gzz'] }] }),
    );
    expect(e).toBeInstanceOf(SpecError);
    expect((e as SpecError).code).toBe('unknown-term');
    expect((e as SpecError).message).toContain("'gzz'");
    expect((e as SpecError).message).toContain("'health'");
  });

  it('rejects a term in two groups, duplicate names and too many groups for shapley', () => {
    expect(() =>
      explainShareChanges(previous, current, {
        groups: [
          { name: 'a', terms: ['ggz'] },
          { name: 'b', terms: ['ggz'] },
        ],
      }),
    ).toThrow(/'ggz' is in group 'a' and in group 'b'/);
    expect(() =>
      explainShareChanges(previous, current, {
        groups: [
          { name: 'a', terms: ['ggz'] },
          { name: 'a', terms: ['nuisance'] },
        ],
      }),
    ).toThrow(/'a' is used twice/);
    // One group per term of the first nine: with 'other terms' that is ten groups.
    const many = ['ggz', 'nuisance', 'hhtype', 'age_20_25', 'student', 'ww', 'anw', 'lks', 'migration'].map(
      (t) => ({ name: t, terms: [t] }),
    );
    expect(() => explainShareChanges(previous, current, { groups: many, method: 'shapley' })).toThrow(
      /at most 8 groups, got 10/,
    );
  });

  it('rejects years that do not follow each other', () => {
    const e = thrown(() => explainShareChanges(previous, { ...current, budgetYear: 2026 }));
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).column).toBe('budgetYear');
    expect((e as DataError).message).toContain('2026');
    expect(() => explainShareChanges(current, previous)).toThrow(/must follow the previous one \(2024\)/);
  });

  it('rejects municipalities that differ between the years, and unknown options', () => {
    const rows = (current.municipalities as readonly Record<string, number | string>[]).slice(1);
    expect(() => explainShareChanges(previous, { ...current, municipalities: rows })).toThrow(
      /only previous: GM/,
    );
    expect(() => explainShareChanges(previous, current, { methd: 'shapley' } as never)).toThrow(
      /unknown option 'methd'/,
    );
    expect(() => explainShareChanges(previous, current, { method: 'banzhaf' as never })).toThrow(SpecError);
  });
});
