import { describe, expect, it } from 'vitest';
import {
  allocateBudget,
  type BudgetAllocation,
  type MunicipalityAllocation,
} from '../../src/allocation/allocate-budget.js';
import type { MunicipalityBudgetInput } from '../../src/allocation/budget-input.js';
import { MunicipalityError } from '../../src/allocation/errors.js';
import { DataError, SpecError } from '../../src/errors.js';

/*
 * Worked example, computed by hand (DOMAIN C.2-C.4):
 *
 *   id  inh     w    PB   X(t-2)  pop t-2  pop t-1  g        X·g    LKS t-1  DTI
 *   A   10,000  0    40   100     10,000   10,000   1        100    0        0
 *   B   27,500  0.5  100  200     25,000   27,500   1.1      220    10       50
 *   C   50,000  1    300  280     50,000   50,000   1        280    20       100
 *   D   15,000  0    60   200     16,000   15,000   0.9375   187.5  0        0
 *
 * Σ X·g = 787.5, so h = (100, 220, 280, 187.5) / 787.5.
 * Macro 9475 = LKS 1000 + DTI 600 + benefits M_b 7875, chosen so that M_b·h = (1000, 2200, 2800, 1875).
 * hist_i = M_b·(1 − w_i)·h_i = (1000, 1100, 0, 1875); M_hist = 3975; M_obj = 7875 − 3975 = 3900.
 * Σ w·PB = 0.5·100 + 1·300 = 350; obj = 3900·(0, 50, 300, 0)/350 = (0, 557.142857…, 3342.857142…, 0).
 *   Cents 55714.29 and 334285.71: floors sum 389,999, the last cent goes to the larger remainder (C) → 55714, 334286.
 * LKS: 1000·(0, 10, 20, 0)/30 = (0, 333.33…, 666.67…) → 33333 and 66667 cents.
 * DTI (historical-share rule, so population-corrected): spending·g = (0, 55, 100, 0), total 155,
 *   600·55/155 = 212.9032… and 600·100/155 = 387.0968… → 21290 and 38710 cents.
 * Totals (cents): A 100000; B 110000+55714+33333+21290 = 220337; C 334286+66667+38710 = 439663; D 187500.
 *   Sum 947,500 = 9475 euros.
 */
const example: MunicipalityBudgetInput[] = [
  {
    municipality: 'A',
    inhabitants: 10_000,
    predictedSpending: 40,
    spendingTwoYearsEarlier: 100,
    inhabitantsTwoYearsEarlier: 10_000,
    inhabitantsPreviousYear: 10_000,
    lksSpendingPreviousYear: 0,
    dtiSpending: 0,
  },
  {
    municipality: 'B',
    inhabitants: 27_500,
    predictedSpending: 100,
    spendingTwoYearsEarlier: 200,
    inhabitantsTwoYearsEarlier: 25_000,
    inhabitantsPreviousYear: 27_500,
    lksSpendingPreviousYear: 10,
    dtiSpending: 50,
  },
  {
    municipality: 'C',
    inhabitants: 50_000,
    predictedSpending: 300,
    spendingTwoYearsEarlier: 280,
    inhabitantsTwoYearsEarlier: 50_000,
    inhabitantsPreviousYear: 50_000,
    lksSpendingPreviousYear: 20,
    dtiSpending: 100,
  },
  {
    municipality: 'D',
    inhabitants: 15_000,
    predictedSpending: 60,
    spendingTwoYearsEarlier: 200,
    inhabitantsTwoYearsEarlier: 16_000,
    inhabitantsPreviousYear: 15_000,
    lksSpendingPreviousYear: 0,
    dtiSpending: 0,
  },
];
const exampleInput = { municipalities: example, macroBudget: 9475, lksBudget: 1000, dtiBudget: 600 };

