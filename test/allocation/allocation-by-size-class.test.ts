import { describe, expect, it } from 'vitest';
import { allocateBudget } from '../../src/allocation/allocate-budget.js';
import { allocationBySizeClass, summarizeAllocation } from '../../src/allocation/allocation-by-size-class.js';

const municipalities = [
  { municipality: 'A', inhabitants: 10_000, predictedSpending: 40, spendingTwoYearsEarlier: 100 },
  { municipality: 'B', inhabitants: 27_500, predictedSpending: 100, spendingTwoYearsEarlier: 200 },
  { municipality: 'C', inhabitants: 50_000, predictedSpending: 300, spendingTwoYearsEarlier: 280 },
  { municipality: 'D', inhabitants: 300_000, predictedSpending: 900, spendingTwoYearsEarlier: 800 },
];

describe('allocationBySizeClass / summarizeAllocation', () => {
  const a = allocateBudget({ municipalities, macroBudget: 2_000, inhabitantsCorrection: 'none' });

  it('allocationBySizeClass(a) sums cents per class exactly and ends with the national row', () => {
    const rows = allocationBySizeClass(a);
    expect(rows.map((r) => r.sizeClass)).toEqual([
      '<15k',
      '15k-40k',
      '40k-100k',
      '100k-250k',
      '>=250k (G4)',
      'all',
    ]);
    expect(rows.map((r) => r.municipalities)).toEqual([1, 1, 1, 0, 1, 4]);
    expect(rows[3]!.meanObjectiveWeight).toBeNull();
    expect(rows[3]!.totalCents).toBe(0);
    expect(rows[5]!.totalCents).toBe(200_000);
    expect(rows.slice(0, 5).reduce((s, r) => s + r.totalCents, 0)).toBe(200_000);
    expect(rows[5]!.inhabitantsShare).toBe(1);
    expect(rows[4]!.inhabitantsShare).toBeCloseTo(300_000 / 387_500, 15);
    expect(rows[5]!.budgetShare).toBeCloseTo(1, 14);
  });

  it('summarizeAllocation(a) prints a table by size class', () => {
    // By hand: h = X/1380; hist_A = 2000·100/1380 = 144.93, hist_B = 2000·0.5·200/1380 = 144.93;
    // M_obj = 2000 − 289.86 = 1710.14 over w·PB = (0, 50, 300, 900): obj_B = 1710.14·50/1250 = 68.41.
    expect(summarizeAllocation(a)).toMatchInlineSnapshot(`
      "Budget allocation by size class: macro budget € 2,000.00 (LKS 0.00, DTI 0.00); objective weight 15000-40000 inhabitants, inhabitants correction 'none', pool split 'historical'
      size class   n  pop share  objective €  historical €  DTI €  LKS €   total €  budget share
      <15k         1       2.6%         0.00        144.93   0.00   0.00    144.93          7.2%
      15k-40k      1       7.1%        68.41        144.93   0.00   0.00    213.34         10.7%
      40k-100k     1      12.9%       410.43          0.00   0.00   0.00    410.43         20.5%
      100k-250k    0       0.0%         0.00          0.00   0.00   0.00      0.00          0.0%
      >=250k (G4)  1      77.4%     1,231.30          0.00   0.00   0.00  1,231.30         61.6%
      -----------  -  ---------  -----------  ------------  -----  -----  --------  ------------
      all          4     100.0%     1,710.14        289.86   0.00   0.00  2,000.00        100.0%"
    `);
  });
});
