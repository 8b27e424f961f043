import { describe, expect, it } from 'vitest';
import { DataError, SpecError } from '../../src/errors.js';
import { placeboGroups, placeboGroupsParallel } from '../../src/lks/index.js';
import { simulateGroupPanel } from '../../src/lks/placebo-groups-simulate.js';
import { lksDonorPool, placeboInSpace } from '../../src/synth/index.js';

/** A small LKS-shaped panel: 30 large (treated), 40 medium, 20 small municipalities, 72 months. */
function smallPanel(effect: number, seed: number) {
  const rows = simulateGroupPanel({ large: 30, medium: 40, small: 20, effect, seed });
  const units = [...new Set(rows.map((r) => r.unit))];
  const inhabitants = new Map(rows.map((r) => [r.unit, r.inhabitants]));
  const pool = lksDonorPool(
    units,
    units.map((u) => inhabitants.get(u)!),
  );
  const options = {
    unit: 'unit',
    time: 'time',
    outcome: 'y',
    treated: pool.treated,
    donors: pool.donors,
    treatmentTime: '2022-01',
  } as const;
  return { rows, pool, options };
}

/** The S4 design's size: 130 large (treated), 160 medium, 45 small municipalities, 72 months. */
function s4Panel(effect: number, seed: number) {
  const rows = simulateGroupPanel({ effect, seed });
  const units = [...new Set(rows.map((r) => r.unit))];
  const inhabitants = new Map(rows.map((r) => [r.unit, r.inhabitants]));
  const pool = lksDonorPool(
    units,
    units.map((u) => inhabitants.get(u)!),
  );
  return { rows, pool, options: { ...smallPanel(0, 1).options, treated: pool.treated, donors: pool.donors } };
}

describe('placeboGroups on a planted effect of S4 size (+2 per 10,000 low-LW trajectories)', () => {
  it('finds it in most post months where single-donor placebos find it in none (the problem of issue 13)', () => {
    const months: number[] = [];
    for (const seed of [1, 2, 3, 4]) {
      const { rows, pool, options } = s4Panel(2, seed);
      expect(pool.treated).toHaveLength(130);
      expect(pool.donors).toHaveLength(77);
      const res = placeboGroups(rows, { ...options, groups: 59, seed });
      expect(res.groupSize).toBe(38);
      months.push(res.monthsSignificant5);
      expect(res.pValue).toBeLessThanOrEqual(0.05);
      const mean = res.periodPValues.reduce((a, p) => a + p.gap, 0) / 36;
      expect(mean).toBeGreaterThan(1.5);
      expect(mean).toBeLessThan(2.5);
      if (seed === 1) {
        // Single small donors are far noisier than the mean of 130 large municipalities.
        const single = placeboInSpace(rows, options);
        expect(single.periodPValues.filter((p) => p.pValue < 0.05)).toHaveLength(0);
      }
    }
    for (const m of months) expect(m).toBeGreaterThan(18);
    expect(months.reduce((a, b) => a + b, 0) / months.length).toBeGreaterThan(27);
  });
});

describe('placeboGroups with holdout 0 on the S4 design', () => {
  it('sees the exact in-sample fit (77 donors, 36 months) and falls back to raw gaps, saying so', () => {
    const { rows, options } = s4Panel(0, 1);
    const res = placeboGroups(rows, { ...options, groups: 19, holdout: 0 });
    expect(res.holdout).toBe(0);
    expect(res.statistic).toBe('raw');
    expect(res.notes.join(' ')).toMatch(/reproduced exactly in the scale months/);
    for (const p of res.periodPValues) {
      expect(p.pValueStandardized).toBeNull();
      expect(p.pValue).toBe(p.pValueRaw);
    }
  });
});

describe('placeboGroups mechanics on a small panel', () => {
  const { rows, pool, options } = smallPanel(2, 11);
  const res = placeboGroups(rows, { ...options, groups: 59, seed: 3 });

  it('draws groups of the treated size from the pool, each fitted against the other donors', () => {
    expect(pool.treated).toHaveLength(30);
    expect(pool.donors).toHaveLength(28); // 20 small + round(0.2 × 40) medium
    // 28 donors cannot give groups of 30 and leave 14: groups of 14, the largest possible.
    expect(res.requestedGroupSize).toBe(30);
    expect(res.groupSize).toBe(14);
    expect(res.placeboDonors).toBe(14);
    expect(res.notes.join(' ')).toMatch(/groups of 14 \(the largest possible\)/);
    expect(res.placebos).toHaveLength(59);
    for (const p of res.placebos) {
      expect(p.units).toHaveLength(14);
      expect(p.units.every((u) => pool.donors.includes(u))).toBe(true);
    }
    expect(res.n).toBe(60);
    expect(res.holdout).toBe(6);
    expect(res.treatedFit.lossTimes.at(-1)).toBe('2021-06');
  });

  it('gives p-values, flags and bands that agree with each other', () => {
    expect(res.periodPValues).toHaveLength(36);
    expect(res.monthsSignificant10).toBeGreaterThanOrEqual(res.monthsSignificant5);
    for (const p of res.periodPValues) {
      expect(p.pValue).toBe(p.pValueStandardized);
      expect(p.significant5).toBe(p.pValue <= 0.05);
      expect(p.significant10).toBe(p.pValue <= 0.1);
      expect(p.band95).toBeGreaterThanOrEqual(p.band90);
      // Outside the 95 % band: at least ~95 % of the placebo groups are less extreme.
      if (Math.abs(p.gap) > p.band95) expect(p.pValue).toBeLessThanOrEqual(0.1);
      if (Math.abs(p.gap) < p.band90) expect(p.pValue).toBeGreaterThan(0.05);
    }
  });

  it('is deterministic for a seed and draws other groups for another', () => {
    const again = placeboGroups(rows, { ...options, groups: 59, seed: 3 });
    expect(again.periodPValues).toEqual(res.periodPValues);
    expect(again.placebos.map((p) => p.units)).toEqual(res.placebos.map((p) => p.units));
    const other = placeboGroups(rows, { ...options, groups: 59, seed: 4 });
    expect(other.placebos.map((p) => p.units)).not.toEqual(res.placebos.map((p) => p.units));
  });

  it('gives the same result on worker threads', async () => {
    const par = await placeboGroupsParallel(rows, { ...options, groups: 59, seed: 3, threads: 2 });
    expect(par.periodPValues).toEqual(res.periodPValues);
    expect(par.placebos).toEqual(res.placebos);
    expect(par.run.threads).toBeGreaterThanOrEqual(1);
  });

  it('summary() names the group size, the months significant and the notes', () => {
    const text = res.summary();
    expect(text).toMatch(/59 groups of 14 donors/);
    expect(text).toMatch(/at 5 %/);
    expect(text).toMatch(/largest possible/);
  });
});

