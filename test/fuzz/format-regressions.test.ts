/** Regressions for the defects the format fuzz properties found. */
import { describe, expect, it } from 'vitest';
import { formatPercent } from '../../src/format/index.js';

describe('format regressions from the fuzz suite', () => {
  it('formatPercent of a double near 1e308 spells out 100·x exactly (was a RangeError from BigInt(Infinity))', () => {
    expect(formatPercent(Number.MAX_VALUE, { decimals: 0 })).toBe(`${BigInt(Number.MAX_VALUE) * 100n}%`);
    expect(formatPercent(-1e300, { decimals: 1 })).toBe(`-${BigInt(1e300) * 100n}.0%`);
    // 1e19 and up are whole doubles: scaled exactly, not through a rounded 100·x.
    expect(formatPercent(2 ** 70, { decimals: 0 })).toBe(`${2n ** 70n * 100n}%`);
    expect(formatPercent(0.1234)).toBe('12.3%');
    expect(formatPercent(Number.NaN)).toBe('NA');
  });
});

describe('generate regressions from the fuzz suite', () => {
  it('costSharerNorm refuses 0 claimants and a NaN norm (was NaN) and keeps its documented values', async () => {
    const { costSharerNorm } = await import('../../src/generate/index.js');
    expect(costSharerNorm(24_000, 1, 1)).toBe(16800);
    expect(costSharerNorm(24_000, 1, 3)).toBe(10400);
    for (const args of [
      [24_000, 0, 0],
      [Number.NaN, 1, 1],
      [24_000, 1, 1.5],
    ] as const) {
      expect(() => costSharerNorm(args[0], args[1], args[2])).toThrow(
        expect.objectContaining({ code: 'invalid-value' }),
      );
    }
  });
});
