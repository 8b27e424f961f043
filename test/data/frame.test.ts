import { describe, expect, it } from 'vitest';
import { toFrame } from '../../src/data/index.js';
import { DataError } from '../../src/errors.js';

describe('toFrame(factor input): codes and levels are checked', () => {
  const levels = ['a', 'b', 'c'];
  it.each([
    ['1.5', [0, 1.5, 2], 2],
    ['NaN', [0, 1, Number.NaN], 3],
    ['-2', [-2, 0, 1], 1],
    ['3 (one past the last level)', [0, 3, 1], 2],
    ['Infinity', [Number.POSITIVE_INFINITY, 0, 0], 1],
  ])('a code of %s is a DataError naming the column and row', (_, codes, row) => {
    const f = toFrame({ town: { codes: Float64Array.from(codes), levels } });
    const err = (() => {
      try {
        f.column('town');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(DataError);
    expect(err).toMatchObject({ code: 'out-of-range', column: 'town', row });
    expect((err as Error).message).toMatch(/codes must be integers from 0 to 2 .* or -1 for missing/);
  });

  it('accepts -1 as missing and every code in range', () => {
    const col = toFrame({ town: { codes: Int8Array.from([-1, 0, 2]), levels } }).column('town');
    expect(col).toMatchObject({ kind: 'factor', levels });
  });

  it('levels must be unique strings', () => {
    expect(() => toFrame({ f: { codes: [0, 1], levels: ['a', 'a'] } }).column('f')).toThrow(
      expect.objectContaining({ code: 'duplicate', column: 'f' }),
    );
    expect(() => toFrame({ f: { codes: [0], levels: [1 as never] } }).column('f')).toThrow(
      expect.objectContaining({ code: 'invalid-value', column: 'f' }),
    );
  });
});
