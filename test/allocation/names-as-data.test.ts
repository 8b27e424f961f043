import { describe, expect, it } from 'vitest';
import { aggregateToClassification } from '../../src/allocation/aggregate-to-classification.js';
import { allocateBudget } from '../../src/allocation/allocate-budget.js';
import { budgetShareChange } from '../../src/allocation/budget-share-change.js';
import { historicalShares } from '../../src/allocation/historical-shares.js';
import { municipalClassification } from '../../src/allocation/municipal-classification.js';
import { municipalityValuesOf } from '../../src/allocation/municipality-values-of.js';

/** Prototype-like names, as own properties (a literal `{ __proto__: … }` would set the prototype instead). */
const NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty'];
const record = (entries: [string, number][]) => Object.fromEntries(entries);

describe('municipality codes and column names are data: __proto__, constructor, toString work', () => {
  it('municipalClassification keeps a __proto__ code (it was dropped silently)', () => {
    const c = municipalClassification([
      { from: '__proto__', to: 'constructor' },
      { from: 'toString', to: 'constructor' },
    ]);
    expect(Object.keys(c.successors).sort()).toEqual(['__proto__', 'toString']);
    expect(Object.hasOwn(c.successors, '__proto__')).toBe(true);
    // biome-ignore lint/suspicious/noProto: a __proto__ key is the point of the test
    expect(c.successors.__proto__).toEqual([{ code: 'constructor', fraction: 1 }]);
    expect(c.targetCodes).toEqual(['constructor']);
    expect(Object.getPrototypeOf(c.successors)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
  });

  it('aggregateToClassification keeps __proto__ codes and a __proto__ column', () => {
    const c = municipalClassification([
      { from: '__proto__', to: 'constructor' },
      { from: 'valueOf', to: 'constructor' },
      { from: 'toString', to: 'toString' },
    ]);
    const rows = [record([['__proto__', 3]]), record([['__proto__', 4]]), record([['__proto__', 5]])].map(
      (r, i) => ({ ...r, municipality: ['__proto__', 'valueOf', 'toString'][i] as string }),
    );
    const a = aggregateToClassification(rows, c, { sum: ['__proto__'] });
    // biome-ignore lint/suspicious/noProto: a __proto__ key is the point of the test
    expect(a.rows.map((r) => [r.municipality, Object.hasOwn(r, '__proto__') ? r.__proto__ : 'lost'])).toEqual(
      [
        ['constructor', 7],
        ['toString', 5],
      ],
    );
    expect(Object.keys(a.sources)).toEqual(['constructor', 'toString']);
    expect(a.sources.constructor).toEqual(['__proto__', 'valueOf']);
    // An absent column is named as absent (not read as Object.prototype.constructor).
    expect(() => aggregateToClassification(rows, c, { sum: ['constructor'] })).toThrow(
      expect.objectContaining({ code: 'missing-value', column: 'constructor' }),
    );
  });

  it('municipalityValuesOf keeps a __proto__ code (it was dropped silently)', () => {
    const v = municipalityValuesOf(
      NAMES.map((municipality, i) => ({ municipality, share: i + 1 })),
      'share',
    );
    expect(Object.keys(v)).toEqual(NAMES);
    expect(Object.hasOwn(v, '__proto__')).toBe(true);
    // biome-ignore lint/suspicious/noProto: a __proto__ key is the point of the test
    expect(v.__proto__).toBe(1);
    expect(v.constructor).toBe(2);
  });

  it('allocateBudget, historicalShares and budgetShareChange treat the names as codes', () => {
    const a = allocateBudget({
      macroBudget: 1000,
      inhabitantsCorrection: 'none',
      municipalities: NAMES.map((municipality) => ({
        municipality,
        inhabitants: 50_000,
        predictedSpending: 10,
        spendingTwoYearsEarlier: 10,
      })),
    });
    expect(a.municipalities.map((m) => m.municipality)).toEqual(NAMES);
    expect(a.municipalities.reduce((s, m) => s + m.totalCents, 0)).toBe(100_000);
    const spending = record(NAMES.map((n) => [n, 1]));
    const h = historicalShares({ spending }, { inhabitantsCorrection: 'none' });
    expect(Object.keys(h).sort()).toEqual([...NAMES].sort());
    // biome-ignore lint/suspicious/noProto: a __proto__ key is the point of the test
    expect(h.__proto__).toBeCloseTo(0.2, 15);
    const change = budgetShareChange({ previous: spending, current: new Map(NAMES.map((n) => [n, 2])) });
    expect(change.municipalities.map((m) => m.municipality).sort()).toEqual([...NAMES].sort());
    expect(change.meanAbsoluteChange).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});
