import { describe, expect, it } from 'vitest';
import { fitPriceModel, fitVolumeModel, generateHouseholds, predictSpending } from '../../src/index.js';

/**
 * Recovery on 1M generated households. The generator's unexplained municipal effect is switched
 * off here (it is omitted from the model by design, which widens the true sampling spread beyond
 * the model's SEs); with it off, the data follow the stated truth exactly.
 */
describe('volume and price models recover the true coefficients (1M households)', () => {
  const options = { households: 1_000_000, seed: 7, volumeEffectSd: 0, priceEffectSd: 0 };
  const est = generateHouseholds(options);
  const volume = fitVolumeModel(est.columns());
  const price = fitPriceModel(est.columns());

  it('95% intervals cover the true volume and price coefficients at about the nominal rate', () => {
    const cover = (rows: ReturnType<typeof volume.fit.tidy>, truth: Readonly<Record<string, number>>) =>
      rows.filter((r) => truth[r.term]! >= r.confLow && truth[r.term]! <= r.confHigh).length;
    const v = volume.fit.tidy({ vcov: 'cluster' });
    const p = price.fit.tidy({ vcov: 'cluster' });
    expect(v.every((r) => est.truth.volume.coefficients[r.term] !== undefined)).toBe(true);
    expect(p.every((r) => est.truth.price.coefficients[r.term] !== undefined)).toBe(true);
    // 62 and 16 intervals: nominal 58.9 and 15.2; binomial 1st percentiles are 54 and 12.
    expect(cover(v, est.truth.volume.coefficients)).toBeGreaterThanOrEqual(54);
    expect(cover(p, est.truth.price.coefficients)).toBeGreaterThanOrEqual(12);
  });

  it('predicted municipal totals track the truth after actualising to a later year', () => {
    const later = generateHouseholds({ ...options, year: 2025 });
    const rows = predictSpending({ volume, price, households: later.columns() });
    const m = later.municipalities;
    const index = new Map(m.id.map((id, i) => [id, i]));
    const xs = rows.map((r) => r.expectedRecipients);
    const ys = rows.map((r) => m.expectedRecipients[index.get(r.municipality)!]!);
    const spend = rows.map((r) => r.expectedSpending * m.householdWeight[index.get(r.municipality)!]!);
    const trueSpend = rows.map((r) => m.expectedSpending[index.get(r.municipality)!]!);
    const corr = (a: number[], b: number[]) => {
      const ma = a.reduce((s, v) => s + v, 0) / a.length;
      const mb = b.reduce((s, v) => s + v, 0) / b.length;
      let sab = 0;
      let saa = 0;
      let sbb = 0;
      a.forEach((v, i) => {
        sab += (v - ma) * (b[i]! - mb);
        saa += (v - ma) ** 2;
        sbb += (b[i]! - mb) ** 2;
      });
      return sab / Math.sqrt(saa * sbb);
    };
    expect(corr(xs, ys)).toBeGreaterThan(0.999);
    expect(corr(spend, trueSpend)).toBeGreaterThan(0.999);
    const totalPredicted = xs.reduce((s, v) => s + v, 0);
    const totalTrue = ys.reduce((s, v) => s + v, 0);
    expect(Math.abs(totalPredicted / totalTrue - 1)).toBeLessThan(0.02);
  });

  it('is deterministic per seed', () => {
    const again = fitVolumeModel(generateHouseholds({ ...options, households: 50_000 }).columns());
    const twice = fitVolumeModel(generateHouseholds({ ...options, households: 50_000 }).columns());
    expect(again.fit.coefficients).toEqual(twice.fit.coefficients);
  });
});