describe('placeboGroups without an effect', () => {
  it('rejects in few months (the calibration itself is bench/lks-calibration.ts and the slow test)', () => {
    const { rows, options } = smallPanel(0, 12);
    const res = placeboGroups(rows, { ...options, groups: 39, seed: 1 });
    expect(res.monthsSignificant5).toBeLessThan(18);
  });

  it('with a raw statistic, holdout 0 and a groupSize it does what is asked', () => {
    const { rows, options } = smallPanel(0, 12);
    const res = placeboGroups(rows, { ...options, groups: 19, groupSize: 5, holdout: 0, statistic: 'raw' });
    expect(res.groupSize).toBe(5);
    expect(res.holdout).toBe(0);
    expect(res.treatedFit.lossTimes).toHaveLength(36);
    for (const p of res.periodPValues) expect(p.pValue).toBe(p.pValueRaw);
  });
});

describe('placeboGroups on a pool with few possible groups', () => {
  it('uses every group once (an exact test) and says so', () => {
    const rows = simulateGroupPanel({
      large: 3,
      medium: 0,
      small: 6,
      periods: 24,
      treatmentIndex: 12,
      seed: 2,
    });
    const res = placeboGroups(rows, {
      unit: 'unit',
      time: 'time',
      outcome: 'y',
      treated: ['L000', 'L001', 'L002'],
      treatmentTime: '2020-01',
      groups: 100,
    });
    // 6 donors, leaving 3 per fit: groups of 3, C(6, 3) = 20 of them.
    expect(res.groupSize).toBe(3);
    expect(res.exhaustive).toBe(true);
    expect(res.placebos).toHaveLength(20);
    expect(new Set(res.placebos.map((p) => p.units.join())).size).toBe(20);
    expect(res.notes.join(' ')).toMatch(/every one is used once/);
  });
});

describe('placeboGroups bad input', () => {
  const { rows, options } = smallPanel(0, 13);
  const bad = (extra: Record<string, unknown>) => () =>
    placeboGroups(rows, { ...options, groups: 9, ...extra } as typeof options);

  it('checks every option', () => {
    for (const extra of [
      { groupSize: 0 },
      { groupSize: -1 },
      { groupSize: 91 }, // larger than the panel (90 units)
      { groupSize: 2.5 },
      { groups: 0 },
      { groups: 1.5 },
      { minDonors: 1 },
      { holdout: 36 },
      { holdout: -1 },
      { statistic: 'median' },
      { seed: 0.5 },
    ]) {
      expect(bad(extra), JSON.stringify(extra)).toThrow(SpecError);
    }
    expect(bad({ groupSize: 0 })).toThrow(/groupSize must be an integer from 1 to 90/);
    expect(bad({ grops: 10 })).toThrow(/unknown option 'grops' \(did you mean 'groups'\?\)/);
    expect(bad({ holdout: 3, preperiod: ['2019-01', '2021-06'] })).toThrow(/holdout or preperiod, not both/);
  });

  it('names a treated or donor unit that is not in the panel', () => {
    expect(bad({ treated: ['L000', 'G999'] })).toThrow(DataError);
    expect(bad({ treated: ['L000', 'G999'] })).toThrow(/treated unit 'G999' is not in the panel/);
    expect(bad({ donors: ['S000', 'X1', 'S002'] })).toThrow(/donor unit 'X1' is not in the panel/);
    expect(bad({ treated: [] })).toThrow(/empty list/);
  });

  it('needs a pool that can give a group and leave two donors', () => {
    expect(bad({ donors: ['S000', 'S001'] })).toThrow(SpecError);
    expect(bad({ donors: ['S000', 'S001'] })).toThrow(/donor pool has 2 units/);
  });

  it('rejects missing options', () => {
    expect(() => placeboGroups(rows, undefined as never)).toThrow(/options are required/);
  });
});
