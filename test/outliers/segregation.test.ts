import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { movingIndex } from '../../src/outliers/moving-index.js';
import { neighbourhoodIndices } from '../../src/outliers/neighbourhood-indices.js';
import { segregationIndex } from '../../src/outliers/segregation-index.js';
import { expectClose, fixture } from './fixture.js';

describe('segregationIndex(group, other) and movingIndex(group, other)', () => {
  it('match R on random neighbourhood counts', () => {
    for (const ref of fixture.segregation) {
      expectClose(segregationIndex(ref.group, ref.other), ref.si, 1e-13, 'SI');
      expectClose(movingIndex(ref.group, ref.other), ref.vi, 1e-13, 'VI');
    }
  });

  it('reach their bounds: SI 0 for an even spread, 1 and VI 0.5 for full separation at p = 0.5', () => {
    expect(segregationIndex([5, 10], [50, 100])).toBeCloseTo(0, 15);
    expect(movingIndex([5, 10], [50, 100])).toBeCloseTo(0, 15);
    expect(segregationIndex([10, 0], [0, 10])).toBe(1);
    expect(movingIndex([10, 0], [0, 10])).toBe(0.5);
    expect(movingIndex([2, 8], [8, 2])).toBeCloseTo(0.3, 15);
  });

  it('satisfy VI = 2p(1 - p)·SI and stay in [0, 1] and [0, 0.5] (property)', () => {
    const counts = fc.array(fc.tuple(fc.nat(500), fc.nat(500)), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(counts, (pairs) => {
        const a = pairs.map((p) => p[0]);
        const o = pairs.map((p) => p[1]);
        const A = a.reduce((s, v) => s + v, 0);
        const O = o.reduce((s, v) => s + v, 0);
        fc.pre(A > 0 && O > 0);
        const si = segregationIndex(a, o);
        const vi = movingIndex(a, o);
        const p = A / (A + O);
        expect(Math.abs(vi - 2 * p * (1 - p) * si)).toBeLessThanOrEqual(1e-12);
        expect(si).toBeGreaterThanOrEqual(0);
        expect(si).toBeLessThanOrEqual(1 + 1e-15);
        expect(vi).toBeLessThanOrEqual(0.5 + 1e-15);
      }),
      { seed: 6, numRuns: 300 },
    );
  });

  it('throw typed errors for mismatched, negative or degenerate counts', () => {
    expect(() => segregationIndex([1, 2], [1])).toThrow(expect.objectContaining({ code: 'length-mismatch' }));
    expect(() => movingIndex([1, -2], [1, 1])).toThrow(
      expect.objectContaining({ code: 'invalid-value', row: 2 }), // 1-based: the second neighbourhood
    );
    expect(() => segregationIndex([0, 0], [3, 4])).toThrow(
      expect.objectContaining({ code: 'zero-variance' }),
    );
    expect(() => movingIndex([], [])).toThrow(expect.objectContaining({ code: 'empty' }));
  });
});

describe('neighbourhoodIndices(rows, options)', () => {
  const rows = [
    { municipality: 'A', year: 2019, bijstand: 10, rest: 0 },
    { municipality: 'A', year: 2019, bijstand: 0, rest: 10 },
    { municipality: 'A', year: 2020, bijstand: 5, rest: 5 },
    { municipality: 'A', year: 2020, bijstand: 5, rest: 5 },
    { municipality: 'B', year: 2019, bijstand: 2, rest: 8 },
    { municipality: 'B', year: 2019, bijstand: 8, rest: 2 },
  ];
  it('computes both indices per municipality-year and their mean over years', () => {
    const res = neighbourhoodIndices(rows, { year: 'year', group: 'bijstand', other: 'rest' });
    expect(res.rows.map((r) => [r.municipality, r.year])).toEqual([
      ['A', 2019],
      ['A', 2020],
      ['B', 2019],
    ]);
    const expected = [
      [1, 0.5],
      [0, 0],
      [0.6, 0.3],
    ];
    res.rows.forEach((r, i) => {
      expect(r.segregationIndex).toBeCloseTo(expected[i]![0]!, 15);
      expect(r.movingIndex).toBeCloseTo(expected[i]![1]!, 15);
    });
    expect(res.means[0]).toEqual({ municipality: 'A', years: 2, segregationIndex: 0.5, movingIndex: 0.25 });
    expect(res.rows[0]!.groupShare).toBe(0.5);
  });
  it('names the municipality and year of a degenerate cell', () => {
    const bad = [...rows, { municipality: 'C', year: 2020, bijstand: 0, rest: 3 }];
    expect(() => neighbourhoodIndices(bad, { year: 'year', group: 'bijstand', other: 'rest' })).toThrow(
      expect.objectContaining({ code: 'zero-variance', municipality: 'C', year: 2020 }),
    );
  });
});
