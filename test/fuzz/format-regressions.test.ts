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
