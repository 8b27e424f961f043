import { describe, expect, it } from 'vitest';
import { placeboInSpace, simulateSynthPanel, syntheticControl } from '../../src/synth/index.js';

const BASE = { unit: 'unit', time: 'time', outcome: 'y', treated: 'u000', treatmentTime: '2020-07' } as const;

describe('syntheticControl on simulated panels with a known effect', () => {
  it('recovers an effect of 5 (mean post-period gap within 1)', () => {
    const rows = simulateSynthPanel({ units: 30, periods: 36, treatmentIndex: 18, effect: 5, seed: 11 });
    const fit = syntheticControl(rows, BASE);
    const post = fit.gap.slice(18);
    const mean = post.reduce((a, b) => a + b, 0) / post.length;
    expect(Math.abs(mean - 5)).toBeLessThan(1);
    expect(fit.preRmspe).toBeLessThan(1);
  });

  it('recovers the effect with predictors and a searched V, and with several treated units averaged', () => {
    const rows = simulateSynthPanel({
      units: 30,
      periods: 36,
      treatmentIndex: 18,
      effect: 3,
      treated: 4,
      seed: 5,
    });
    const fit = syntheticControl(rows, {
      ...BASE,
      treated: ['u000', 'u001', 'u002', 'u003'],
      predictors: [
        'x',
        { column: 'y', at: '2019-06' },
        { column: 'y', at: '2020-03' },
        { column: 'y', from: '2019-01', to: '2020-06' },
      ],
    });
    expect(fit.treated).toHaveLength(4);
    expect(fit.vMethod).toBe('search');
    const post = fit.gap.slice(18);
    expect(Math.abs(post.reduce((a, b) => a + b, 0) / post.length - 3)).toBeLessThan(1);
  });

  it('with no effect, placebo p-values are roughly uniform', () => {
    const p: number[] = [];
    for (let seed = 1; seed <= 40; seed++) {
      const rows = simulateSynthPanel({
        units: 12,
        periods: 24,
        treatmentIndex: 12,
        effect: 0,
        seed,
        factors: 1,
      });
      p.push(placeboInSpace(rows, { ...BASE, treatmentTime: '2020-01' }).pValue);
    }
    const mean = p.reduce((a, b) => a + b, 0) / p.length;
    // Discrete uniform on {1/12, ..., 1}: mean 0.54; allow sampling error of 40 draws.
    expect(mean).toBeGreaterThan(0.38);
    expect(mean).toBeLessThan(0.7);
    expect(p.filter((x) => x <= 0.1).length).toBeLessThanOrEqual(10);
    expect(p.filter((x) => x > 0.5).length).toBeGreaterThanOrEqual(12);
  });
});
