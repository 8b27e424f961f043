import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { cumulativeBalance } from '../../src/outliers/cumulative-balance.js';
import { meanYearlyBalance } from '../../src/outliers/mean-yearly-balance.js';
import { sumAbsoluteBalance } from '../../src/outliers/sum-absolute-balance.js';

describe('multi-year balance summaries (DOMAIN §6) are three different numbers', () => {
  // A municipality swinging from +15 % to -15 % on a budget that doubles.
  const budgets = [100, 200];
  const spending = [85, 230];
  const ratios = budgets.map((b, t) => (b - spending[t]!) / b);

  it('meanYearlyBalance([0.15, -0.15]) is 0', () => {
    expect(meanYearlyBalance(ratios)).toBeCloseTo(0, 15);
  });
  it('sumAbsoluteBalance([0.15, -0.15]) is 0.3', () => {
    expect(sumAbsoluteBalance(ratios)).toBeCloseTo(0.3, 15);
  });
  it('cumulativeBalance weighs the larger budget: (300 - 315) / 300 = -0.05', () => {
    const c = cumulativeBalance(budgets, spending);
    expect(c.amount).toBe(-15);
    expect(c.ratio).toBeCloseTo(-0.05, 15);
  });
  it('throw typed errors on empty, mismatched or non-finite input and a zero summed budget', () => {
    expect(() => meanYearlyBalance([])).toThrow(DataError);
    expect(() => sumAbsoluteBalance([Number.NaN])).toThrow(/not a finite number/);
    expect(() => cumulativeBalance([1, 2], [1])).toThrow(
      expect.objectContaining({ code: 'length-mismatch' }),
    );
    expect(() => cumulativeBalance([0, 0], [1, 1])).toThrow(/summed budget is 0/);
  });
});
