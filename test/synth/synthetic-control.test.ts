import { describe, expect, it } from 'vitest';
import { syntheticControl } from '../../src/synth/index.js';
import { PROP99_PREDICTORS, readCsv } from './helpers.js';

const smoking = readCsv('smoking.csv');

const PROP99 = {
  unit: 'state',
  time: 'year',
  outcome: 'cigsale',
  treated: 'California',
  treatmentTime: 1989,
  predictors: PROP99_PREDICTORS,
} as const;

/** Abadie, Diamond & Hainmueller (2010), Table 2. */
const PUBLISHED: Record<string, number> = {
  Colorado: 0.164,
  Connecticut: 0.069,
  Montana: 0.199,
  Nevada: 0.234,
  Utah: 0.334,
};

function weightOf(fit: { donors: readonly string[]; weights: readonly number[] }, unit: string): number {
  return fit.weights[fit.donors.indexOf(unit)]!;
}

describe('syntheticControl(smoking, Prop 99)', () => {
  const fit = syntheticControl(smoking, PROP99);

  it('reproduces the published donor weights within 0.02 (others ≈ 0)', () => {
    for (const [state, w] of Object.entries(PUBLISHED))
      expect(Math.abs(weightOf(fit, state) - w)).toBeLessThan(0.02);
    for (const [j, d] of fit.donors.entries())
      if (!(d in PUBLISHED)) expect(fit.weights[j]!).toBeLessThan(0.005);
    expect(fit.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(fit.donors).toHaveLength(38);
  });

  it('reports the V search: best loss, starts reaching it, a KKT-optimal W', () => {
    expect(fit.vMethod).toBe('search');
    expect(fit.vSearch!.loss).toBeCloseTo(3.0767, 3);
    expect(fit.vSearch!.startsAtBest).toBeGreaterThanOrEqual(2);
    expect(fit.vSearch!.starts.length).toBe(16);
    expect(fit.kktViolation).toBeLessThan(1e-8);
    expect(fit.v!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(fit.lossV).toBeCloseTo(fit.vSearch!.loss, 10);
  });

  it('returns series, gap, RMSPE and a balance table consistent with each other', () => {
    expect(fit.times).toHaveLength(31);
    const t88 = fit.times.indexOf(1988);
    expect(fit.treatedSeries[t88]).toBeCloseTo(90.1, 4);
    for (let t = 0; t < 31; t++)
      expect(fit.gap[t]).toBeCloseTo(fit.treatedSeries[t]! - fit.syntheticSeries[t]!, 12);
    const pre = fit.gap.slice(0, 19);
    expect(fit.preRmspe).toBeCloseTo(Math.sqrt(pre.reduce((a, g) => a + g * g, 0) / 19), 12);
    expect(fit.rmspeRatio).toBeCloseTo(fit.postRmspe / fit.preRmspe, 12);
    // ADH 2010: by 2000 the gap is about −26 packs; the fit before 1989 is close (RMSPE < 2).
    expect(fit.preRmspe).toBeLessThan(2);
    expect(fit.gap[fit.times.indexOf(2000)]!).toBeLessThan(-20);
    const beer = fit.balance.find((b) => b.predictor === 'beer[1984..1988]')!;
    expect(beer.treated).toBeCloseTo(24.28, 2);
    expect(fit.balance.map((b) => b.predictor)).toEqual([
      'lnincome[1980..1988]',
      'retprice[1980..1988]',
      'age15to24[1980..1988]',
      'beer[1984..1988]',
      'cigsale[1975]',
      'cigsale[1980]',
      'cigsale[1988]',
    ]);
  });

  it('does not depend on the order of predictors, donors or rows', () => {
    const shuffledRows = [...smoking].reverse();
    const donors = [...fit.donors].reverse();
    const predictors = [...PROP99_PREDICTORS].reverse();
    const again = syntheticControl(shuffledRows, { ...PROP99, donors, predictors });
    expect(again.donors).toEqual(fit.donors);
    expect(again.weights).toEqual(fit.weights);
    expect([...again.v!].reverse()).toEqual(fit.v);
    expect(again.lossV).toBe(fit.lossV);
  });

  it('lists the covariate values skipped in window means', () => {
    const wide = syntheticControl(smoking, {
      ...PROP99,
      predictors: [{ column: 'lnincome' }, { column: 'beer', from: 1980, to: 1988 }, 'retprice'],
    });
    const lnincome = wide.missing.find(
      (m) => m.unit === 'California' && m.predictor === 'lnincome[1970..1988]',
    );
    expect(lnincome!.times).toEqual([1970, 1971]);
    const beer = wide.missing.find((m) => m.unit === 'Utah' && m.predictor === 'beer[1980..1988]');
    expect(beer!.times).toEqual([1980, 1981, 1982, 1983]);
    expect(wide.missing.length).toBe(39 * 2);
  });

  it('accepts a fixed V and a column-record panel', () => {
    const cols: Record<string, unknown[]> = {};
    for (const key of Object.keys(smoking[0]!)) cols[key] = smoking.map((r) => r[key]);
    const fixed = syntheticControl(cols as Record<string, ArrayLike<unknown>>, { ...PROP99, v: fit.v! });
    expect(fixed.vMethod).toBe('fixed');
    for (let j = 0; j < 38; j++) expect(fixed.weights[j]).toBeCloseTo(fit.weights[j]!, 6);
  });

  it('summary() shows weights, V and balance', () => {
    const text = fit.summary();
    expect(text).toContain('Synthetic control for California');
    expect(text).toMatch(/Utah\s+0\.33\d/);
    expect(text).toContain('cigsale[1975]');
    expect(JSON.parse(JSON.stringify(fit)).weights).toEqual(fit.weights);
  });
});
