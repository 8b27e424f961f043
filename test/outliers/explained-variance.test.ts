import { describe, expect, it } from 'vitest';
import { explainedVariance } from '../../src/outliers/explained-variance.js';
import { expectClose, fixture } from './fixture.js';

const ref = fixture.explained;
const options = { component: 'volume', measure: 'inflow', na: 'omit' } as const;

describe('explainedVariance(rows, options) matches R lm() r.squared', () => {
  const res = explainedVariance(ref.data, options);

  it('per year: R² across municipalities and the unweighted group means by sign of the component', () => {
    expect(res.yearly.map((y) => y.year)).toEqual(ref.yearly.map((y) => y.year));
    res.yearly.forEach((y, i) => {
      const r = ref.yearly[i]!;
      expect([y.n, y.nDeficit, y.nSurplus]).toEqual([r.n, r.nDeficit, r.nSurplus]);
      expectClose(y.r2, r.r2, 1e-10, `R² ${y.year}`);
      expectClose(y.deficitMean!, r.deficitMean, 1e-13, `deficit mean ${y.year}`);
      expectClose(y.surplusMean!, r.surplusMean, 1e-13, `surplus mean ${y.year}`);
    });
  });

  it('period: R² on municipality means (not the mean of yearly R²s), group means as the mean of yearly means', () => {
    expect(res.period.n).toBe(ref.period.n);
    expectClose(res.period.r2, ref.period.r2, 1e-10, 'period R²');
    expectClose(res.period.deficitMean!, ref.period.deficitMean, 1e-13, 'period deficit mean');
    expectClose(res.period.surplusMean!, ref.period.surplusMean, 1e-13, 'period surplus mean');
    const meanOfYearly = res.yearly.reduce((s, y) => s + y.r2, 0) / res.yearly.length;
    expect(Math.abs(res.period.r2 - meanOfYearly)).toBeGreaterThan(0.1);
  });

  it('pooled panel R² over all municipality-years', () => {
    expect(res.pooled.n).toBe(ref.pooled.n);
    expectClose(res.pooled.r2, ref.pooled.r2, 1e-10, 'pooled R²');
  });

  it('summary() lays the years out as columns (S3 §3.2)', () => {
    const lines = res.summary().split('\n');
    expect(lines[0]).toMatch(/2016 +2017 +2018 +2019 +2020 +2021 +Period$/);
    expect(lines[1]).toMatch(/^inflow, deficit \(volume < 0\)/);
    expect(lines[3]).toContain(`${(100 * res.period.r2).toFixed(1)}%`);
    const plain = res.summary({ measureAsPercent: false }).split('\n');
    expect(plain[1]).toContain(res.period.deficitMean!.toFixed(1));
    expect(plain[1]).not.toContain('%');
  });

  it('reproduces the period column of S3 §3.2.1 from its yearly group means (inflow: 30.2 % / 30.1 %)', () => {
    // Yearly group means as published; three municipalities per group spread around each mean.
    const deficit = [36.5, 31.4, 30.8, 26.1, 30.1, 26.3];
    const surplus = [35.4, 29.9, 28.5, 26.8, 32.1, 28.1];
    const rows = [];
    for (let t = 0; t < 6; t++) {
      for (let k = 0; k < 3; k++) {
        const spread = (k - 1) * (1 + t / 10);
        rows.push({
          municipality: `D${k}`,
          year: 2016 + t,
          volume: -0.02 * (k + 1),
          inflow: (deficit[t]! + spread) / 100,
        });
        rows.push({
          municipality: `S${k}`,
          year: 2016 + t,
          volume: 0.01 * (k + 1),
          inflow: (surplus[t]! + spread) / 100,
        });
      }
    }
    const res = explainedVariance(rows, { component: 'volume', measure: 'inflow' });
    res.yearly.forEach((y, t) => {
      expect((100 * y.deficitMean!).toFixed(1)).toBe(deficit[t]!.toFixed(1));
      expect((100 * y.surplusMean!).toFixed(1)).toBe(surplus[t]!.toFixed(1));
    });
    expect((100 * res.period.deficitMean!).toFixed(1)).toBe('30.2');
    expect((100 * res.period.surplusMean!).toFixed(1)).toBe('30.1');
  });
});

describe('explainedVariance(rows, options) bad input', () => {
  it("na: 'error' names the municipality and year of a missing measure", () => {
    const i = ref.data.inflow.indexOf(null);
    expect(() => explainedVariance(ref.data, { ...options, na: 'error' })).toThrow(
      expect.objectContaining({
        code: 'missing-value',
        municipality: ref.data.municipality[i],
        year: ref.data.year[i],
      }),
    );
  });
  it('a year outside the data, too few municipalities, a constant measure', () => {
    expect(() => explainedVariance(ref.data, { ...options, years: [2015] })).toThrow(
      expect.objectContaining({ code: 'out-of-range', year: 2015 }),
    );
    const two = {
      municipality: ['a', 'b', 'a', 'b', 'c'],
      year: [2020, 2020, 2021, 2021, 2021],
      volume: [0.1, -0.1, 0.2, -0.2, 0],
      inflow: [0.3, 0.2, 0.3, 0.2, 0.1],
    };
    expect(() => explainedVariance(two, options)).toThrow(
      expect.objectContaining({ code: 'too-few-rows', year: 2020 }),
    );
    const flat = { ...ref.data, inflow: ref.data.inflow.map(() => 0.3) };
    expect(() => explainedVariance(flat, options)).toThrow(
      expect.objectContaining({ code: 'zero-variance', year: 2016, indicator: 'inflow' }),
    );
  });
  it('an exact linear relation gives R² = 1 (not a perfect-fit error or rounding noise), at any scale', () => {
    for (const [slope, scale] of [
      [2, 1],
      [-3, 1],
      [2, 1e300],
      [0.5, 1e-300],
    ] as const) {
      const rows = [0.1, 0.3, 0.2, 0.5, 0.25].map((m, i) => ({
        municipality: `m${i}`,
        year: 2020,
        volume: (slope * m - 0.3) * scale,
        inflow: m,
      }));
      const res = explainedVariance(rows, { component: 'volume', measure: 'inflow' });
      expect(res.yearly[0]?.r2).toBeCloseTo(1, 14);
      expect(res.pooled.r2).toBeLessThanOrEqual(1);
    }
  });
});
