import { describe, expect, it } from 'vitest';
import { runAefExample } from '../../examples/aef-decomposition.js';
import {
  DEFAULT_SEED,
  NOISE,
  PLANTED,
  replicate,
  runDeficitSurplusExample,
  verdicts,
} from '../../examples/deficit-surplus.js';

describe('examples/deficit-surplus.ts: planted drivers come out systematic, the others do not', () => {
  const res = runDeficitSurplusExample(DEFAULT_SEED);

  it('selects 15 + 15 municipalities above 40k and a comparison group of 30 matched per size class', () => {
    expect(res.extremes.deficit).toHaveLength(15);
    expect(res.extremes.surplus).toHaveLength(15);
    expect(res.comparison.members).toHaveLength(30);
    for (const c of res.comparison.classes) expect(c.comparison).toBe(c.deficit + c.surplus);
    expect(res.table.municipalities.every((m) => m.inhabitants! > 40_000)).toBe(true);
  });

  it('finds every planted driver and no noise feature, with and without the RKP control', () => {
    for (const r of [res.withoutControl, res.withControl]) {
      const v = verdicts(r);
      expect(v.plantedFound).toEqual([...PLANTED]);
      expect(v.noiseFlagged).toEqual([]);
    }
    // Deficit municipalities lie above the comparison group on the planted drivers, surplus ones below.
    for (const row of res.withoutControl.table.filter((r) =>
      (PLANTED as readonly string[]).includes(r.indicator),
    )) {
      expect(row.deficitEstimate).toBeGreaterThan(0);
      expect(row.surplusEstimate).toBeLessThan(0);
      expect(row.differencePValue).toBeLessThan(0.01);
    }
  });

  it('over 30 seeds: planted drivers are found almost always; noise features at the rule’s false-positive rate', () => {
    const rep = replicate(30);
    expect(rep.plantedRate).toBeGreaterThanOrEqual(0.9);
    expect(rep.plantedRateControl).toBeGreaterThanOrEqual(0.9);
    // S1's rule runs three tests at 10 %, so pure noise is called systematic well above 10 % of the time
    // but far less often than real drivers.
    expect(rep.noiseRate).toBeGreaterThan(0.05);
    expect(rep.noiseRate).toBeLessThan(0.35);
    expect(NOISE).toHaveLength(5);
  });
});

describe('examples/aef-decomposition.ts', () => {
  const res = runAefExample();
  it('splits every balance exactly into volume + price', () => {
    expect(res.maxIdentityError).toBeLessThanOrEqual(1e-15);
    expect(res.gap.period).toHaveLength(15);
  });
  it('planted measures explain their component, the unrelated one does not', () => {
    expect(res.explained.inflow.period.r2).toBeGreaterThan(0.4);
    expect(res.explained.partTime.period.r2).toBeGreaterThan(0.4);
    expect(res.explained.meanDuration.pooled.r2).toBeLessThan(0.1);
    expect(res.explained.inflow.period.n).toBe(12);
    // More inflow -> more recipients than predicted -> volume deficit: the deficit group has the higher inflow.
    expect(res.explained.inflow.period.deficitMean!).toBeGreaterThan(
      res.explained.inflow.period.surplusMean!,
    );
  });
});
