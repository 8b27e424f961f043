/**
 * Every outliers function resolves its options once (checkOptions + oneOf/integerIn/numberIn): an
 * unknown key is SpecError('unknown-option') naming it and the allowed keys; a bad value is
 * SpecError('invalid-option') naming the option.
 */
import { describe, expect, it } from 'vitest';
import { SpecError } from '../../src/errors.js';
import { balances } from '../../src/outliers/balances.js';
import { compareGroups } from '../../src/outliers/compare-groups.js';
import { comparisonGroup } from '../../src/outliers/comparison-group.js';
import { decomposeSpendingGap } from '../../src/outliers/decompose-spending-gap.js';
import { explainedVariance } from '../../src/outliers/explained-variance.js';
import { flagOutliers } from '../../src/outliers/flag-outliers.js';
import { neighbourhoodIndices } from '../../src/outliers/neighbourhood-indices.js';
import { selectExtremes } from '../../src/outliers/select-extremes.js';
import { fixture } from './fixture.js';

const table = balances(fixture.panel, { minInhabitants: 40_000, inhabitants: 'population' });
const sel = selectExtremes(table);
const { deficit, surplus, comparison } = fixture.groups;
const features = fixture.features;
const gapRows = [
  { municipality: 'A', year: 2020, budget: 100, spending: 110, recipients: 11, predictedRecipients: 10 },
];
const evRows = fixture.explained.data;
const counts = [{ municipality: 'A', group: 1, other: 2 }];

function specError(f: () => unknown): SpecError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return e as SpecError;
  }
  throw new Error('expected a SpecError');
}

/** Call a function with an extra options key. */
const calls: Record<string, (extra: Record<string, unknown>) => unknown> = {
  balances: (x) => balances(fixture.panel, { inhabitants: 'population', ...x }),
  selectExtremes: (x) => selectExtremes(table, x),
  comparisonGroup: (x) => comparisonGroup(table, sel, x),
  flagOutliers: (x) => flagOutliers(features, { indicators: ['rkp'], group: deficit, comparison, ...x }),
  compareGroups: (x) => compareGroups(features, { indicators: ['rkp'], deficit, surplus, comparison, ...x }),
  decomposeSpendingGap: (x) => decomposeSpendingGap(gapRows, x),
  explainedVariance: (x) =>
    explainedVariance(evRows, { component: 'volume', measure: 'inflow', na: 'omit', ...x }),
  neighbourhoodIndices: (x) => neighbourhoodIndices(counts, x),
};

describe('unknown option keys', () => {
  for (const [name, call] of Object.entries(calls)) {
    it(`${name}: a misspelt key is SpecError('unknown-option') naming it`, () => {
      expect(() => call({})).not.toThrow();
      const e = specError(() => call({ clustr: 'x' }));
      expect(e.code).toBe('unknown-option');
      expect(e.option).toBe('clustr');
      expect(e.message).toContain(`${name}: unknown option 'clustr'`);
    });
  }
  it('the old names are unknown keys with a hint (minPopulation, sizeBreaks, alpha, population)', () => {
    expect(specError(() => balances(fixture.panel, { minPopulation: 1 } as never))).toMatchObject({
      code: 'unknown-option',
      option: 'minPopulation',
    });
    expect(specError(() => comparisonGroup(table, sel, { sizeBreaks: [1] } as never)).code).toBe(
      'unknown-option',
    );
    const alpha = specError(() => calls.compareGroups?.({ alpha: 0.1 }));
    expect(alpha.code).toBe('unknown-option');
    expect(alpha.message).toMatch(/the options are .*level/);
    expect(specError(() => balances(fixture.panel, { population: 'population' } as never)).code).toBe(
      'unknown-option',
    );
  });
  it('summary() options are checked too', () => {
    const res = calls.compareGroups?.({}) as ReturnType<typeof compareGroups>;
    expect(specError(() => res.summary({ onlySystematc: true } as never)).code).toBe('unknown-option');
    const bad = specError(() => res.summary({ onlySystematic: 'yes' } as never));
    expect(bad.code).toBe('invalid-option');
    expect(bad.message).toMatch(/^compareGroups summary: onlySystematic must be true, false/);
    const ev = calls.explainedVariance?.({}) as ReturnType<typeof explainedVariance>;
    expect(specError(() => ev.summary({ percent: false } as never)).code).toBe('unknown-option');
    const badEv = specError(() => ev.summary({ measureAsPercent: 1 } as never));
    expect(badEv.code).toBe('invalid-option');
    expect(badEv.message).toMatch(/^explainedVariance summary: measureAsPercent must be true, false/);
  });
});

