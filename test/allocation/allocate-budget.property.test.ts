import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateBudget } from '../../src/allocation/allocate-budget.js';
import type { MunicipalityBudgetInput } from '../../src/allocation/budget-input.js';

const municipality = fc.record({
  inhabitants: fc.oneof(
    fc.integer({ min: 500, max: 15_000 }),
    fc.integer({ min: 15_000, max: 40_000 }),
    fc.integer({ min: 40_000, max: 900_000 }),
  ),
  predictedSpending: fc.double({ min: 0, max: 5e8, noNaN: true }),
  spendingTwoYearsEarlier: fc.double({ min: 0, max: 5e8, noNaN: true }),
  inhabitantsTwoYearsEarlier: fc.integer({ min: 500, max: 900_000 }),
  growth: fc.double({ min: 0.9, max: 1.1, noNaN: true }),
  lksSpendingPreviousYear: fc.double({ min: 0, max: 5e7, noNaN: true }),
  dtiSpending: fc.double({ min: 0, max: 5e7, noNaN: true }),
});

const scenario = fc
  .record({
    rows: fc.array(municipality, { minLength: 1, maxLength: 60 }),
    macroBudget: fc.double({ min: 1, max: 7e9, noNaN: true }),
    lksFraction: fc.double({ min: 0, max: 0.2, noNaN: true }),
    dtiFraction: fc.double({ min: 0, max: 0.05, noNaN: true }),
    poolSplit: fc.constantFrom('historical' as const, 'objective' as const),
    shift: fc.nat(),
  })
  .map((s) => {
    const municipalities: MunicipalityBudgetInput[] = s.rows.map((r, i) => ({
      municipality: `GM${String(i).padStart(4, '0')}`,
      inhabitants: r.inhabitants,
      predictedSpending: r.predictedSpending + 1,
      spendingTwoYearsEarlier: r.spendingTwoYearsEarlier + 1,
      inhabitantsTwoYearsEarlier: r.inhabitantsTwoYearsEarlier,
      inhabitantsPreviousYear: Math.round(r.inhabitantsTwoYearsEarlier * r.growth),
      lksSpendingPreviousYear: r.lksSpendingPreviousYear + 1,
      dtiSpending: r.dtiSpending + 1,
    }));
    // Budgets are whole cents (allocateBudget rejects sub-cent budgets rather than rounding them apart).
    const toCents = (euros: number) => Math.round(euros * 100) / 100;
    const macroBudget = toCents(s.macroBudget);
    return {
      input: {
        municipalities,
        macroBudget,
        lksBudget: toCents(macroBudget * s.lksFraction),
        dtiBudget: toCents(macroBudget * s.dtiFraction),
        poolSplit: s.poolSplit,
      },
      shift: s.shift,
    };
  });

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

