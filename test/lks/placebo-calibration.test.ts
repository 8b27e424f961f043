import { describe, expect, it } from 'vitest';
import { calibratePlaceboGroups } from '../../src/lks/placebo-groups-simulate.js';

// Slow (≈ 1–2 minutes): 200 seeded draws of an LKS-shaped panel with no effect, each a full
// placeboGroups run with 99 placebo groups. Opt in with VERDEELMODEL_SLOW=1; the same numbers,
// for all three pools and the rejected alternatives, come from bench/lks-calibration.ts.
describe.runIf(process.env.VERDEELMODEL_SLOW)('placeboGroups calibration (slow)', () => {
  it('with no planted effect, the share of 200 draws with p < 0.05 lies in [0.02, 0.08]', () => {
    const s = calibratePlaceboGroups({ draws: 200, groups: 99, mediumShare: 0.2 });
    expect(s.donors).toBe(77);
    expect(s.groupSize).toBe(38);
    expect(s.nullMonths).toBe(0);
    for (const share of [s.ratio, s.firstMonth, s.lastMonth, s.pooled]) {
      expect(share).toBeGreaterThanOrEqual(0.02);
      expect(share).toBeLessThanOrEqual(0.08);
    }
  }, 600_000);
});
