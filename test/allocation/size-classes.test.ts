import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SIZE_CLASSES,
  resolveSizeClasses,
  sizeClassIndex,
} from '../../src/allocation/size-classes.js';
import { DataError } from '../../src/errors.js';

describe('sizeClassIndex', () => {
  it('puts a boundary in the upper class (15,000 → 15k-40k, 40,000 → 40k-100k)', () => {
    const label = (x: number) => DEFAULT_SIZE_CLASSES.labels[sizeClassIndex(x)];
    expect([1, 14_999, 15_000, 39_999, 40_000, 250_000, 900_000].map(label)).toEqual([
      '<15k',
      '<15k',
      '15k-40k',
      '15k-40k',
      '40k-100k',
      '>=250k (G4)',
      '>=250k (G4)',
    ]);
    expect(sizeClassIndex(20_000, resolveSizeClasses({ breakpoints: [20_000] }))).toBe(1);
  });

  it.each([Number.NaN, -1, 0, Number.POSITIVE_INFINITY])(
    'sizeClassIndex(%s) is a DataError naming the value, not class 0',
    (inhabitants) => {
      expect(() => sizeClassIndex(inhabitants)).toThrow(DataError);
      expect(() => sizeClassIndex(inhabitants)).toThrow(
        expect.objectContaining({ code: 'out-of-range', column: 'inhabitants' }),
      );
      expect(() => sizeClassIndex(inhabitants)).toThrow(`got ${inhabitants}`);
    },
  );

  it('rejects a non-number', () => {
    expect(() => sizeClassIndex('20000' as unknown as number)).toThrow(DataError);
  });
});
