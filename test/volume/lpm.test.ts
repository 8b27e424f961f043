import { describe, expect, it } from 'vitest';
import {
  fitPriceModel,
  fitVolumeModel,
  generateHouseholds,
  predictSpending,
  SpecError,
} from '../../src/index.js';

describe('the linear probability volume model reports predictions outside [0, 1]', () => {
  const hh = generateHouseholds({ households: 30_000, seed: 3 }).columns();
  const raw = fitVolumeModel(hh, { estimator: 'ols' });
  const clipped = fitVolumeModel(hh, { estimator: 'ols', clip: true });

  it('counts fitted values below 0 and above 1 on the estimation rows, before clipping', () => {
    const p = raw.fit.predict().fit;
    const below = p.filter((v) => v < 0).length;
    const above = p.filter((v) => v > 1).length;
    // The generated data have many households with a tiny probability: the LPM puts some below 0.
    expect(below).toBeGreaterThan(0);
    expect(raw.outOfRange).toEqual({
      n: 30_000,
      below,
      above,
      share: (below + above) / 30_000,
      clipped: false,
    });
    // The same counts with clipping on: they describe the model, not what it reports.
    expect(clipped.outOfRange).toEqual({ ...raw.outOfRange, clipped: true });
    expect(raw.countOutOfRange(hh)).toEqual(raw.outOfRange);
  });

  it('predicts the raw LPM values by default and clips only when asked', () => {
    const p = raw.predict(hh);
    const q = clipped.predict(hh);
    expect(p.some((v) => v < 0)).toBe(true);
    for (let i = 0; i < p.length; i++) expect(q[i]).toBe(Math.min(1, Math.max(0, p[i]!)));
    const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
    const totalClipped = clipped.expectedRecipients(hh).reduce((s, r) => s + r.expectedRecipients, 0);
    expect(totalClipped).toBeCloseTo(sum(q), 6);
    const totalRaw = raw.expectedRecipients(hh).reduce((s, r) => s + r.expectedRecipients, 0);
    expect(totalRaw).toBeCloseTo(sum(p), 6);
    expect(totalClipped).toBeGreaterThan(totalRaw);
  });

  it('predictSpending uses the clipped probabilities of a clipping model', () => {
    const price = fitPriceModel(hh);
    const a = predictSpending({ volume: clipped, price, households: hh });
    const b = predictSpending({ volume: raw, price, households: hh });
    const q = clipped.predict(hh);
    const f = price.predictBenefit(hh);
    let expected = 0;
    for (let i = 0; i < q.length; i++) expected += q[i]! * f[i]!;
    const total = a.reduce((s, r) => s + r.expectedSpending, 0);
    expect(total / expected).toBeCloseTo(1, 10);
    expect(a.reduce((s, r) => s + r.expectedRecipients, 0)).toBeGreaterThan(
      b.reduce((s, r) => s + r.expectedRecipients, 0),
    );
  });

  it('the logit reports none outside and refuses a clip that would do nothing', () => {
    const logit = fitVolumeModel(hh);
    expect(logit.outOfRange.below + logit.outOfRange.above).toBe(0);
    expect(() => fitVolumeModel(hh, { clip: true })).toThrow(SpecError);
    expect(() => fitVolumeModel(hh, { clip: true })).toThrow(/estimator: 'ols'/);
    // @ts-expect-error a non-boolean clip is an error, not a truthy value
    expect(() => fitVolumeModel(hh, { estimator: 'ols', clip: 'yes' })).toThrow(SpecError);
  });
});