/** The allocations of the worked example by municipality; a missing one fails naming it. */
function byMunicipality(a: BudgetAllocation): Record<'A' | 'B' | 'C' | 'D', MunicipalityAllocation> {
  const find = (id: string) => {
    const m = a.municipalities.find((x) => x.municipality === id);
    if (m === undefined) throw new Error(`the allocation has no municipality ${id}`);
    return m;
  };
  return { A: find('A'), B: find('B'), C: find('C'), D: find('D') };
}

describe('allocateBudget', () => {
  it('allocateBudget(worked example) matches the hand computation in euros', () => {
    const a = allocateBudget(exampleInput);
    const by = byMunicipality(a);
    expect(a.municipalities.map((m) => m.objectiveWeight)).toEqual([0, 0.5, 1, 0]);
    expect(by.D.inhabitantsGrowth).toBe(0.9375);
    expect(by.B.historicalShare).toBeCloseTo(220 / 787.5, 15);
    expect(by.A.historical).toBeCloseTo(1000, 10);
    expect(by.B.historical).toBeCloseTo(1100, 10);
    expect(by.C.historical).toBe(0);
    expect(by.D.historical).toBeCloseTo(1875, 10);
    expect(a.totals.historical).toBeCloseTo(3975, 10);
    expect(a.totals.objective).toBeCloseTo(3900, 10);
    expect(by.B.objective).toBeCloseTo((3900 * 50) / 350, 10);
    expect(by.C.objective).toBeCloseTo((3900 * 300) / 350, 10);
    expect(by.A.objective).toBe(0);
    expect(by.B.lks).toBeCloseTo(1000 / 3, 10);
    expect(by.B.dti).toBeCloseTo((600 * 55) / 155, 10);
    expect(by.C.dti).toBeCloseTo((600 * 100) / 155, 10);
    expect(by.B.objectiveShare).toBeCloseTo(0.2, 15);
  });

  it('allocateBudget(worked example) rounds every part by largest remainder to the hand-computed cents', () => {
    const a = allocateBudget(exampleInput);
    const cents = a.municipalities.map((m) => [
      m.objectiveCents,
      m.historicalCents,
      m.lksCents,
      m.dtiCents,
      m.totalCents,
    ]);
    expect(cents).toEqual([
      [0, 100_000, 0, 0, 100_000],
      [55_714, 110_000, 33_333, 21_290, 220_337],
      [334_286, 0, 66_667, 38_710, 439_663],
      [0, 187_500, 0, 0, 187_500],
    ]);
    expect(a.totals).toMatchObject({
      macroBudgetCents: 947_500,
      benefitsCents: 787_500,
      objectiveCents: 390_000,
      historicalCents: 397_500,
      lksCents: 100_000,
      dtiCents: 60_000,
    });
    const shares = a.municipalities.map((m) => m.budgetShare);
    expect(shares[0]).toBeCloseTo(1000 / 9475, 15);
    expect(shares.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 14);
  });

  it('allocateBudget echoes the resolved options', () => {
    const a = allocateBudget(exampleInput);
    expect(a.options).toEqual({
      macroBudget: 9475,
      lksBudget: 1000,
      dtiBudget: 600,
      macroBudgetCents: 947_500,
      lksBudgetCents: 100_000,
      dtiBudgetCents: 60_000,
      objectiveWeight: { lower: 15_000, upper: 40_000 },
      inhabitantsCorrection: 'ratio',
      poolSplit: 'historical',
      lksSpendingYear: 'previous-year',
      dtiRule: 'historical-share',
      sizeClasses: {
        breakpoints: [15_000, 40_000, 100_000, 250_000],
        labels: ['<15k', '15k-40k', '40k-100k', '100k-250k', '>=250k (G4)'],
      },
      rounding: 'largest-remainder',
    });
    expect(a.municipalities.map((m) => m.sizeClass)).toEqual(['<15k', '15k-40k', '40k-100k', '15k-40k']);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it("allocateBudget({ dtiRule: 'spending-share', inhabitantsCorrection: 'none' }) uses raw spending shares", () => {
    /*
     * Without population correction: h = (100, 200, 280, 200)/780. M_b = 7875.
     * hist = 7875·((1)·100, 0.5·200, 0, 1·200)/780 = (1009.615…, 1009.615…, 0, 2019.230…), Σ = 4038.4615…
     * M_obj = 7875 − 4038.4615… = 3836.5384…; obj_C = M_obj·300/350. DTI raw shares: 600·(50, 100)/150 = 200, 400.
     */
    const a = allocateBudget({ ...exampleInput, inhabitantsCorrection: 'none', dtiRule: 'spending-share' });
    const by = byMunicipality(a);
    expect(by.A.historical).toBeCloseTo((7875 * 100) / 780, 10);
    expect(by.B.historical).toBeCloseTo((7875 * 100) / 780, 10);
    expect(a.totals.objective).toBeCloseTo(7875 - (7875 * 400) / 780, 9);
    expect(by.C.objective).toBeCloseTo(((7875 - (7875 * 400) / 780) * 300) / 350, 9);
    expect(by.B.dti).toBeCloseTo(200, 10);
    expect(by.C.dtiCents).toBe(40_000);
  });

  it("allocateBudget({ poolSplit: 'objective' }) sizes the objective pool from objective shares", () => {
    /*
     * o = PB/ΣPB = (40, 100, 300, 60)/500; Σ w·o = 0.5·0.2 + 1·0.6 = 0.7; M_obj = 7875·0.7 = 5512.5,
     * obj_B = 7875·0.1 = 787.5, obj_C = 7875·0.6 = 4725; M_hist = 2362.5 over (1 − w)·h ∝ (100, 110, 0, 187.5):
     * hist_A = 2362.5·100/397.5 = 594.339…
     */
    const a = allocateBudget({ ...exampleInput, poolSplit: 'objective' });
    const by = byMunicipality(a);
    expect(a.totals.objective).toBeCloseTo(5512.5, 10);
    expect(by.B.objective).toBeCloseTo(787.5, 10);
    expect(by.C.objective).toBeCloseTo(4725, 10);
    expect(by.A.historical).toBeCloseTo((2362.5 * 100) / 397.5, 10);
    expect(a.totals.objectiveCents + a.totals.historicalCents).toBe(787_500);
  });

  it("allocateBudget({ lksSpendingYear: 'two-years-earlier' }) reads the t−2 LKS spending", () => {
    const municipalities = example.map((m, i) => ({ ...m, lksSpendingTwoYearsEarlier: [1, 1, 2, 0][i] }));
    const a = allocateBudget({ ...exampleInput, municipalities, lksSpendingYear: 'two-years-earlier' });
    expect(a.municipalities.map((m) => m.lksCents)).toEqual([25_000, 25_000, 50_000, 0]);
  });

  it('allocateBudget: all municipalities below 15,000 → everything historical; all above 40,000 → all objective', () => {
    const small = example.map((m) => ({ ...m, inhabitants: 5000 }));
    const a = allocateBudget({ municipalities: small, macroBudget: 787.5 });
    expect(a.totals.objectiveCents).toBe(0);
    expect(a.municipalities.map((m) => m.historicalCents)).toEqual([10_000, 22_000, 28_000, 18_750]);
    const large = example.map((m) => ({ ...m, inhabitants: 100_000 }));
    const b = allocateBudget({ municipalities: large, macroBudget: 500 });
    expect(b.totals.historicalCents).toBe(0);
    expect(b.municipalities.map((m) => m.objectiveCents)).toEqual([4000, 10_000, 30_000, 6000]);
  });

  it('allocateBudget: identical municipalities split a cent by id (larger remainder, then smaller id)', () => {
    const row = { inhabitants: 50_000, predictedSpending: 1, spendingTwoYearsEarlier: 1 };
    const a = allocateBudget({
      municipalities: [
        { municipality: 'GM3', ...row },
        { municipality: 'GM1', ...row },
        { municipality: 'GM2', ...row },
      ],
      macroBudget: 1,
      inhabitantsCorrection: 'none',
    });
    expect(a.municipalities.map((m) => m.totalCents)).toEqual([33, 34, 33]);
  });

  it('allocateBudget names the offending municipalities in typed errors', () => {
    const dup = [...example, { ...example[1]! }];
    expect(() => allocateBudget({ ...exampleInput, municipalities: dup })).toThrow(
      expect.objectContaining({ code: 'duplicate', ids: ['B'] }),
    );
    const zeroInh = example.map((m) => (m.municipality === 'C' ? { ...m, inhabitants: 0 } : m));
    expect(() => allocateBudget({ ...exampleInput, municipalities: zeroInh })).toThrow(
      expect.objectContaining({ code: 'out-of-range', ids: ['C'], column: 'inhabitants' }),
    );
    const negInh = example.map((m) => (m.municipality === 'A' ? { ...m, inhabitants: -1 } : m));
    expect(() => allocateBudget({ ...exampleInput, municipalities: negInh })).toThrow(
      /inhabitants must be > 0; municipalities 'A'/,
    );
    const nanPb = example.map((m) => (m.municipality === 'D' ? { ...m, predictedSpending: Number.NaN } : m));
    expect(() => allocateBudget({ ...exampleInput, municipalities: nanPb })).toThrow(
      expect.objectContaining({ code: 'missing-value', ids: ['D'], column: 'predictedSpending' }),
    );
    const noPop = example.map((m) =>
      m.municipality === 'B' ? { ...m, inhabitantsPreviousYear: undefined } : m,
    );
    expect(() => allocateBudget({ ...exampleInput, municipalities: noPop })).toThrow(
      /inhabitantsPreviousYear .* 'B' \(needed by inhabitantsCorrection/,
    );
    const noLks = example.map(({ lksSpendingPreviousYear: _, ...m }) => m);
    expect(() => allocateBudget({ ...exampleInput, municipalities: noLks })).toThrow(MunicipalityError);
    expect(() => allocateBudget({ ...exampleInput, municipalities: noLks })).toThrow(/lksBudget > 0/);
    const negX = example.map((m) => (m.municipality === 'A' ? { ...m, spendingTwoYearsEarlier: -3 } : m));
    expect(() => allocateBudget({ ...exampleInput, municipalities: negX })).toThrow(
      /spendingTwoYearsEarlier must be >= 0/,
    );
  });

  it('allocateBudget rejects bad budgets and options', () => {
    expect(() => allocateBudget({ ...exampleInput, macroBudget: 0 })).toThrow(DataError);
    expect(() => allocateBudget({ ...exampleInput, macroBudget: -5 })).toThrow(
      /macroBudget to be a finite number > 0/,
    );
    expect(() => allocateBudget({ ...exampleInput, macroBudget: Number.NaN })).toThrow(DataError);
    expect(() => allocateBudget({ ...exampleInput, lksBudget: 9000 })).toThrow(/exceed macroBudget/);
    expect(() => allocateBudget({ ...exampleInput, macroBudget: 1e15 })).toThrow(/too large/);
    expect(() => allocateBudget({ ...exampleInput, municipalities: [] })).toThrow(
      expect.objectContaining({ code: 'empty' }),
    );
    // @ts-expect-error an unknown option value
    expect(() => allocateBudget({ ...exampleInput, poolSplit: 'both' })).toThrow(SpecError);
  });

  it('allocateBudget: a pool with nothing to distribute it by is an error naming the receivers', () => {
    const noPb = example.map((m) => ({ ...m, predictedSpending: 0 }));
    expect(() => allocateBudget({ ...exampleInput, municipalities: noPb })).toThrow(
      expect.objectContaining({ code: 'invalid-value', ids: ['B', 'C'] }),
    );
    const noLks = example.map((m) => ({ ...m, lksSpendingPreviousYear: 0 }));
    expect(() => allocateBudget({ ...exampleInput, municipalities: noLks })).toThrow(
      /lksSpendingPreviousYear is 0 for every/,
    );
  });
  describe('a part whose basis is 0 over all its receivers is an error, not a silent €0', () => {
    // A (w 0) and B (w 0.5) have a historical part, B and C (w 1) an objective part.
    const rows: MunicipalityBudgetInput[] = [
      { municipality: 'A', inhabitants: 10_000, predictedSpending: 50, spendingTwoYearsEarlier: 100 },
      { municipality: 'B', inhabitants: 27_500, predictedSpending: 100, spendingTwoYearsEarlier: 100 },
      { municipality: 'C', inhabitants: 50_000, predictedSpending: 300, spendingTwoYearsEarlier: 300 },
    ];
    const base = { macroBudget: 1000, inhabitantsCorrection: 'none' as const };

    it.each(['historical', 'objective'] as const)(
      "poolSplit '%s': t−2 spending 0 for every municipality with w < 1 names them",
      (poolSplit) => {
        // Before the fix, 'historical' sized the historical pool as M_b·Σ(1 − w)·h = 0 and A got €0.
        const municipalities = rows.map((m) =>
          m.municipality === 'C' ? m : { ...m, spendingTwoYearsEarlier: 0 },
        );
        const run = () => allocateBudget({ ...base, municipalities, poolSplit });
        expect(run).toThrow(MunicipalityError);
        expect(run).toThrow(
          expect.objectContaining({
            code: 'invalid-value',
            ids: ['A', 'B'],
            column: 'spendingTwoYearsEarlier',
          }),
        );
        expect(run).toThrow(
          /spendingTwoYearsEarlier is 0 for every municipality with a historical part \(w < 1: 'A', 'B'\)/,
        );
      },
    );

    it.each(['historical', 'objective'] as const)(
      "poolSplit '%s': predicted spending 0 for every municipality with w > 0 names them",
      (poolSplit) => {
        // Before the fix, 'objective' sized the objective pool as M_b·Σ w·o = 0 and C got €0.
        const municipalities = rows.map((m) => (m.municipality === 'A' ? m : { ...m, predictedSpending: 0 }));
        const run = () => allocateBudget({ ...base, municipalities, poolSplit });
        expect(run).toThrow(
          expect.objectContaining({ code: 'invalid-value', ids: ['B', 'C'], column: 'predictedSpending' }),
        );
        expect(run).toThrow(/objective part \(w > 0: 'B', 'C'\)/);
      },
    );

    it("poolSplit 'historical': only fully historical municipalities, all with spending 0", () => {
      const municipalities = rows.map((m) => ({ ...m, inhabitants: 10_000, spendingTwoYearsEarlier: 0 }));
      expect(() => allocateBudget({ ...base, municipalities })).toThrow(
        expect.objectContaining({ ids: ['A', 'B', 'C'], column: 'spendingTwoYearsEarlier' }),
      );
    });

    it('one receiver with spending 0 among others is fine, and so is a zero basis when M_b = 0', () => {
      const oneZero = rows.map((m) => (m.municipality === 'A' ? { ...m, spendingTwoYearsEarlier: 0 } : m));
      const a = allocateBudget({ ...base, municipalities: oneZero });
      expect(a.municipalities[0]!.totalCents).toBe(0);
      expect(a.municipalities.reduce((s, m) => s + m.totalCents, 0)).toBe(100_000);
      // Macro = LKS: no benefits budget to distribute, so a zero historical basis does not matter.
      const noX = rows.map((m) => ({ ...m, spendingTwoYearsEarlier: 0, lksSpendingPreviousYear: 1 }));
      const b = allocateBudget({ ...base, municipalities: noX, lksBudget: 1000 });
      expect(b.totals.benefitsCents).toBe(0);
      expect(b.municipalities.map((m) => m.lksCents)).toEqual([33_334, 33_333, 33_333]);
    });
  });

  describe('budgets are whole cents, so macro = LKS + DTI + benefits holds exactly', () => {
    const rows: MunicipalityBudgetInput[] = [
      {
        municipality: 'A',
        inhabitants: 10_000,
        predictedSpending: 50,
        spendingTwoYearsEarlier: 100,
        dtiSpending: 1,
      },
      {
        municipality: 'B',
        inhabitants: 60_000,
        predictedSpending: 300,
        spendingTwoYearsEarlier: 300,
        dtiSpending: 1,
      },
    ].map((m) => ({ ...m, lksSpendingPreviousYear: 1 }));
    const base = { municipalities: rows, inhabitantsCorrection: 'none' as const };

    it('a sub-cent budget is a DataError naming the budget and its value', () => {
      // Before the fix: 100.006 − 50.003 − 50.003 rounded separately gave −1 benefits cent (apportionCents error).
      const subCent = () =>
        allocateBudget({ ...base, macroBudget: 100.006, lksBudget: 50.003, dtiBudget: 50.003 });
      expect(subCent).toThrow(DataError);
      expect(subCent).toThrow(expect.objectContaining({ code: 'invalid-value', column: 'macroBudget' }));
      expect(subCent).toThrow(/macroBudget must be a whole number of cents.*got 100\.006 euros/);
      // Before the fix: rejected as "lksBudget plus dtiBudget exceed macroBudget" (1 + 1 > 1 cents).
      const halfCents = () =>
        allocateBudget({ ...base, macroBudget: 0.01, lksBudget: 0.005, dtiBudget: 0.005 });
      expect(halfCents).toThrow(expect.objectContaining({ code: 'invalid-value', column: 'lksBudget' }));
      expect(halfCents).toThrow(/lksBudget must be a whole number of cents.*got 0\.005 euros/);
      expect(() => allocateBudget({ ...base, macroBudget: 100, dtiBudget: 0.001 })).toThrow(
        /dtiBudget must be a whole number of cents/,
      );
      expect(() => allocateBudget({ ...base, macroBudget: 0.004 })).toThrow(/macroBudget/);
    });

    it('float noise is not sub-cent: the budgets are echoed as exact cents/100 and benefits = macro − LKS − DTI', () => {
      const a = allocateBudget({ ...base, macroBudget: 0.1 + 0.2, lksBudget: 0.1, dtiBudget: 0.1 });
      expect(a.options.macroBudget).toBe(0.3);
      expect(a.totals.macroBudget).toBe(0.3);
      expect(a.totals.benefitsCents).toBe(10);
      expect(a.totals.benefits).toBe(0.1);
      const b = allocateBudget({ ...base, macroBudget: 1, lksBudget: 0.7, dtiBudget: 0.1 });
      expect(b.totals.benefits).toBe(0.2); // 1 − 0.7 − 0.1 is 0.20000000000000004 in floating point
      // An LKS budget summed in floating point from 342 amounts in cents (507,501,108.54 exactly) comes out as
      // 507501108.54000133; it is accepted as the exact sum in cents.
      const lks = new Array<number>(342).fill(1_483_921.37).reduce((s, x) => s + x, 0);
      expect(lks).not.toBe(507_501_108.54);
      const exactCents = 342 * 148_392_137;
      const c = allocateBudget({ ...base, macroBudget: 6.9e9, lksBudget: lks });
      expect(c.totals.lksCents).toBe(exactCents);
      expect(c.options.lksBudget).toBe(exactCents / 100);
      expect(c.totals.benefitsCents).toBe(690_000_000_000 - exactCents);
    });

    it('macro = LKS + DTI exactly leaves a benefits budget of exactly 0', () => {
      const a = allocateBudget({ ...base, macroBudget: 0.3, lksBudget: 0.1, dtiBudget: 0.2 });
      expect(a.totals.benefits).toBe(0);
      expect(a.totals.macroBudgetCents).toBe(30);
      expect(a.municipalities.reduce((s, m) => s + m.totalCents, 0)).toBe(30);
    });
  });
});