describe('bad option values are SpecError(invalid-option) naming the option', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['balances', { minInhabitants: Number.NaN }, 'minInhabitants'],
    ['balances', { inhabitantsYear: 2020.5 }, 'inhabitantsYear'],
    ['balances', { budget: '' }, 'budget'],
    ['balances', { years: [2019, '2020'] }, 'years'],
    ['balances', { years: [] }, 'years'],
    ['selectExtremes', { n: 0 }, 'n'],
    ['selectExtremes', { n: 2.5 }, 'n'],
    ['selectExtremes', { by: 'median' }, 'by'],
    ['comparisonGroup', { sizeClasses: { breakpoints: [100_000, 40_000] } }, 'sizeClasses'],
    ['comparisonGroup', { sizeClasses: { breakpoints: [40_000], labels: ['small'] } }, 'sizeClasses'],
    ['comparisonGroup', { sizeClasses: { breakpoints: ['40000'] } }, 'sizeClasses'],
    ['flagOutliers', { k: 0 }, 'k'],
    ['flagOutliers', { k: Number.POSITIVE_INFINITY }, 'k'],
    ['flagOutliers', { indicators: [] }, 'indicators'],
    ['flagOutliers', { group: 'GM0001' }, 'group'],
    ['compareGroups', { vcov: { type: 'newey-west', lag: -1 } }, 'vcov'],
    ['compareGroups', { level: 1 }, 'level'],
    ['compareGroups', { level: 0 }, 'level'],
    ['compareGroups', { level: 90 }, 'level'],
    ['compareGroups', { controls: ['rkp', 'rkp'] }, 'controls'],
    ['compareGroups', { indicators: ['rkp', 'rkp'] }, 'indicators'],
    ['compareGroups', { deficit: null }, 'deficit'],
    ['decomposeSpendingGap', { volumeDenominator: 'mean' }, 'volumeDenominator'],
    ['explainedVariance', { na: 'drop' }, 'na'],
    ['explainedVariance', { measure: 3 }, 'measure'],
    ['neighbourhoodIndices', { group: 7 }, 'group'],
  ];
  for (const [name, extra, option] of cases) {
    it(`${name}(${JSON.stringify(extra)})`, () => {
      const e = specError(() => calls[name]?.(extra));
      expect(e.code).toBe('invalid-option');
      expect(e.option).toBe(option);
    });
  }
  it('an options object that is not an object', () => {
    expect(specError(() => balances(fixture.panel, 'x' as never)).code).toBe('invalid-option');
    expect(specError(() => compareGroups(features, undefined as never)).code).toBe('invalid-option');
    expect(specError(() => selectExtremes({} as never)).code).toBe('invalid-option');
  });
});

describe('level replaces alpha in compareGroups', () => {
  it('level 0.9 (the default) calls p < 0.1 systematic; level 0.99 only p < 0.01', () => {
    const base = {
      indicators: ['movingIndex', 'noise1', 'noise2', 'urbanity'],
      deficit,
      surplus,
      comparison,
    };
    const loose = compareGroups(features, base);
    const strict = compareGroups(features, { ...base, level: 0.99 });
    expect(loose.options.level).toBe(0.9);
    expect(strict.options.level).toBe(0.99);
    loose.table.forEach((r, i) => {
      const p = Math.min(r.deficitPValue, r.surplusPValue, r.differencePValue);
      expect(r.systematic).toBe(p < 0.1);
      expect(strict.table[i]?.systematic).toBe(p < 0.01);
    });
    expect(loose.summary()).toContain('systematic at 0.1');
    expect(strict.summary()).toContain('systematic at 0.01');
  });
});
