import { describe, expect, it } from 'vitest';
import { placeboInSpace, simulateSynthPanel, syntheticControl } from '../../src/synth/index.js';
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
const scaled = (f: number) => smoking.map((r) => ({ ...r, cigsale: (r.cigsale as number) * f }));

describe('syntheticControl on outcomes scaled by 1e300 and 1e-300 (finite, same weights)', () => {
  const base = syntheticControl(smoking, PROP99);
  const fixedBase = syntheticControl(smoking, { ...PROP99, v: base.v! });
  const maxDiff = (a: readonly number[], b: readonly number[]) =>
    Math.max(...a.map((x, j) => Math.abs(x - b[j]!)));
  for (const f of [1e300, 1e-300]) {
    it(`× ${f}: finite RMSPEs and gaps scaled by the factor, the same weights`, () => {
      const fit = syntheticControl(scaled(f), PROP99);
      // A searched V fixes the weights to about 2e-5 only (the loss is flat there): any rescaling
      // that is not a power of two, ×3 as much as ×1e300, moves them by 1.5e-5 (measured).
      expect(maxDiff(fit.weights, base.weights)).toBeLessThan(5e-5);
      for (const key of ['preRmspe', 'postRmspe'] as const) {
        expect(Number.isFinite(fit[key])).toBe(true);
        expect(fit[key] / f / base[key]).toBeCloseTo(1, 4);
      }
      expect(fit.rmspeRatio).toBeCloseTo(base.rmspeRatio, 3);
      const t = fit.times.indexOf(2000);
      expect(fit.gap[t]! / f / base.gap[t]!).toBeCloseTo(1, 4);
      expect(fit.balance[4]!.treated / f / base.balance[4]!.treated).toBeCloseTo(1, 10);
      expect(fit.vSearch!.startsAtBest).toBeGreaterThanOrEqual(2);
      // With V fixed, W is one convex QP: equal to the unscaled weights to 1e-8 (measured 4e-14).
      const fixed = syntheticControl(scaled(f), { ...PROP99, v: base.v! });
      expect(maxDiff(fixed.weights, fixedBase.weights)).toBeLessThan(1e-8);
      for (const key of ['preRmspe', 'postRmspe'] as const) {
        expect(Number.isFinite(fixed[key])).toBe(true);
        expect(fixed[key] / f / fixedBase[key]).toBeCloseTo(1, 10);
      }
      expect(fixed.gap[t]! / f / fixedBase.gap[t]!).toBeCloseTo(1, 10);
    });
  }

  it('× 2^997 (1.3e300) and × 2^-997 (7.5e-301): bit for bit the unscaled fit, times the factor', () => {
    for (const f of [2 ** 997, 2 ** -997]) {
      const fit = syntheticControl(scaled(f), PROP99);
      expect(fit.weights).toEqual(base.weights);
      expect(fit.v).toEqual(base.v);
      expect(fit.preRmspe).toBe(base.preRmspe * f);
      expect(fit.postRmspe).toBe(base.postRmspe * f);
      expect(fit.gap).toEqual(base.gap.map((g) => g * f));
    }
  });

  it('the MSPE (squared units) is exact where a double holds it, and said so where it cannot', () => {
    const mid = syntheticControl(scaled(1e100), PROP99);
    const exact = syntheticControl(scaled(2 ** 300), PROP99);
    expect(exact.lossV).toBe(base.lossV * 2 ** 600);
    expect(exact.vSearch!.loss).toBe(base.vSearch!.loss * 2 ** 600);
    expect(mid.lossV / 1e200 / base.lossV).toBeCloseTo(1, 4);
    expect(mid.lossV / mid.preRmspe ** 2).toBeCloseTo(1, 10);
    expect(mid.diagnostics.map((d) => d.code)).toEqual(base.diagnostics.map((d) => d.code));
    for (const f of [1e300, 1e-300]) {
      const fit = syntheticControl(scaled(f), PROP99);
      const d = fit.diagnostics.find((x) => x.code === 'mspe-out-of-range');
      expect(d!.message).toMatch(/pre-period MSPE .* cannot be held in a double/);
      expect(d!.message).toContain(`RMSPE ${fit.preRmspe.toPrecision(4)}`);
    }
  });

  it('without predictors (outcome-path matching) and in placebo inference the scale drops out too', () => {
    const rows = simulateSynthPanel({
      units: 10,
      periods: 16,
      treatmentIndex: 8,
      effect: 4,
      seed: 3,
      monthly: false,
    });
    const opts = { unit: 'unit', time: 'time', outcome: 'y', treated: 'u000', treatmentTime: 9 } as const;
    const p0 = placeboInSpace(rows, opts);
    for (const f of [1e300, 1e-300]) {
      const p = placeboInSpace(
        rows.map((r) => ({ ...r, y: r.y * f })),
        opts,
      );
      expect(maxDiff(p.treatedFit.weights, p0.treatedFit.weights)).toBeLessThan(1e-8);
      expect(p.treatedFit.preRmspe / f / p0.treatedFit.preRmspe).toBeCloseTo(1, 8);
      expect(p.rank).toBe(p0.rank);
      expect(p.pValue).toBe(p0.pValue);
      expect(p.placebos.map((x) => x.kept)).toEqual(p0.placebos.map((x) => x.kept));
      p.placebos.forEach((x, i) => {
        expect(x.preMspeRatio! / p0.placebos[i]!.preMspeRatio!).toBeCloseTo(1, 6);
        expect(x.exactPreFit).toBe(p0.placebos[i]!.exactPreFit);
      });
    }
  });
});
