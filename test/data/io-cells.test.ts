import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inferCellType, needsTextQuotes, parseNumberCell } from '../../src/data/io/cells.js';
import { formatNumber } from '../../src/data/io/write-csv.js';

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

  it('reads back every double exactly as the CSV writer writes it (-0, and integers beyond 2^53, included)', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true }),
        fc.constantFrom('.', ',') as fc.Arbitrary<'.' | ','>,
        (x, d) => {
          expect(Object.is(parseNumberCell(formatNumber(x, d), d), x)).toBe(true);
        },
      ),
    );
    // String() writes 2^60 + 2^8 as digits that are not its exact value; the writer uses the exponent form.
    expect(formatNumber(2 ** 60 + 2 ** 8, '.')).toBe('1.1529215046068472e+18');
    expect(parseNumberCell(String(2 ** 60 + 2 ** 8), '.')).toBeUndefined();
    expect(formatNumber(2 ** 53, '.')).toBe('9007199254740992');
  });

  it('refuses integers that a double cannot hold exactly, and hex, underscores and blanks', () => {
    for (const cell of ['9007199254740993', '-9007199254740993', '0x10', '1_000', '', '1e999'])
      expect([cell, parseNumberCell(cell, '.')]).toEqual([cell, undefined]);
    expect(parseNumberCell('9007199254740992', '.')).toBe(9007199254740992);
    expect(parseNumberCell('2,5', '.')).toBeUndefined();
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
    expect(inferCellType([null, 'true', null], na, '.')).toBe('boolean');
  });

  it('is number when most present cells are written as numbers, so that one bad cell is an error, not text', () => {
    expect(inferCellType(['1', '2', '0x10'], na, '.')).toBe('number');
    expect(inferCellType(['1', '2', 'n/a', null], na, '.')).toBe('number');
    expect(inferCellType(['9007199254740993', '1'], na, '.')).toBe('number');
    expect(inferCellType(['Inf', '-Inf', 'x'], na, '.')).toBe('number');
    expect(inferCellType(['1', 'x'], na, '.')).toBe('string');
    expect(inferCellType(['a', 'b', '3'], na, '.')).toBe('string');
    expect(inferCellType(['1,5', '2,5', 'x'], na, ',')).toBe('number');
    // Decimal-comma numbers in a '.' file: number, so that reading stops with a hint instead of giving text.
    expect(inferCellType(['1,5', '2,5'], na, '.')).toBe('number');
  });

  it('is string when a present cell was quoted; quoted na tokens alone only when nothing else is present', () => {
    const text = { text: true, na: false };
    const onlyNa = { text: false, na: true };
    expect(inferCellType(['1', '2'], na, '.', text)).toBe('string');
    expect(inferCellType(['true', 'false'], na, '.', text)).toBe('string');
    expect(inferCellType(['1', '2'], na, '.', { text: false, na: false })).toBe('number');
    // Quoted "" or "NA" beside numbers: missing numbers (pandas QUOTE_NONNUMERIC writes NaN as "").
    expect(inferCellType(['1', '', 'NA'], na, '.', onlyNa)).toBe('number');
    expect(inferCellType(['true', ''], na, '.', onlyNa)).toBe('boolean');
    expect(inferCellType(['', 'NA', null], na, '.', onlyNa)).toBe('string');
    expect(inferCellType(['', 'NA', null], na, '.')).toBe('number');
  });
});

describe('needsTextQuotes(text)', () => {
  it('is true for text that inference would count as a number (either decimal mark) or true/false', () => {
    for (const t of [
      '1',
      '-0',
      '1e999',
      '9007199254740993',
      '0363',
      ' 7 ',
      '1,5',
      ',5',
      'Inf',
      '-Infinity',
    ]) {
      expect([t, needsTextQuotes(t)]).toEqual([t, true]);
    }
    for (const t of ['true', 'FALSE', 'True', ' false ']) expect([t, needsTextQuotes(t)]).toEqual([t, true]);
  });

  it('is false for other text, so that it is written without quotes', () => {
    for (const t of [
      'x',
      'GM0363',
      '0x10',
      '1_000',
      '12abc',
      '1.234,5',
      'yes',
      'Den Haag',
      '-x',
      'NaN-ish',
    ]) {
      expect([t, needsTextQuotes(t)]).toEqual([t, false]);
    }
  });

  it('agrees with inference: text it leaves unquoted (and not an na token) is inferred as text', () => {
    const naSet = new Set(['', 'NA', 'N/A', 'NaN', 'null', 'NULL']);
    const cell = fc.oneof(
      fc.constantFrom('x', 'GM0363', '0x10', '1_000', '12abc', '1.234,5', 'yes', '1', 'true', ' 7 '),
      fc.string({ unit: fc.constantFrom(...'0123456789.,+-eEInfatrulsFTRUE x') }),
      fc.string(),
    );
    fc.assert(
      fc.property(cell, (t) => {
        if (needsTextQuotes(t) || naSet.has(t)) return;
        expect([t, inferCellType([t], naSet, '.'), inferCellType([t], naSet, ',')]).toEqual([
          t,
          'string',
          'string',
        ]);
      }),
      { numRuns: 2000 },
    );
  });
});
