import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportionCents } from '../../src/allocation/apportion-cents.js';
import { MunicipalityError } from '../../src/allocation/errors.js';
import { DataError, SpecError } from '../../src/errors.js';

describe('apportionCents', () => {
  it('apportionCents([1, 1, 1], 100): equal remainders go to the earliest position', () => {
    expect(apportionCents([1, 1, 1], 100)).toEqual([34, 33, 33]);
  });

  it('apportionCents(amounts, total, { ids }): equal remainders go to the smallest id', () => {
    expect(apportionCents([1, 1, 1], 100, { ids: ['c', 'b', 'a'] })).toEqual([33, 33, 34]);
    expect(apportionCents([1, 1, 1], 200, { ids: ['c', 'b', 'a'] })).toEqual([66, 67, 67]);
  });

  it('hand-worked: quotas 2.6, 3.3, 4.1 (total 10) → floors 2, 3, 4 and the one cent left to the largest remainder (.6)', () => {
    expect(apportionCents([26, 33, 41], 10)).toEqual([3, 3, 4]);
  });

  it('hand-worked: 1000 cents over 1:2:4 → quotas 142.857, 285.714, 571.429; floors sum 998; .857 and .714 get the cents', () => {
    expect(apportionCents([1, 2, 4], 1000)).toEqual([143, 286, 571]);
  });

  it('zero amounts get zero cents; a zero total gives zeros', () => {
    expect(apportionCents([0, 5, 0, 5], 11)).toEqual([0, 6, 0, 5]);
    expect(apportionCents([0, 0], 0)).toEqual([0, 0]);
  });

  it('a 2024-size total (6.9e11 cents) is apportioned exactly', () => {
    const amounts = Array.from({ length: 342 }, (_, i) => ((i * 7919) % 1000) + 0.123 * i + 1);
    const cents = apportionCents(amounts, 690_000_000_000);
    expect(cents.reduce((s, c) => s + c, 0)).toBe(690_000_000_000);
  });

  it('property: sums to the total, each part within one cent of its quota, permutation-invariant with ids', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 1e12 }),
        fc.integer({ min: 0, max: 1000 }),
        (amounts, total, seed) => {
          fc.pre(amounts.some((a) => a > 0));
          const ids = amounts.map((_, i) => `GM${String(i).padStart(4, '0')}`);
          const cents = apportionCents(amounts, total, { ids });
          const sumAmounts = amounts.reduce((s, a) => s + a, 0);
          expect(cents.reduce((s, c) => s + c, 0)).toBe(total);
          cents.forEach((c, i) => {
            expect(Number.isInteger(c)).toBe(true);
            expect(Math.abs(c - (total * amounts[i]!) / sumAmounts)).toBeLessThan(
              1 + 1e-6 * Math.max(1, total / 1e9),
            );
          });
          // A rotation of the input gives the same cents per id.
          const k = seed % amounts.length;
          const rot = <T>(xs: T[]) => [...xs.slice(k), ...xs.slice(0, k)];
          expect(apportionCents(rot(amounts), total, { ids: rot(ids) })).toEqual(rot(cents));
        },
      ),
    );
  });

  it('rejects bad input with typed errors', () => {
    expect(() => apportionCents([1, -1], 10, { ids: ['a', 'b'] })).toThrow(MunicipalityError);
    expect(() => apportionCents([1, -1], 10, { ids: ['a', 'b'] })).toThrow(/'b'/);
    expect(() => apportionCents([1, Number.NaN], 10)).toThrow(DataError);
    expect(() => apportionCents([0, 0], 10)).toThrow(/all 0/);
    expect(() => apportionCents([1], 1.5)).toThrow(SpecError);
    expect(() => apportionCents([1], 2 ** 53)).toThrow(SpecError);
    expect(() => apportionCents([1, 2], 10, { ids: ['a'] })).toThrow(DataError);
    expect(() => apportionCents([1, 2], 10, { ids: ['a', 'a'] })).toThrow(/duplicate ids 'a'/);
  });
});

describe('apportionCents: overflow', () => {
  it('finite amounts whose float sum overflows are apportioned exactly, not dealt out by position', () => {
    // The float sum of the first two is Infinity; the exact (BigInt) sum is not, so the quotas are 50, 50, ~0.
    expect(apportionCents([Number.MAX_VALUE, Number.MAX_VALUE, 1], 100)).toEqual([50, 50, 0]);
    expect(apportionCents([Number.MAX_VALUE / 4, Number.MAX_VALUE / 4], 3)).toEqual([2, 1]);
  });
});
