/**
 * The one input boundary of the outliers functions (src/outliers/records.ts): every input goes through
 * `toFrame`, and its columns are checked once with one message per problem; rows are 1-based.
 */
import { describe, expect, it } from 'vitest';
import { toFrame } from '../../src/data/index.js';
import { DataError } from '../../src/errors.js';
import { balances } from '../../src/outliers/balances.js';
import { compareGroups } from '../../src/outliers/compare-groups.js';
import { decomposeSpendingGap } from '../../src/outliers/decompose-spending-gap.js';
import { OutlierInputError } from '../../src/outliers/errors.js';
import { explainedVariance } from '../../src/outliers/explained-variance.js';
import { flagOutliers } from '../../src/outliers/flag-outliers.js';
import { neighbourhoodIndices } from '../../src/outliers/neighbourhood-indices.js';

const rows = [
  { municipality: 'A', year: 2019, budget: 100, spending: 110, inhabitants: 50_000 },
  { municipality: 'A', year: 2020, budget: 300, spending: 270, inhabitants: 50_000 },
  { municipality: 'B', year: 2019, budget: 200, spending: 150, inhabitants: 40_000 },
  { municipality: 'B', year: 2020, budget: 200, spending: 250, inhabitants: 40_000 },
];
const columns = {
  municipality: rows.map((r) => r.municipality),
  year: Int32Array.from(rows, (r) => r.year),
  budget: Float64Array.from(rows, (r) => r.budget),
  spending: rows.map((r) => r.spending),
  inhabitants: rows.map((r) => r.inhabitants),
};

function thrown(f: () => unknown): OutlierInputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(OutlierInputError);
    expect(e).toBeInstanceOf(DataError);
    return e as OutlierInputError;
  }
  throw new Error('expected an error');
}

describe('every input shape gives the same answer (row objects, column object, typed arrays, Frame, factor)', () => {
  it('balances', () => {
    const expected = balances(rows);
    expect(balances(columns)).toEqual(expected);
    expect(balances(toFrame(columns))).toEqual(expected);
    const factor = { ...columns, municipality: { codes: Int8Array.from([0, 0, 1, 1]), levels: ['A', 'B'] } };
    expect(balances(factor)).toEqual(expected);
  });
  it('numeric municipality codes work; the member "599" is municipality 599 and reported as in the data', () => {
    const data = { municipality: [363, 518, 599], x: [1, 2, 4] };
    const res = flagOutliers(data, { indicators: ['x'], group: ['599'], comparison: [363, 518] });
    expect(res.flags[0]?.municipality).toBe(599);
    expect(res.options.comparison).toEqual([363, 518]);
  });
});

