import { describe, expect, it } from 'vitest';
import { placeboInSpace, placeboInSpaceParallel } from '../../src/synth/index.js';
import { hasSharedData, PROP99_PREDICTORS, readCsv } from './helpers.js';

const HAVE_SMOKING = hasSharedData('smoking.csv');
const smoking = HAVE_SMOKING ? readCsv('smoking.csv') : [];
const PROP99 = {
  unit: 'state',
  time: 'year',
  outcome: 'cigsale',
  treated: 'California',
  treatmentTime: 1989,
  predictors: PROP99_PREDICTORS,
} as const;

describe.skipIf(!HAVE_SMOKING)('placeboInSpace(smoking, Prop 99)', () => {
  const res = placeboInSpace(smoking, PROP99);

  it('fits all 38 placebos and ranks California among the two largest RMSPE ratios', () => {
    expect(res.placebos).toHaveLength(38);
    expect(res.n).toBe(39);
    // ADH (2010) report rank 1. With the better V optima found here, Missouri's placebo fits its
    // pre-period more closely than R Synth's optimiser manages (loss 0.93 against 1.81 in the
    // emulation in test/fixtures/synth) and its ratio edges past California's.
    expect(res.rank).toBeLessThanOrEqual(2);
    expect(res.pValue).toBeCloseTo(res.rank / 39, 12);
    expect(res.ranking[0]!.rmspeRatio).toBeGreaterThanOrEqual(res.ranking[1]!.rmspeRatio);
    const third = res.ranking[2]!;
    expect(res.treatedFit.rmspeRatio).toBeGreaterThan(third.rmspeRatio);
  });

  it('gives per-period p-values for the post period', () => {
    expect(res.periodPValues.map((p) => p.time)).toEqual([
      1989, 1990, 1991, 1992, 1993, 1994, 1995, 1996, 1997, 1998, 1999, 2000,
    ]);
    for (const p of res.periodPValues) {
      expect(p.pValue).toBeGreaterThanOrEqual(1 / 39);
      expect(p.pValue).toBeLessThanOrEqual(1);
    }
    // Late in the 1990s California's gap is among the largest.
    expect(res.periodPValues.at(-1)!.pValueStandardized).toBeLessThan(0.1);
  });

  it('drops placebos with a much worse pre-period fit (ADH: 5 × the MSPE)', () => {
    // Outcome-path matching (no predictors) keeps this test fast; the filter is the same.
    const five = placeboInSpace(smoking, { ...PROP99, predictors: [], maxPreMspeRatio: 5 });
    const kept = five.placebos.filter((p) => p.kept);
    expect(kept.length).toBeLessThan(38);
    for (const p of kept) expect(p.preMspeRatio).toBeLessThanOrEqual(5);
    expect(five.n).toBe(kept.length + 1);
  });

  it('placeboInSpaceParallel gives the identical result on worker threads', async () => {
    const options = { ...PROP99, predictors: [{ column: 'cigsale', at: 1980 }, 'retprice'] };
    const seq = placeboInSpace(smoking, options);
    const par = await placeboInSpaceParallel(smoking, { ...options, workers: 2 });
    expect(par.run.workers).toBe(2);
    expect(par.ranking).toEqual(seq.ranking);
    expect(par.periodPValues).toEqual(seq.periodPValues);
  });

  it('summary() names the rank and p-value', () => {
    expect(res.summary()).toContain(`rank ${res.rank} of 39`);
  });
});
