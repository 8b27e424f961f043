import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inferCellType, parseNumberCell } from '../../src/data/io/cells.js';

describe('parseNumberCell(cell, decimal)', () => {
  it('reads plain decimal numbers and nothing else', () => {
    const cases: [string, number | undefined][] = [
      ['1', 1],
      ['-3.5', -3.5],
      ['+2', 2],
      ['.5', 0.5],
      ['-.5', -0.5],
      ['5.', 5],
      ['00012', 12],
      ['1e5', 1e5],
      ['1E-300', 1e-300],
      ['0e5', 0],
      [' 7 ', 7],
      ['Inf', Number.POSITIVE_INFINITY],
      ['-Infinity', Number.NEGATIVE_INFINITY],
      ['0x10', undefined],
      ['0b1', undefined],
      ['0o7', undefined],
      ['', undefined],
      [' ', undefined],
      ['1,5', undefined],
      ['1 000', undefined],
      ['1e', undefined],
      ['-', undefined],
      ['NaN', undefined],
      ['12abc', undefined],
    ];
    for (const [cell, expected] of cases)
      expect([cell, parseNumberCell(cell, '.')]).toEqual([cell, expected]);
    expect(parseNumberCell('1234,5', ',')).toBe(1234.5);
    expect(parseNumberCell('-7,25', ',')).toBe(-7.25);
  });

  it('reads back every double as String() writes it', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        // String(-0) is '0', which reads back as +0.
        expect(parseNumberCell(String(x), '.')).toBe(Object.is(x, -0) ? 0 : x);
      }),
    );
  });
});

describe('inferCellType(cells, na, decimal)', () => {
  const na = new Set(['', 'NA']);
  it('is number, boolean or string, ignoring missing cells', () => {
    expect(inferCellType(['1', 'NA', '2.5'], na, '.')).toBe('number');
    expect(inferCellType(['', 'NA'], na, '.')).toBe('number');
    expect(inferCellType(['true', 'FALSE', ''], na, '.')).toBe('boolean');
    expect(inferCellType(['1', 'true'], na, '.')).toBe('string');
    expect(inferCellType(['true', '1'], na, '.')).toBe('string');
    expect(inferCellType(['0363', 'GM0014'], na, '.')).toBe('string');
  });
});
