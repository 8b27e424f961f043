import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { objectiveWeight } from '../../src/allocation/objective-weight.js';
import { DataError, SpecError } from '../../src/errors.js';

describe('objectiveWeight', () => {
  it('objectiveWeight(inh) follows clip((inh − 15000)/25000, 0, 1) [S4 fn 16, typo-corrected]', () => {
    expect(objectiveWeight(1)).toBe(0);
    expect(objectiveWeight(15_000)).toBe(0);
    expect(objectiveWeight(20_000)).toBeCloseTo(0.2, 15);
    expect(objectiveWeight(27_500)).toBe(0.5);
    expect(objectiveWeight(40_000)).toBe(1);
    expect(objectiveWeight(872_680)).toBe(1);
  });

  it('reads S4 fn 16 "(inhabitants × 15,000)/25,000" as (inhabitants − 15,000)/25,000 between the bounds', () => {
    for (let inh = 15_000; inh <= 40_000; inh += 1_250) {
      expect(objectiveWeight(inh)).toBeCloseTo((inh - 15_000) / 25_000, 14);
      // The literal "×" reading is above 1 everywhere here; the weight never is.
      expect(objectiveWeight(inh)).not.toBeCloseTo((inh * 15_000) / 25_000, 0);
    }
  });

  it('objectiveWeight(inh, { lower, upper }) uses other boundaries', () => {
    expect(objectiveWeight(30_000, { lower: 20_000, upper: 60_000 })).toBe(0.25);
  });

  it('property: 0 at ≤ 15,000, 1 at ≥ 40,000, linear and non-decreasing in between', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 15_000, noNaN: true }), (inh) => objectiveWeight(inh) === 0),
    );
    fc.assert(
      fc.property(fc.double({ min: 40_000, max: 1e7, noNaN: true }), (inh) => objectiveWeight(inh) === 1),
    );
    fc.assert(
      fc.property(fc.double({ min: 15_000, max: 40_000, noNaN: true }), (inh) => {
        const w = objectiveWeight(inh);
        return w >= 0 && w <= 1 && Math.abs(w - (inh - 15_000) / 25_000) < 1e-15;
      }),
    );
  });

  it('rejects non-positive or NaN inhabitants and bad boundaries', () => {
    expect(() => objectiveWeight(0)).toThrow(DataError);
    expect(() => objectiveWeight(-5)).toThrow(/positive number of inhabitants/);
    expect(() => objectiveWeight(Number.NaN)).toThrow(DataError);
    expect(() => objectiveWeight(20_000, { lower: 40_000, upper: 15_000 })).toThrow(SpecError);
  });
});