describe('allocateBudget properties', () => {
  it('conserves money to the cent: Σ parts = pools, Σ totals = macro, parts add to each total', () => {
    fc.assert(
      fc.property(scenario, ({ input }) => {
        const a = allocateBudget(input);
        const m = a.municipalities;
        const t = a.totals;
        expect(Number.isSafeInteger(t.macroBudgetCents)).toBe(true);
        expect(t.macroBudgetCents).toBe(Math.round(input.macroBudget * 100));
        expect(sum(m.map((x) => x.totalCents))).toBe(t.macroBudgetCents);
        expect(sum(m.map((x) => x.objectiveCents))).toBe(t.objectiveCents);
        expect(sum(m.map((x) => x.historicalCents))).toBe(t.historicalCents);
        expect(sum(m.map((x) => x.lksCents))).toBe(t.lksCents);
        expect(sum(m.map((x) => x.dtiCents))).toBe(t.dtiCents);
        expect(t.objectiveCents + t.historicalCents).toBe(t.benefitsCents);
        expect(t.benefitsCents + t.lksCents + t.dtiCents).toBe(t.macroBudgetCents);
        for (const x of m) {
          expect(x.objectiveCents + x.historicalCents + x.lksCents + x.dtiCents).toBe(x.totalCents);
          const centsAndEuros: [number, number][] = [
            [x.objectiveCents, x.objective],
            [x.historicalCents, x.historical],
            [x.lksCents, x.lks],
            [x.dtiCents, x.dti],
          ];
          for (const [c, e] of centsAndEuros) {
            expect(Number.isInteger(c)).toBe(true);
            expect(Math.abs(c - e * 100)).toBeLessThan(2);
          }
        }
        // The float parts conserve the benefits total too.
        expect(Math.abs(sum(m.map((x) => x.objective + x.historical)) - t.benefits)).toBeLessThan(
          1e-6 * Math.max(1, t.benefits),
        );
      }),
      { numRuns: 150 },
    );
  });

  it('shares lie in [0, 1] and sum to 1 within 1e-12', () => {
    fc.assert(
      fc.property(scenario, ({ input }) => {
        const shares = allocateBudget(input).municipalities.map((x) => x.budgetShare);
        for (const s of shares) expect(s >= 0 && s <= 1).toBe(true);
        expect(Math.abs(sum(shares) - 1)).toBeLessThan(1e-12);
      }),
      { numRuns: 150 },
    );
  });

  it('objective weights are 0 at ≤ 15,000, 0.5 at 27,500, 1 at ≥ 40,000 inhabitants', () => {
    fc.assert(
      fc.property(scenario, ({ input }) => {
        for (const x of allocateBudget(input).municipalities) {
          if (x.inhabitants <= 15_000) expect(x.objectiveWeight).toBe(0);
          if (x.inhabitants >= 40_000) expect(x.objectiveWeight).toBe(1);
          if (x.inhabitants === 27_500) expect(x.objectiveWeight).toBe(0.5);
          if (x.objectiveWeight === 0) expect(x.objective).toBe(0);
          if (x.objectiveWeight === 1) expect(x.historical).toBe(0);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('is invariant to the order of the municipalities (same result per id, to the bit)', () => {
    fc.assert(
      fc.property(scenario, ({ input, shift }) => {
        const rows = input.municipalities;
        const k = shift % rows.length;
        const rotated = [...rows.slice(k), ...rows.slice(0, k)].reverse();
        const a = allocateBudget(input);
        const b = allocateBudget({ ...input, municipalities: rotated });
        const byId = new Map(b.municipalities.map((x) => [x.municipality, x]));
        for (const x of a.municipalities) expect(byId.get(x.municipality)).toEqual(x);
        expect(b.totals).toEqual(a.totals);
      }),
      { numRuns: 100 },
    );
  });

  it('2024 scale: €6.9 bn with €507 m LKS over 342 municipalities adds up to the cent', () => {
    const municipalities: MunicipalityBudgetInput[] = Array.from({ length: 342 }, (_, i) => ({
      municipality: `GM${String(i).padStart(4, '0')}`,
      inhabitants: 3000 + ((i * 7919) % 300_000),
      predictedSpending: 1e6 + ((i * 104_729) % 9_000_000) + 0.37 * i,
      spendingTwoYearsEarlier: 1e6 + ((i * 1_299_709) % 9_000_000) + 0.11 * i,
      inhabitantsTwoYearsEarlier: 3000 + ((i * 7919) % 300_000),
      inhabitantsPreviousYear: 3010 + ((i * 7919) % 300_000),
      lksSpendingPreviousYear: 1e4 + ((i * 15_485_863) % 2_000_000),
    }));
    const a = allocateBudget({ municipalities, macroBudget: 6.9e9, lksBudget: 507e6 });
    expect(sum(a.municipalities.map((x) => x.totalCents))).toBe(690_000_000_000);
    expect(sum(a.municipalities.map((x) => x.lksCents))).toBe(50_700_000_000);
  });
});

describe('allocateBudget properties at very large budgets (up to 2^53 − 1 cents)', () => {
  const rows: MunicipalityBudgetInput[] = Array.from({ length: 40 }, (_, i) => ({
    municipality: `GM${String(i).padStart(4, '0')}`,
    inhabitants: 3000 + ((i * 7919) % 300_000),
    predictedSpending: 1e6 + ((i * 104_729) % 9_000_000) + 0.37 * i,
    spendingTwoYearsEarlier: 1e6 + ((i * 1_299_709) % 9_000_000) + 0.11 * i,
    dtiSpending: 1 + i,
  }));
  const total = (a: ReturnType<typeof allocateBudget>) =>
    a.municipalities.reduce((s, m) => s + BigInt(m.totalCents), 0n);
  /** Independent oracle: cents from a decimal text with at most two decimals. */
  const centsOf = (text: string) => {
    const [int, frac = ''] = text.split('.');
    return BigInt(`${int}${frac.padEnd(2, '0')}`);
  };

  it('macroBudgetCents (number or bigint) is paid exactly, to the cent, up to 2^53 − 1', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 2n ** 53n - 1n }),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        (macro, dtiFraction) => {
          const dti = BigInt(Math.floor(Number(macro) * dtiFraction));
          const a = allocateBudget({
            municipalities: rows,
            macroBudgetCents: macro,
            dtiBudgetCents: Number(dti),
            inhabitantsCorrection: 'none',
          });
          expect(BigInt(a.totals.macroBudgetCents)).toBe(macro);
          expect(total(a)).toBe(macro);
          expect(a.municipalities.reduce((s, m) => s + BigInt(m.dtiCents), 0n)).toBe(dti);
          for (const m of a.municipalities) expect(Number.isSafeInteger(m.totalCents)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('euros as text are converted exactly (e.g. 40187085682031.20), as numbers up to 2^46 euros', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 2n ** 53n - 1n }), (c) => {
        const text = `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;
        const a = allocateBudget({ municipalities: rows, macroBudget: text, inhabitantsCorrection: 'none' });
        expect(BigInt(a.totals.macroBudgetCents)).toBe(c);
        expect(total(a)).toBe(c);
        const x = Number(text);
        if (x < 2 ** 46) {
          // The number's shortest decimal text is what it means, to the cent.
          const b = allocateBudget({ municipalities: rows, macroBudget: x, inhabitantsCorrection: 'none' });
          expect(BigInt(b.totals.macroBudgetCents)).toBe(centsOf(String(x)));
          expect(total(b)).toBe(centsOf(String(x)));
        }
      }),
      { numRuns: 80 },
    );
    const a = allocateBudget({
      municipalities: rows,
      macroBudget: 40187085682031.2,
      inhabitantsCorrection: 'none',
    });
    expect(a.totals.macroBudgetCents).toBe(4_018_708_568_203_120);
    expect(total(a)).toBe(4_018_708_568_203_120n);
  });

  it('1e15 euros and 2^53 cents are refused with the limit in the message', () => {
    expect(() => allocateBudget({ municipalities: rows, macroBudget: 1e15 })).toThrow(/2\^46/);
    expect(() => allocateBudget({ municipalities: rows, macroBudget: '1e15' })).toThrow(
      /90,071,992,547,409\.91/,
    );
    expect(() => allocateBudget({ municipalities: rows, macroBudgetCents: 2n ** 53n })).toThrow(
      expect.objectContaining({ code: 'out-of-range', column: 'macroBudgetCents' }),
    );
  });
});
