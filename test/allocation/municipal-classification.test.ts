import { describe, expect, it } from 'vitest';
import { aggregateToClassification } from '../../src/allocation/aggregate-to-classification.js';
import { MunicipalityError } from '../../src/allocation/errors.js';
import {
  mapMunicipalityCode,
  municipalClassification,
} from '../../src/allocation/municipal-classification.js';
import { SpecError } from '../../src/errors.js';

describe('municipalClassification', () => {
  const chain = [
    { from: 'A', to: 'B', year: 2019 },
    { from: 'B', to: 'C', year: 2021 },
    { from: 'D', to: 'D' },
    { from: 'E', to: 'C', year: 2021 },
  ];

  it('municipalClassification(chain) resolves A→B→C to A→C and lists the target codes', () => {
    const c = municipalClassification(chain);
    expect(c.successors).toEqual({
      A: [{ code: 'C', fraction: 1 }],
      B: [{ code: 'C', fraction: 1 }],
      E: [{ code: 'C', fraction: 1 }],
    });
    expect(c.targetCodes).toEqual(['C', 'D']);
    expect(mapMunicipalityCode(c, 'A')).toEqual([{ code: 'C', fraction: 1 }]);
    expect(mapMunicipalityCode(c, 'D')).toEqual([{ code: 'D', fraction: 1 }]);
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
  });

  it('municipalClassification(chain, { targetYear: 2020 }) applies only the changes up to 2020', () => {
    const c = municipalClassification(chain, { targetYear: 2020 });
    expect(c.successors).toEqual({ A: [{ code: 'B', fraction: 1 }] });
    expect(c.targetCodes).toEqual(['B', 'D']);
    expect(() => mapMunicipalityCode(c, 'C')).toThrow(MunicipalityError);
  });

  it('splits carry fractions through chains: A→{B .6, C .4}, B→D gives A→{C .4, D .6}', () => {
    const c = municipalClassification([
      { from: 'A', to: 'B', fraction: 0.6 },
      { from: 'A', to: 'C', fraction: 0.4 },
      { from: 'B', to: 'D' },
    ]);
    expect(c.successors.A).toEqual([
      { code: 'C', fraction: 0.4 },
      { code: 'D', fraction: 0.6 },
    ]);
  });

  it('a cycle is an error naming its codes', () => {
    expect(() =>
      municipalClassification([
        { from: 'A', to: 'B' },
        { from: 'B', to: 'C' },
        { from: 'C', to: 'A' },
      ]),
    ).toThrow(expect.objectContaining({ code: 'invalid-value', ids: ['A', 'B', 'C'] }));
    expect(() =>
      municipalClassification([
        { from: 'A', to: 'B' },
        { from: 'B', to: 'A' },
      ]),
    ).toThrow(/cycle A → B → A/);
  });

  it('rejects splits without fractions, fractions not adding to 1, duplicates and conflicting rows', () => {
    const split = [
      { from: 'A', to: 'B' },
      { from: 'A', to: 'C' },
    ];
    expect(() => municipalClassification(split)).toThrow(/give a fraction/);
    expect(() =>
      municipalClassification([
        { from: 'A', to: 'B', fraction: 0.5 },
        { from: 'A', to: 'C', fraction: 0.4 },
      ]),
    ).toThrow(/add up to 0.9/);
    expect(() =>
      municipalClassification([
        { from: 'A', to: 'B' },
        { from: 'A', to: 'B' },
      ]),
    ).toThrow(expect.objectContaining({ code: 'duplicate' }));
    expect(() =>
      municipalClassification([
        { from: 'A', to: 'A' },
        { from: 'A', to: 'B' },
      ]),
    ).toThrow(/marked unchanged/);
    expect(() => municipalClassification([{ from: 'A', to: 'B', fraction: 1.5 }])).toThrow(MunicipalityError);
    expect(() => municipalClassification([{ from: 'A', to: 'B' }], { targetCodes: ['A'] })).toThrow(
      /no longer exist/,
    );
    // @ts-expect-error bad option value
    expect(() => municipalClassification([], { unknownCodes: 'ignore' })).toThrow(SpecError);
  });

  it("unknown codes are an error, or pass through with unknownCodes: 'keep'", () => {
    const c = municipalClassification([{ from: 'A', to: 'B' }]);
    expect(() => mapMunicipalityCode(c, 'Z')).toThrow(
      expect.objectContaining({ code: 'unknown-unit', ids: ['Z'] }),
    );
    const keep = municipalClassification([{ from: 'A', to: 'B' }], { unknownCodes: 'keep' });
    expect(mapMunicipalityCode(keep, 'Z')).toEqual([{ code: 'Z', fraction: 1 }]);
  });
});

