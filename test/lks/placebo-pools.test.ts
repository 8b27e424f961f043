import { describe, expect, it } from 'vitest';
import { DataError, SpecError } from '../../src/errors.js';
import { LKS_POOLS, lksPlaceboPools, placeboGroups } from '../../src/lks/index.js';
import { simulateGroupPanel } from '../../src/lks/placebo-groups-simulate.js';
import { lksDonorPool } from '../../src/synth/index.js';

const rows = simulateGroupPanel({ large: 30, medium: 40, small: 20, effect: 2, seed: 5 });
const base = {
  unit: 'unit',
  time: 'time',
  outcome: 'y',
  inhabitants: 'inhabitants',
  treatmentTime: '2022-01',
};

describe('lksPlaceboPools: the three donor pools of S4 in one call', () => {
  it('runs placeboGroups under each pool with the large municipalities treated', async () => {
    const res = await lksPlaceboPools(rows, { ...base, groups: 19, seed: 2, threads: 1 });
    expect(res.pools.map((p) => p.name)).toEqual(LKS_POOLS.map((p) => p.name));
    const units = [...new Set(rows.map((r) => r.unit))];
    const inh = new Map(rows.map((r) => [r.unit, r.inhabitants]));
    for (const p of res.pools) {
      const expected = lksDonorPool(
        units,
        units.map((u) => inh.get(u)!),
        { mediumShare: p.mediumShare },
      );
      expect(p.pool).toEqual(expected);
      expect(p.result.treatedFit.treated).toHaveLength(30);
      // The same as calling placeboGroups with that pool.
      const direct = placeboGroups(rows, {
        unit: 'unit',
        time: 'time',
        outcome: 'y',
        treatmentTime: '2022-01',
        treated: expected.treated,
        donors: expected.donors,
        groups: 19,
        seed: 2,
      });
      expect(p.result.periodPValues).toEqual(direct.periodPValues);
    }
    expect(res.pools.map((p) => p.pool.donors.length)).toEqual([28, 20, 34]);
    expect(res.table).toHaveLength(3 * 36);
    expect(res.table[0]).toMatchObject({ pool: 'small + 20% medium', time: '2022-01' });
    const r0 = res.table[0]!;
    expect(r0.gap).toBeCloseTo(r0.treated - r0.synthetic, 12);
    expect(res.switchedClass).toEqual([]);
    expect(res.summary()).toMatch(/small only/);
  });

  it('leaves out a municipality whose size class changes (S4 Annex I.3)', async () => {
    const moved = rows.map((r) =>
      r.unit === 'S000' && r.time >= '2023-01' ? { ...r, inhabitants: 16000 } : r,
    );
    const res = await lksPlaceboPools(moved, {
      ...base,
      groups: 9,
      threads: 1,
      pools: [{ name: 'main', mediumShare: 0.2 }],
    });
    expect(res.switchedClass).toEqual(['S000']);
    expect(res.pools[0]!.pool.donors).not.toContain('S000');
    expect(res.summary()).toMatch(/Left out \(size class changes\): S000/);
  });

  it('rejects bad input with typed errors naming what is wrong', async () => {
    await expect(lksPlaceboPools(rows, { ...base, treated: ['L000'] } as never)).rejects.toThrow(
      /treated and donors follow from the size classes/,
    );
    await expect(lksPlaceboPools(rows, { ...base, pools: [] })).rejects.toThrow(SpecError);
    await expect(lksPlaceboPools(rows, { ...base, pools: [{ name: 'x', mediumShare: 2 }] })).rejects.toThrow(
      /mediumShare must be a finite number in \[0, 1\]/,
    );
    await expect(lksPlaceboPools(rows, { ...base, inhabitants: 'pop' })).rejects.toThrow(
      /column 'pop' is not in the panel/,
    );
    await expect(lksPlaceboPools(rows, { ...base, groupz: 3 } as never)).rejects.toThrow(
      /unknown option 'groupz'/,
    );
    await expect(lksPlaceboPools(rows, { ...base, groupSize: 0 })).rejects.toThrow(/groupSize/);
    const gap = rows.map((r) =>
      r.unit === 'M003' && r.time === '2020-05' ? { ...r, inhabitants: Number.NaN } : r,
    );
    const err = await lksPlaceboPools(gap, base).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toMatch(/municipality 'M003' has inhabitants NaN in "2020-05"/);
  });
});
