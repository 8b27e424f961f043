import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDecimalText, parseDecimal, parseDecimalStrict } from '../../src/data/parse-number.js';
import { DataError } from '../../src/errors.js';

/** The grammar of parseDecimal written out plainly, without its fast path. */
function reference(text: string, decimal: '.' | ','): number {
  const t = text.trim();
  const ok =
    decimal === ','
      ? /^[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?$/
      : /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
  if (!ok.test(t)) return Number.NaN;
  const v = Number(t.replace(',', '.'));
  if (!Number.isFinite(v)) return Number.NaN;
  if (/^[+-]?\d+$/.test(t) && Math.abs(v) > Number.MAX_SAFE_INTEGER && BigInt(t) !== BigInt(v))
    return Number.NaN;
  return v;
}

describe('parseDecimal(text, decimal)', () => {
  it('agrees with its grammar on any text made of number-like characters (the fast path included)', () => {
    const chars = fc.constantFrom(...'0123456789+-.,eExXbo_ \t'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: chars, maxLength: 12 }), fc.constantFrom<'.' | ','>('.', ','), (s, d) => {
        expect(Object.is(parseDecimal(s, d), reference(s, d))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads plain decimals and refuses hex, underscores, blanks and integers a double cannot hold', () => {
    expect(parseDecimal('12')).toBe(12);
    expect(parseDecimal('-0')).toBe(-0);
    expect(parseDecimal('5.')).toBe(5);
    expect(parseDecimal('2,5', ',')).toBe(2.5);
    for (const s of ['0x10', '0b1', '0o7', '1_000', '', ' ', '+', '.', '1e', '2,5', 'Infinity', '1e999'])
      expect([s, parseDecimal(s)]).toEqual([s, Number.NaN]);
    expect(parseDecimal('9007199254740993')).toBeNaN();
    expect(parseDecimal('9007199254740994')).toBe(9007199254740994);
    expect(isDecimalText('9007199254740993')).toBe(true);
    expect(isDecimalText('0x10')).toBe(false);
  });

  it('parseDecimalStrict names what was read: lossy-value for 2^53 + 1, invalid-value otherwise', () => {
    expect(() => parseDecimalStrict('9007199254740993', { what: 'cell', column: 'id', row: 3 })).toThrow(
      expect.objectContaining({ code: 'lossy-value', column: 'id', row: 3 }),
    );
    expect(() => parseDecimalStrict('1,5', { what: 'cell' })).toThrow(/decimal: ','/);
    expect(() => parseDecimalStrict('', { what: 'cell' })).toThrow(DataError);
  });
});
