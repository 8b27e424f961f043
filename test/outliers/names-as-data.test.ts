/**
 * Names are data: municipality ids and feature (column) names such as `__proto__`, `constructor` and
 * `toString` work like any other name in every outliers function, and nothing touches Object.prototype.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { balances } from '../../src/outliers/balances.js';
import { compareGroups } from '../../src/outliers/compare-groups.js';
import { comparisonGroup } from '../../src/outliers/comparison-group.js';
import { decomposeSpendingGap } from '../../src/outliers/decompose-spending-gap.js';
import { explainedVariance } from '../../src/outliers/explained-variance.js';
import { flagOutliers } from '../../src/outliers/flag-outliers.js';
import { neighbourhoodIndices } from '../../src/outliers/neighbourhood-indices.js';
import { selectExtremes } from '../../src/outliers/select-extremes.js';

const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'] as const;
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

/** A column object built without `{}` literal keys, so `__proto__` is an own column. */
function columns(
  entries: readonly (readonly [string, readonly (string | number)[]])[],
): Record<string, (string | number)[]> {
  return Object.fromEntries(entries.map(([k, v]) => [k, [...v]]));
}

afterAll(() => {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

describe('prototype-like municipality ids', () => {
  // Three prototype-like ids plus ordinary ones: deficits, surpluses and a balanced middle.
  const ids = [...PROTO_NAMES, 'A', 'B', 'C', 'D'];
  const spendingFactor = [1.2, 1.15, 0.8, 0.85, 1.0, 1.01, 0.99, 1.0, 1.02];
  const panel = columns([
    ['municipality', ids.flatMap((id) => [id, id])],
    ['year', ids.flatMap(() => [2019, 2020])],
    ['budget', ids.flatMap(() => [100, 100])],
    [
      'spending',
      ids.flatMap((_, i) => [100 * (spendingFactor[i] as number), 100 * (spendingFactor[i] as number)]),
    ],
    ['inhabitants', ids.flatMap((_, i) => [50_000 + 1000 * i, 50_000 + 1000 * i])],
  ]);

  it('balances, selectExtremes and comparisonGroup keep every id, __proto__ included', () => {
    const table = balances(panel);
    expect(table.municipalities.map((m) => m.municipality)).toEqual(ids);
    const sel = selectExtremes(table, { n: 2 });
    expect(sel.deficit.map((m) => m.municipality)).toEqual(['__proto__', 'constructor']);
    expect(sel.surplus.map((m) => m.municipality)).toEqual(['toString', 'hasOwnProperty']);
    const cmp = comparisonGroup(table, sel);
    // The four closest to balance: valueOf and C (0), A and B (0.02 each); D (0.04) is left out.
    expect(cmp.members.map((m) => m.municipality).sort()).toEqual(['A', 'B', 'C', 'valueOf']);
    expect(() => comparisonGroup(table, { deficit: ['__proto__'], surplus: ['__proto__'] })).toThrow(
      expect.objectContaining({ code: 'duplicate', municipality: '__proto__' }),
    );
    expect(() => comparisonGroup(table, { deficit: ['isPrototypeOf'], surplus: [] })).toThrow(
      expect.objectContaining({ code: 'unknown-unit', municipality: 'isPrototypeOf' }),
    );
  });

  it('a duplicate __proto__ municipality-year is found', () => {
    const twice = columns([
      ['municipality', ['__proto__', '__proto__']],
      ['year', [2020, 2020]],
      ['budget', [1, 1]],
      ['spending', [1, 1]],
    ]);
    expect(() => balances(twice)).toThrow(
      expect.objectContaining({ code: 'duplicate', municipality: '__proto__', year: 2020 }),
    );
  });

  it('flagOutliers and compareGroups with prototype-like ids in every group', () => {
    const features = columns([
      ['municipality', ['__proto__', 'constructor', 'toString', 'valueOf', 'a', 'b', 'c', 'd']],
      ['x', [5, 6, 0.1, 0.2, 1, 2, 3, 2.5]],
    ]);
    const flags = flagOutliers(features, {
      indicators: ['x'],
      group: ['__proto__', 'toString'],
      comparison: ['a', 'b', 'c', 'd'],
    });
    expect(flags.byIndicator[0]?.above).toEqual(['__proto__']);
    const res = compareGroups(features, {
      indicators: ['x'],
      deficit: ['__proto__', 'constructor'],
      surplus: ['toString', 'valueOf'],
      comparison: ['a', 'b', 'c', 'd'],
    });
    expect(res.groups.deficit).toEqual(['__proto__', 'constructor']);
    expect(res.table[0]?.deficitEstimate).toBeGreaterThan(0);
  });

  it('decomposeSpendingGap and neighbourhoodIndices', () => {
    const gap = decomposeSpendingGap(
      columns([
        ['municipality', ['__proto__', 'constructor']],
        ['year', [2020, 2020]],
        ['budget', [100, 100]],
        ['spending', [110, 90]],
        ['recipients', [11, 9]],
        ['predictedRecipients', [10, 10]],
      ]),
    );
    expect(gap.period.map((p) => p.municipality)).toEqual(['__proto__', 'constructor']);
    const idx = neighbourhoodIndices(
      columns([
        ['municipality', ['__proto__', '__proto__', 'toString', 'toString']],
        ['group', [10, 0, 5, 5]],
        ['other', [0, 10, 5, 5]],
      ]),
    );
    expect(idx.means.map((m) => [m.municipality, m.segregationIndex])).toEqual([
      ['__proto__', 1],
      ['toString', 0],
    ]);
  });
});

describe('prototype-like feature and column names', () => {
  const n = 12;
  const base = Array.from({ length: n }, (_, i) => ((i * 7) % 5) + i / 10);
  const ids = Array.from({ length: n }, (_, i) => `m${i}`);

  it('indicators and controls named __proto__, constructor, toString (and deficit, a:b) in compareGroups', () => {
    const names = [...PROTO_NAMES, 'deficit', 'a:b', 'z'];
    const data = columns([
      ['municipality', ids],
      ...names.map((name, k): [string, number[]] => [name, base.map((v, i) => v + k * ((i * 3) % 4))]),
    ]);
    const groups = { deficit: ids.slice(0, 3), surplus: ids.slice(3, 6), comparison: ids.slice(6) };
    const res = compareGroups(data, { indicators: names, controls: ['toString'], ...groups });
    expect(res.table.map((r) => r.indicator)).toEqual(names.filter((x) => x !== 'toString'));
    expect(res.skipped).toEqual([{ indicator: 'toString', reason: 'the indicator is also a control' }]);
    // The same numbers as the same columns under plain names.
    const plain = columns([
      ['municipality', ids],
      ...names.map((_, k): [string, number[]] => [`f${k}`, base.map((v, i) => v + k * ((i * 3) % 4))]),
    ]);
    const ref = compareGroups(plain, {
      indicators: names.map((_, k) => `f${k}`),
      controls: [`f${names.indexOf('toString')}`],
      ...groups,
    });
    expect(res.table.map((r) => r.deficitEstimate)).toEqual(ref.table.map((r) => r.deficitEstimate));
    expect(res.table.map((r) => r.differencePValue)).toEqual(ref.table.map((r) => r.differencePValue));
  });

  it('flagOutliers and explainedVariance read prototype-like columns', () => {
    const data = columns([
      ['municipality', ids],
      ['__proto__', base],
      ['constructor', base.map((v) => -v)],
    ]);
    const res = flagOutliers(data, {
      indicators: ['__proto__', 'constructor'],
      group: ids.slice(0, 2),
      comparison: ids.slice(2),
    });
    expect(res.byIndicator.map((b) => b.indicator)).toEqual(['__proto__', 'constructor']);
    expect(res.flags[0]?.z).toBeCloseTo(-(res.flags[2]?.z ?? Number.NaN), 12);
    const panel = columns([
      ['__proto__', ids],
      ['toString', ids.map(() => 2020)],
      ['constructor', base.map((v) => v - 2)],
      ['valueOf', base.map((v, i) => v + (i % 3))],
    ]);
    const ev = explainedVariance(panel, {
      municipality: '__proto__',
      year: 'toString',
      component: 'constructor',
      measure: 'valueOf',
    });
    expect(ev.yearly[0]?.n).toBe(n);
    expect(ev.period.r2).toBeGreaterThan(0);
  });

  it('balances with every column under a prototype-like name', () => {
    const table = balances(
      columns([
        ['__proto__', ['A', 'A']],
        ['constructor', [2019, 2020]],
        ['toString', [100, 100]],
        ['valueOf', [110, 90]],
        ['hasOwnProperty', [50_000, 50_000]],
      ]),
      {
        municipality: '__proto__',
        year: 'constructor',
        budget: 'toString',
        spending: 'valueOf',
        inhabitants: 'hasOwnProperty',
        minInhabitants: 40_000,
      },
    );
    expect(table.municipalities[0]).toMatchObject({ municipality: 'A', inhabitants: 50_000 });
    expect(table.yearly.map((r) => r.balance)).toEqual([-0.1, 0.1]);
  });
});
