import { describe, expect, it } from 'vitest';
import { SpecError } from '../../src/errors.js';
import { formatTable } from '../../src/format/index.js';

describe('formatTable(rows, options)', () => {
  it('aligns numbers right and text left, integers without decimals', () => {
    const text = formatTable(
      [
        { term: 'age', estimate: 0.0312, n: 120 },
        { term: 'educ', estimate: -0.5, n: 98 },
      ],
      { digits: 2 },
    );
    expect(text).toBe(
      ['term  estimate    n', '----  --------  ---', 'age       0.03  120', 'educ     -0.50   98'].join('\n'),
    );
  });

  it('shows missing values, tiny p-values in scientific notation, booleans and per-column formats', () => {
    const text = formatTable(
      [
        { term: '(Intercept)', pValue: 1.2e-12, ok: true, se: Number.NaN },
        { term: 'x', pValue: 0.0451, ok: false, se: 0.25 },
      ],
      {
        columns: [
          'term',
          { key: 'pValue', label: 'p', digits: 4 },
          'ok',
          { key: 'se', format: (v) => `[${v}]` },
        ],
        missing: '-',
      },
    );
    expect(text.split('\n')).toEqual([
      // A pValue column prints as R's format.pval with `digits` significant digits.
      'term               p  ok         se',
      '-----------  -------  -----  ------',
      '(Intercept)  1.2e-12  true    [NaN]',
      'x             0.0451  false  [0.25]',
    ]);
    expect(formatTable([{ a: null, b: 'x' }], { missing: '.' })).toBe('a  b\n-  -\n.  x');
  });

  it('takes a column record, cuts long tables and adds a title', () => {
    const text = formatTable(
      { id: ['a', 'b', 'c'], v: new Float64Array([1.5, 2, 3]) },
      { maxRows: 2, title: 'Values' },
    );
    expect(text).toBe(
      ['Values', 'id      v', '--  -----', 'a   1.500', 'b       2', '... 1 more row'].join('\n'),
    );
    expect(() => formatTable({ a: [1], b: [1, 2] })).toThrow(/column 'b' has 2 values but 'a' has 1/);
    expect(() => formatTable([], { digits: -1 })).toThrow(SpecError);
    expect(formatTable([], { columns: ['a'] })).toBe('a\n-');
  });

  it('checks its options once, names column keys as data, and lays out footers and decimal columns', () => {
    // @ts-expect-error a misspelt option
    expect(() => formatTable([], { digit: 2 })).toThrow(
      expect.objectContaining({ code: 'unknown-option', option: 'digit' }),
    );
    // @ts-expect-error a misspelt column option
    expect(() => formatTable([{ a: 1 }], { columns: [{ key: 'a', lable: 'A' }] })).toThrow(
      expect.objectContaining({ code: 'unknown-option', option: 'lable' }),
    );
    expect(() => formatTable([], { maxRows: -1 })).toThrow(
      expect.objectContaining({ code: 'invalid-option', option: 'maxRows' }),
    );
    expect(() => formatTable({ a: [1], b: [1, 2] })).toThrow(
      expect.objectContaining({ code: 'length-mismatch', column: 'b' }),
    );
    const record = formatTable(JSON.parse('{"__proto__": [1, 2], "constructor": ["x", "y"]}'));
    expect(record.split('\n')).toEqual([
      '__proto__  constructor',
      '---------  -----------',
      '        1  x',
      '        2  y',
    ]);
    const text = formatTable(
      [
        { term: 'a', v: 12.5 },
        { term: 'b', v: 0.125 },
        { term: 'c', v: -0 },
      ],
      { columns: ['term', { key: 'v', align: 'decimal' }], footers: ['note'] },
    );
    expect(text.split('\n')).toEqual([
      'term       v',
      '----  ------',
      'a     12.500',
      'b      0.125',
      'c      0',
      'note',
    ]);
  });

  it('prints p-value columns as R does, never as 0, and percentages', () => {
    const tidy = [
      { term: 'a', estimate: 2, pValue: 0 },
      { term: 'b', estimate: 0.5, pValue: 0.0123 },
    ];
    expect(formatTable(tidy).split('\n')).toEqual([
      'term  estimate  pValue',
      '----  --------  ------',
      'a            2  <2e-16',
      'b        0.500  0.0123',
    ]);
    expect(formatTable([{ differencePValue: 1e-300 }, { differencePValue: Number.NaN }]).split('\n')).toEqual(
      ['differencePValue', '----------------', '          <2e-16', '              NA'],
    );
    const shares = formatTable([{ s: 0.1234 }, { s: null }], { columns: [{ key: 's', as: 'percent' }] });
    expect(shares.split('\n')).toEqual(['    s', '-----', '12.3%', '   NA']);
    // @ts-expect-error not a kind
    expect(() => formatTable([{ s: 1 }], { columns: [{ key: 's', as: 'money' }] })).toThrow(
      expect.objectContaining({ code: 'invalid-option', option: 'as' }),
    );
  });
});
