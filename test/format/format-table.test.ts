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
      'term                 p  ok         se',
      '-----------  ---------  -----  ------',
      '(Intercept)  1.200e-12  true    [NaN]',
      'x               0.0451  false  [0.25]',
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
});
