import { describe, expect, it } from 'vitest';
import { apportionCents } from '../../src/allocation/apportion-cents.js';
import { checkCents, eurosToCents, exactBinary, MAX_CENTS } from '../../src/allocation/cents.js';
import { DataError, SpecError } from '../../src/errors.js';

describe('apportionCents: bounded and exact (no correction loop)', () => {
  it('apportionCents([1e306], 1000) returns at once (it used to hang)', () => {
    const t0 = performance.now();
    expect(apportionCents([1e306], 1000)).toEqual([1000]);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('extreme but finite amounts: 1e306, MAX_VALUE, subnormals, -0', () => {
    expect(apportionCents([1e306, 1e306, 1e306], 1000)).toEqual([334, 333, 333]);
    expect(apportionCents([Number.MAX_VALUE, 5e-324], 7)).toEqual([7, 0]);
    expect(apportionCents([5e-324, 5e-324], 3)).toEqual([2, 1]);
    expect(apportionCents([-0, 1], 5)).toEqual([0, 5]);
    expect(apportionCents([1e-300, 3e-300], 4)).toEqual([1, 3]);
  });

  it('the total may be 2^53 − 1 cents and is met exactly', () => {
    // Quotas (2^53 − 1)·(1, 2, 3)/6 = …165.17, …330.33, …495.5: the one cent left goes to the remainder 0.5.
    const parts = apportionCents([1, 2, 3], MAX_CENTS);
    expect(parts).toEqual([1_501_199_875_790_165, 3_002_399_751_580_330, 4_503_599_627_370_496]);
    expect(parts.reduce((s, c) => s + BigInt(c), 0n)).toBe(BigInt(MAX_CENTS));
  });

  it('non-finite amounts and unsafe totals are rejected up front with a typed error', () => {
    for (const bad of [Number.POSITIVE_INFINITY, Number.NaN, -1]) {
      expect(() => apportionCents([1, bad], 10)).toThrow(expect.objectContaining({ code: 'out-of-range' }));
    }
    expect(() => apportionCents([1], 2 ** 53)).toThrow(SpecError);
    expect(() => apportionCents([1], 2 ** 53)).toThrow(expect.objectContaining({ code: 'invalid-option' }));
    expect(() => apportionCents([1], 1.5)).toThrow(SpecError);
    expect(() => apportionCents([0, 0], 1)).toThrow(expect.objectContaining({ code: 'invalid-value' }));
    // @ts-expect-error a misspelt option
    expect(() => apportionCents([1], 1, { id: ['a'] })).toThrow(
      expect.objectContaining({ code: 'unknown-option' }),
    );
  });

  it('exact quotas: the remainders tie exactly, so the tie-break by id decides', () => {
    // 0.1 + 0.2 style amounts: 0.1 and 0.3 − 0.2 are not equal doubles, but 0.5 and 0.25 + 0.25 are.
    expect(apportionCents([0.5, 0.25 + 0.25], 1, { ids: ['b', 'a'] })).toEqual([0, 1]);
  });
});

describe('eurosToCents: euros to cents exactly, through the decimal text', () => {
  it('40187085682031.20 euros is 4018708568203120 cents (Math.round(x * 100) gives …121)', () => {
    expect(Math.round(40187085682031.2 * 100)).toBe(4018708568203121);
    expect(eurosToCents(40187085682031.2, 'macroBudget')).toBe(4018708568203120);
    expect(eurosToCents('40187085682031.20', 'macroBudget')).toBe(4018708568203120);
  });

  it('the 2^53 − 1 cent limit is stated, and 1e15 euros is beyond it', () => {
    expect(eurosToCents('90071992547409.91', 'x')).toBe(MAX_CENTS);
    const run = () => eurosToCents('90071992547409.92', 'macroBudget');
    expect(run).toThrow(DataError);
    expect(run).toThrow(expect.objectContaining({ code: 'out-of-range', column: 'macroBudget' }));
    expect(run).toThrow(/90,071,992,547,409\.91/);
    expect(() => eurosToCents(1e15, 'macroBudget')).toThrow(/too large to count exactly in cents/);
  });

  it('half-cent boundaries: 0.005 is not whole cents; float noise is', () => {
    expect(() => eurosToCents(0.005, 'b')).toThrow(expect.objectContaining({ code: 'invalid-value' }));
    expect(() => eurosToCents('100.0049', 'b')).toThrow(/whole number of cents/);
    expect(eurosToCents(0.1 + 0.2, 'b')).toBe(30);
    expect(eurosToCents(0.005, 'b', 'nearest')).toBe(1);
    expect(eurosToCents(0.0049, 'b', 'nearest')).toBe(0);
    expect(eurosToCents('1e3', 'b')).toBe(100_000);
    expect(eurosToCents(-0, 'b')).toBe(0);
  });

  it('non-finite, negative and non-decimal amounts are typed errors', () => {
    for (const bad of [Number.POSITIVE_INFINITY, Number.NaN]) {
      expect(() => eurosToCents(bad, 'b')).toThrow(expect.objectContaining({ code: 'out-of-range' }));
    }
    expect(() => eurosToCents(-0.01, 'b')).toThrow(expect.objectContaining({ code: 'out-of-range' }));
    for (const bad of ['0x10', '1_000', '', 'abc', '1e999999']) {
      expect(() => eurosToCents(bad, 'b'), bad).toThrow(expect.objectContaining({ code: 'invalid-value' }));
    }
  });

  it('integer cents as input: safe integers and bigints up to 2^53 − 1', () => {
    expect(checkCents(12n, 'c')).toBe(12);
    expect(checkCents(MAX_CENTS, 'c')).toBe(MAX_CENTS);
    for (const bad of [2n ** 53n, -1, 1.5, 2 ** 53]) {
      expect(() => checkCents(bad, 'c')).toThrow(expect.objectContaining({ code: 'out-of-range' }));
    }
  });

  it('exactBinary holds every double exactly', () => {
    for (const x of [1, 0.1, 1e306, 5e-324, Number.MAX_VALUE, 2 ** 53 + 2]) {
      const { mantissa, exponent } = exactBinary(x);
      expect(mantissa < 2n ** 53n).toBe(true);
      expect(Number(mantissa) * 2 ** exponent).toBe(x);
    }
  });
});

describe('eurosToCents: where a number stops being exact', () => {
  it('a number from 2^46 euros on is refused with the limit and what to do; text goes on to 2^53 − 1 cents', () => {
    expect(eurosToCents(2 ** 46 - 0.25, 'm', 'nearest')).toBe((2 ** 46 - 0.25) * 100);
    const run = () => eurosToCents(8e13, 'macroBudget');
    expect(run).toThrow(expect.objectContaining({ code: 'out-of-range', column: 'macroBudget' }));
    expect(run).toThrow(/70,368,744,177,664 \(2\^46\).*as text.*macroBudgetCents/);
    expect(eurosToCents('80000000000000.01', 'macroBudget')).toBe(8_000_000_000_000_001);
    // Text is exact: it must be whole cents exactly (no float noise to forgive).
    expect(() => eurosToCents('1000.001', 'b')).toThrow(expect.objectContaining({ code: 'invalid-value' }));
  });
});