describe('aggregateToClassification', () => {
  const c = municipalClassification([
    { from: 'A', to: 'C', year: 2019 },
    { from: 'B', to: 'C', year: 2019 },
    { from: 'S', to: 'C', fraction: 0.25 },
    { from: 'S', to: 'D', fraction: 0.75 },
    { from: 'D', to: 'D' },
    { from: 'E', to: 'E' },
  ]);
  const rows = [
    { municipality: 'A', year: 2017, spending: 10, population: 100, share: 0.1 },
    { municipality: 'B', year: 2017, spending: 5, population: 300, share: 0.3 },
    { municipality: 'S', year: 2017, spending: 8, population: 400, share: 0.2 },
    { municipality: 'D', year: 2017, spending: 2, population: 200, share: 0.05 },
    { municipality: 'E', year: 2017, spending: 1, population: 50, share: 0.5 },
    { municipality: 'C', year: 2020, spending: 30, population: 500, share: 0.2 },
    { municipality: 'D', year: 2020, spending: 7, population: 510, share: 0.1 },
    { municipality: 'E', year: 2020, spending: 1, population: 50, share: 0.4 },
  ];

  it('sums amounts and re-allocates shares with population weights (split fractions included)', () => {
    /*
     * C in 2017 = A + B + ¼·S: spending 10 + 5 + 2 = 17; population 100 + 300 + 100 = 500;
     *   share = (100·0.1 + 300·0.3 + 100·0.2)/500 = (10 + 90 + 20)/500 = 0.24.
     * D in 2017 = D + ¾·S: spending 2 + 6 = 8; population 200 + 300 = 500; share = (200·0.05 + 300·0.2)/500 = 0.14.
     */
    const a = aggregateToClassification(rows, c, {
      year: 'year',
      sum: ['spending'],
      weightedMean: ['share'],
      weight: 'population',
    });
    expect(a.rows).toEqual([
      { municipality: 'C', year: 2017, spending: 17, population: 500, share: expect.closeTo(0.24, 14) },
      { municipality: 'C', year: 2020, spending: 30, population: 500, share: 0.2 },
      { municipality: 'D', year: 2017, spending: 8, population: 500, share: expect.closeTo(0.14, 14) },
      { municipality: 'D', year: 2020, spending: 7, population: 510, share: expect.closeTo(0.1, 14) },
      { municipality: 'E', year: 2017, spending: 1, population: 50, share: 0.5 },
      { municipality: 'E', year: 2020, spending: 1, population: 50, share: 0.4 },
    ]);
    expect(a.sources).toEqual({ C: ['A', 'B', 'C', 'S'], D: ['D', 'S'], E: ['E'] });
    expect(a.dropped).toEqual([]);
  });

  it("aggregateToClassification(rows, c, { mergers: 'drop' }) keeps only municipalities no change touched", () => {
    const a = aggregateToClassification(rows, c, { year: 'year', sum: ['spending'], mergers: 'drop' });
    expect(a.dropped).toEqual(['C', 'D']);
    expect(a.rows).toEqual([
      { municipality: 'E', year: 2017, spending: 1 },
      { municipality: 'E', year: 2020, spending: 1 },
    ]);
  });

  it('names unknown codes, duplicate rows and missing values', () => {
    const bad = [
      ...rows,
      { municipality: 'X', year: 2017, spending: 1, population: 1, share: 0 },
      { municipality: 'Y', year: 2017, spending: 1, population: 1, share: 0 },
    ];
    expect(() => aggregateToClassification(bad, c, { year: 'year', sum: ['spending'] })).toThrow(
      expect.objectContaining({ code: 'unknown-unit', ids: ['X', 'Y'] }),
    );
    expect(() =>
      aggregateToClassification([...rows, rows[0]!], c, { year: 'year', sum: ['spending'] }),
    ).toThrow(expect.objectContaining({ code: 'duplicate', ids: ['A (2017)'] }));
    expect(() => aggregateToClassification(rows, c, { sum: ['spending'] })).toThrow(/more than once/);
    const nan = rows.map((r) => (r.municipality === 'B' ? { ...r, spending: Number.NaN } : r));
    expect(() => aggregateToClassification(nan, c, { year: 'year', sum: ['spending'] })).toThrow(
      expect.objectContaining({ code: 'missing-value', ids: ['B'], column: 'spending' }),
    );
    expect(() => aggregateToClassification(rows, c, { year: 'year', weightedMean: ['share'] })).toThrow(
      SpecError,
    );
    expect(() =>
      aggregateToClassification(rows, c, {
        year: 'year',
        sum: ['share'],
        weightedMean: ['share'],
        weight: 'population',
      }),
    ).toThrow(/both summed and averaged/);
  });
});

describe('municipalClassification: NaN years', () => {
  const mapping = [
    { from: 'A', to: 'B', year: 2019 },
    { from: 'C', to: 'D', year: 2023 },
  ];

  it('a NaN targetYear is a SpecError, not "every row applies"', () => {
    expect(() => municipalClassification(mapping, { targetYear: Number.NaN })).toThrow(SpecError);
    expect(() => municipalClassification(mapping, { targetYear: Number.NaN })).toThrow(
      /targetYear .* got NaN/,
    );
    expect(municipalClassification(mapping, { targetYear: 2020 }).successors).toEqual({
      A: [{ code: 'B', fraction: 1 }],
    });
  });

  it('a NaN row year is an error naming the row, not a row that always applies', () => {
    const bad = [...mapping, { from: 'E', to: 'F', year: Number.NaN }];
    expect(() => municipalClassification(bad, { targetYear: 2020 })).toThrow(MunicipalityError);
    expect(() => municipalClassification(bad, { targetYear: 2020 })).toThrow(
      expect.objectContaining({ code: 'invalid-value', ids: ['E'], column: 'year' }),
    );
    expect(() => municipalClassification(bad)).toThrow(/row 3 \(E → F\) has year NaN/);
  });
});