describe('one message per problem, with the 1-based row, the column and the municipality', () => {
  it('a missing municipality id (row 3)', () => {
    const bad = rows.map((r, i) => (i === 2 ? { ...r, municipality: null } : r));
    const e = thrown(() => balances(bad));
    expect(e).toMatchObject({ code: 'missing-value', row: 3, column: 'municipality' });
    expect(e.message).toMatch(/row 3 has no municipality id in column 'municipality'/);
  });
  it('an empty-string id, an id that is a boolean, a factor code out of range', () => {
    expect(
      thrown(() => balances(rows.map((r, i) => (i === 1 ? { ...r, municipality: '' } : r)))),
    ).toMatchObject({
      code: 'invalid-value',
      row: 2,
    });
    expect(thrown(() => balances({ ...columns, municipality: [true, true, false, false] }))).toMatchObject({
      code: 'invalid-value',
      column: 'municipality',
    });
    // Factor codes are checked by the data layer (a DataError with the 1-based row).
    const codes = { ...columns, municipality: { codes: [0, 0, 1, 2.5], levels: ['A', 'B'] } };
    expect(() => balances(codes)).toThrow(expect.objectContaining({ code: 'out-of-range', row: 4 }));
    const outOfRange = { ...columns, municipality: { codes: [0, 0, 1, 7], levels: ['A', 'B'] } };
    expect(() => balances(outOfRange)).toThrow(DataError);
  });
  it('a missing, a non-integer and a text year', () => {
    expect(thrown(() => balances(rows.map((r, i) => (i === 3 ? { ...r, year: null } : r))))).toMatchObject({
      code: 'missing-value',
      row: 4,
      municipality: 'B',
      column: 'year',
    });
    expect(thrown(() => balances(rows.map((r, i) => (i === 0 ? { ...r, year: 2019.5 } : r))))).toMatchObject({
      code: 'invalid-value',
      row: 1,
    });
    expect(thrown(() => balances({ ...columns, year: ['2019', '2020', '2019', '2020'] }))).toMatchObject({
      code: 'invalid-value',
      column: 'year',
      row: 1,
    });
  });
  it('missing (null, undefined, NaN) and non-finite values', () => {
    for (const hole of [null, undefined, Number.NaN]) {
      const bad = rows.map((r, i) => (i === 2 ? { ...r, spending: hole } : r));
      const e = thrown(() => balances(bad));
      expect(e).toMatchObject({
        code: 'missing-value',
        row: 3,
        municipality: 'B',
        year: 2019,
        column: 'spending',
      });
      expect(e.message).toMatch(/'B', year 2019: no value .* in column 'spending' \(row 3\)/);
    }
    for (const inf of [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const bad = rows.map((r, i) => (i === 1 ? { ...r, budget: inf } : r));
      expect(thrown(() => balances(bad))).toMatchObject({
        code: 'not-finite',
        row: 2,
        municipality: 'A',
        year: 2020,
        column: 'budget',
      });
    }
  });
  it('text or booleans where numbers are needed (the row of the first text cell)', () => {
    const text = { ...columns, budget: ['100', '300', '200', '200'] };
    const e = thrown(() => balances(text));
    expect(e).toMatchObject({ code: 'invalid-value', column: 'budget', row: 1 });
    expect(e.message).toMatch(/holds text \('100' in row 1\).*parseDecimal/);
    const logical = { ...columns, spending: [true, false, true, false] };
    expect(thrown(() => balances(logical))).toMatchObject({ code: 'invalid-value', column: 'spending' });
  });
  it('0/1 booleans are fine as an indicator', () => {
    const data = { municipality: ['a', 'b', 'c', 'd'], x: [true, false, true, true] };
    const res = flagOutliers(data, { indicators: ['x'], group: ['d'], comparison: ['a', 'b', 'c'] });
    expect(res.flags[0]?.value).toBe(1);
  });
  it('a missing column is named, with the columns there are', () => {
    const e = thrown(() => balances(rows, { spending: 'netSpending' }));
    expect(e).toMatchObject({ code: 'missing-column', column: 'netSpending' });
    expect(e.message).toMatch(/column 'netSpending' is not in the data \(columns: municipality, year/);
    const features = { municipality: ['a', 'b', 'c'], x: [1, 2, 3] };
    expect(() => flagOutliers(features, { indicators: ['y'], group: ['c'], comparison: ['a', 'b'] })).toThrow(
      expect.objectContaining({ code: 'missing-column', column: 'y' }),
    );
    expect(() =>
      compareGroups(features, {
        indicators: ['x'],
        controls: ['z'],
        deficit: ['a'],
        surplus: ['b'],
        comparison: ['c'],
      }),
    ).toThrow(expect.objectContaining({ code: 'missing-column', column: 'z' }));
  });
  it('duplicate municipality-year keys and duplicate municipalities (both rows, 1-based)', () => {
    const e = thrown(() => balances([...rows, rows[2] as (typeof rows)[number]]));
    expect(e).toMatchObject({ code: 'duplicate', municipality: 'B', year: 2019, row: 5 });
    expect(e.message).toMatch(/two rows for year 2019 \(rows 3 and 5\)/);
    const features = { municipality: ['a', 'b', 'a'], x: [1, 2, 3] };
    const f = thrown(() => flagOutliers(features, { indicators: ['x'], group: ['a'], comparison: ['b'] }));
    expect(f).toMatchObject({ code: 'duplicate', municipality: 'a', row: 3 });
    expect(f.message).toMatch(/rows 1 and 3/);
  });
  it('unknown municipalities in a group', () => {
    const features = { municipality: ['a', 'b', 'c'], x: [1, 2, 3] };
    expect(
      thrown(() => flagOutliers(features, { indicators: ['x'], group: ['zz'], comparison: ['a', 'b'] })),
    ).toMatchObject({ code: 'unknown-unit', municipality: 'zz' });
  });
  it('columns of different lengths and inputs that are not tables', () => {
    expect(() => balances({ ...columns, budget: [1, 2, 3] })).toThrow(
      expect.objectContaining({ code: 'length-mismatch', column: 'budget' }),
    );
    // @ts-expect-error not a table
    expect(thrown(() => balances(42))).toMatchObject({ code: 'invalid-value' });
    expect(thrown(() => balances([]))).toMatchObject({ code: 'empty' });
  });
  it('the other readers use the same checks', () => {
    const gap = [
      {
        municipality: 'A',
        year: 2020,
        budget: 1,
        spending: 1,
        recipients: Number.NaN,
        predictedRecipients: 1,
      },
    ];
    expect(thrown(() => decomposeSpendingGap(gap))).toMatchObject({
      code: 'missing-value',
      column: 'recipients',
      row: 1,
    });
    const counts = [
      { municipality: 'A', group: 1, other: 2 },
      { municipality: 'A', group: Number.POSITIVE_INFINITY, other: 2 },
    ];
    expect(thrown(() => neighbourhoodIndices(counts))).toMatchObject({
      code: 'not-finite',
      row: 2,
      column: 'group',
    });
    const ev = [{ municipality: 'A', year: 2020, volume: 0.1, inflow: Number.NEGATIVE_INFINITY }];
    expect(
      thrown(() => explainedVariance(ev, { component: 'volume', measure: 'inflow', na: 'omit' })),
    ).toMatchObject({
      code: 'not-finite',
      indicator: 'inflow',
    });
  });
});
