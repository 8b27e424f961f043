import { describe, expect, it } from 'vitest';
import { flagOutliers } from '../../src/outliers/flag-outliers.js';
import { expectClose, fixture } from './fixture.js';

const indicators = [...new Set(fixture.outliers.map((o) => o.indicator))];
const { deficit, surplus, comparison } = fixture.groups;

describe('flagOutliers(data, { indicators, group, comparison, k })', () => {
  it('z-scores against the comparison mean and SD (n - 1) match R', () => {
    const res = flagOutliers(fixture.features, { indicators, group: [...deficit, ...surplus], comparison });
    expect(res.flags).toHaveLength(fixture.outliers.length);
    res.flags.forEach((f, i) => {
      const ref = fixture.outliers[i]!;
      expect([f.indicator, f.municipality]).toEqual([ref.indicator, ref.municipality]);
      expectClose(f.z, ref.z, 1e-12, `${f.indicator} ${f.municipality}`);
      expect(f.outlier).toBe(ref.outlier);
    });
    const some = res.byIndicator.find((r) => r.above.length > 0)!;
    expect(res.summary()).toContain(some.indicator);
    expect(res.summary()).toContain(String(some.above[0]));
  });

  it('flags strictly beyond k SD and splits above from below (S1 Tab 4.1)', () => {
    // Comparison {0, 2, 4}: mean 2, SD 2; so 6 is exactly 2 SD above (not an outlier), 6.5 and -3 are.
    const data = [
      { municipality: 'c1', x: 0 },
      { municipality: 'c2', x: 2 },
      { municipality: 'c3', x: 4 },
      { municipality: 'g1', x: 6 },
      { municipality: 'g2', x: 6.5 },
      { municipality: 'g3', x: -3 },
    ];
    const res = flagOutliers(data, {
      indicators: ['x'],
      group: ['g1', 'g2', 'g3'],
      comparison: ['c1', 'c2', 'c3'],
    });
    expect(res.flags.map((f) => f.z)).toEqual([2, 2.25, -2.5]);
    expect(res.flags.map((f) => f.direction)).toEqual(['none', 'above', 'below']);
    expect(res.byIndicator[0]).toMatchObject({
      comparisonMean: 2,
      comparisonSd: 2,
      above: ['g2'],
      below: ['g3'],
    });
    expect(res.summary()).toMatchInlineSnapshot(`
      "Indicator  More than 2 SD above  More than 2 SD below
      ---------  --------------------  --------------------
      x          g2                    g3
      Mean and SD (n - 1) over the comparison group; 1 of 1 indicators have outliers."
    `);
    const loose = flagOutliers(data, {
      indicators: ['x'],
      group: ['g1'],
      comparison: ['c1', 'c2', 'c3'],
      k: 1.5,
    });
    expect(loose.flags[0]!.outlier).toBe(true);
  });

  it('throws for a comparison group under 2, zero variance, unknown municipalities and missing values', () => {
    const data = [
      { municipality: 'a', x: 1, y: 5 },
      { municipality: 'b', x: 2, y: 5 },
      { municipality: 'c', x: null, y: 5 },
    ];
    expect(() => flagOutliers(data, { indicators: ['x'], group: ['b'], comparison: ['a'] })).toThrow(
      expect.objectContaining({ code: 'too-few-rows', indicator: 'x' }),
    );
    expect(() => flagOutliers(data, { indicators: ['y'], group: ['c'], comparison: ['a', 'b'] })).toThrow(
      expect.objectContaining({
        code: 'zero-variance',
        indicator: 'y',
        message: expect.stringMatching(/'y'/),
      }),
    );
    expect(() => flagOutliers(data, { indicators: ['x'], group: ['zz'], comparison: ['a', 'b'] })).toThrow(
      expect.objectContaining({ code: 'unknown-unit', municipality: 'zz' }),
    );
    expect(() => flagOutliers(data, { indicators: ['x'], group: ['c'], comparison: ['a', 'b'] })).toThrow(
      expect.objectContaining({ code: 'missing-value', municipality: 'c', indicator: 'x' }),
    );
    expect(() => flagOutliers(data, { indicators: [], group: ['c'], comparison: ['a', 'b'] })).toThrow(
      /indicators/,
    );
  });
});
