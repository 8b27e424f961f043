import { describe, expect, it } from 'vitest';
import {
  formatDecimals,
  formatFixed,
  formatPercent,
  formatPValue,
  formatPValueColumn,
  formatSignificant,
  formatSignificantColumn,
} from '../../src/format/index.js';

// Expected texts printed by R 4.x: format(x, digits = d) and format.pval(p, digits = 3).
const VALUES = [
  0,
  -0,
  1e-300,
  1e300,
  0.0312,
  1.5,
  123456789,
  1234567.1,
  0.1 + 0.2,
  1 / 3,
  1e5,
  1e-5,
  -2.5e-7,
  99999.5,
  0.99995,
];
const R_DIGITS_3 = [
  '0',
  '0',
  '1e-300',
  '1e+300',
  '0.0312',
  '1.5',
  '1.23e+08',
  '1234567',
  '0.3',
  '0.333',
  '1e+05',
  '1e-05',
  '-2.5e-07',
  '1e+05',
  '1',
];
const R_DIGITS_7 = [
  '0',
  '0',
  '1e-300',
  '1e+300',
  '0.0312',
  '1.5',
  '123456789',
  '1234567',
  '0.3',
  '0.3333333',
  '1e+05',
  '1e-05',
  '-2.5e-07',
  '99999.5',
  '0.99995',
];

describe('formatSignificant / formatSignificantColumn (R format(x, digits))', () => {
  it('matches R on single values, including 0, -0, 1e-300 and 1e300', () => {
    expect(VALUES.map((x) => formatSignificant(x, { digits: 3 }))).toEqual(R_DIGITS_3);
    expect(VALUES.map((x) => formatSignificant(x))).toEqual(R_DIGITS_7);
  });

  it('prints NaN, null and undefined as NA and infinities as Inf', () => {
    expect(
      [Number.NaN, null, undefined, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY].map((x) =>
        formatSignificant(x),
      ),
    ).toEqual(['NA', 'NA', 'NA', 'Inf', '-Inf']);
  });

  it('formats a column in one notation with shared decimals, as R does', () => {
    expect(formatSignificantColumn([1.5, 0.0312, 120], { digits: 3 })).toEqual([
      '1.5000',
      '0.0312',
      '120.0000',
    ]);
    expect(formatSignificantColumn([1e-10, 1, 1000], { digits: 3 })).toEqual(['1e-10', '1e+00', '1e+03']);
    expect(formatSignificantColumn([-1.23456, 0.5], { digits: 4 })).toEqual(['-1.235', '0.500']);
    expect(formatSignificantColumn(new Float64Array([Number.NaN, 2.5]), { digits: 3 })).toEqual([
      'NA',
      '2.5',
    ]);
  });

  it('rejects digits outside 1 to 15 and unknown options', () => {
    expect(() => formatSignificant(1, { digits: 0 })).toThrow(
      expect.objectContaining({ code: 'invalid-option', option: 'digits' }),
    );
    // @ts-expect-error a misspelt option
    expect(() => formatSignificant(1, { digit: 3 })).toThrow(
      expect.objectContaining({ code: 'unknown-option', option: 'digit' }),
    );
  });
});

describe('formatPValue / formatPValueColumn (R format.pval)', () => {
  it('never prints a p-value as 0: below double precision it is <2e-16', () => {
    expect(formatPValue(0)).toBe('<2e-16');
    expect(formatPValue(1e-17)).toBe('<2e-16');
    expect(formatPValue(2.3e-16)).toBe('2.3e-16');
    // Over a grid from the smallest double to 1, no text reads as zero.
    for (let e = -323; e <= 0; e += 0.25) {
      expect(formatPValue(10 ** e)).not.toMatch(/^-?0(\.0*)?$/);
    }
  });

  it('matches R for single values: 0.049999, 1, 1e-4, 0.000123456', () => {
    expect(
      [0.049999, 0.05, 0.5, 1, 0.99999, 1e-4, 0.000123456, 0.00123, 1e-5].map((p) => formatPValue(p)),
    ).toEqual(['0.05', '0.05', '0.5', '1', '1', '1e-04', '0.000123', '0.00123', '1e-05']);
  });

  it('matches R for columns, with "< 2e-16" beside wider texts', () => {
    expect(
      formatPValueColumn([
        0, 1e-17, 2.3e-16, 1e-5, 0.000123456, 0.00123, 0.049999, 0.05, 0.5, 1, 0.99999, 1e-4,
      ]),
    ).toEqual([
      '< 2e-16',
      '< 2e-16',
      '2.3e-16',
      '1.0e-05',
      '0.000123',
      '0.001230',
      '0.049999',
      '0.050000',
      '0.500000',
      '1.000000',
      '0.999990',
      '0.000100',
    ]);
    expect(formatPValueColumn([0.5, 1e-20, 0.01])).toEqual(['0.50', '<2e-16', '0.01']);
  });

  it('prints a missing p-value as NA and throws for one outside [0, 1]', () => {
    expect(formatPValue(Number.NaN)).toBe('NA');
    expect(formatPValueColumn([null, 0.5])).toEqual(['NA', '0.5']);
    expect(() => formatPValue(1.5)).toThrow(
      expect.objectContaining({ name: 'DataError', code: 'invalid-value' }),
    );
    expect(() => formatPValueColumn([0.5, -0.1])).toThrow(/p-value -0.1 \(value 2 of 2\) is not in \[0, 1\]/);
    expect(() => formatPValue(Number.POSITIVE_INFINITY)).toThrow(
      expect.objectContaining({ code: 'invalid-value' }),
    );
  });
});

describe('formatFixed / formatPercent / formatDecimals', () => {
  it('groups thousands with English or Dutch marks', () => {
    expect(formatFixed(1234567.891, { groupMark: ',' })).toBe('1,234,567.89');
    expect(formatFixed(1234567.891, { decimalMark: ',', groupMark: '.' })).toBe('1.234.567,89');
    expect(formatFixed(-1234.5, { decimals: 0, groupMark: ' ' })).toBe('-1 235');
    expect(formatFixed(999.999, { groupMark: ',' })).toBe('1,000.00');
    expect(formatFixed(1e21, { decimals: 0, groupMark: ',' })).toBe('1,000,000,000,000,000,000,000');
    // 1e300 as a double, spelt out exactly (Python's int(1e300) gives the same digits).
    const huge = formatFixed(1e300, { decimals: 0 });
    expect(huge).toMatch(/^1\d{300}$/);
    expect(huge).toBe(
      '1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160',
    );
  });

  it('prints no minus sign on a value that rounds to zero, NA for NaN, Inf for infinity', () => {
    expect(formatFixed(-0)).toBe('0.00');
    expect(formatFixed(-0.004)).toBe('0.00');
    expect(formatPercent(-0.0001)).toBe('0.0%');
    expect(formatFixed(Number.NaN)).toBe('NA');
    expect(formatPercent(null)).toBe('NA');
    expect(formatFixed(Number.NEGATIVE_INFINITY)).toBe('-Inf');
  });

  it('formats percentages with their own decimals and marks', () => {
    expect(formatPercent(0.123)).toBe('12.3%');
    expect(formatPercent(0.5, { decimals: 2, decimalMark: ',' })).toBe('50,00%');
    expect(formatPercent(1)).toBe('100.0%');
  });

  it('formatDecimals keeps a value the decimals would hide as zero in scientific notation', () => {
    expect(formatDecimals(0)).toBe('0.000');
    expect(formatDecimals(-0)).toBe('0.000');
    expect(formatDecimals(0.03125)).toBe('0.031');
    expect(formatDecimals(0.0004)).toBe('4.00e-04');
    expect(formatDecimals(0.0005)).toBe('0.001');
    expect(formatDecimals(1.2e-12, { decimals: 4 })).toBe('1.200e-12');
    expect(formatDecimals(1e-300)).toBe('1.00e-300');
    expect(formatDecimals(1e300)).toBe('1.00e+300');
    expect(formatDecimals(Number.NaN)).toBe('NA');
    expect(formatDecimals(Number.POSITIVE_INFINITY)).toBe('Inf');
  });

  it('rejects the same mark twice, unknown marks and out-of-range decimals', () => {
    expect(() => formatFixed(1, { groupMark: '.' })).toThrow(
      expect.objectContaining({ code: 'invalid-option', option: 'groupMark' }),
    );
    // @ts-expect-error not a decimal mark
    expect(() => formatFixed(1, { decimalMark: ';' })).toThrow(
      expect.objectContaining({ code: 'invalid-option', option: 'decimalMark' }),
    );
    expect(() => formatPercent(1, { decimals: 21 })).toThrow(
      expect.objectContaining({ code: 'invalid-option', option: 'decimals' }),
    );
    expect(() => formatDecimals(1, { decimals: -1 })).toThrow(
      expect.objectContaining({ code: 'invalid-option' }),
    );
  });
});
