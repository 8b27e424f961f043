import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/internal/random.js';
import { decomposeSpendingGap } from '../../src/outliers/decompose-spending-gap.js';

/** A panel where budget = N̂ × predicted price and spending = N × actual price. */
function panel(seed: number, units = 15, years = [2016, 2017, 2018, 2019, 2020, 2021]) {
  const rng = createRng(seed);
  const rows = [];
  for (let u = 0; u < units; u++) {
    const size = 200 + 3000 * rng.uniform();
    const volumeBias = 0.1 * rng.normal();
    const priceBias = 0.05 * rng.normal();
    for (const year of years) {
      const predictedRecipients = size * (1 + 0.02 * rng.normal());
      const recipients = Math.round(predictedRecipients * (1 + volumeBias + 0.03 * rng.normal()));
      const predictedPrice = 15_000 + 500 * rng.normal();
      const price = predictedPrice * (1 + priceBias + 0.02 * rng.normal());
      rows.push({
        municipality: `G${u + 1}`,
        year,
        predictedRecipients,
        recipients,
        predictedPrice,
        price,
        budget: predictedRecipients * predictedPrice,
        spending: recipients * price,
      });
    }
  }
  return rows;
}

describe('decomposeSpendingGap(rows, options)', () => {
  const rows = panel(3);
  const res = decomposeSpendingGap(rows);

  it('V + P = B in every year and for the period means (to rounding)', () => {
    for (const r of res.yearly) expect(Math.abs(r.volume + r.price - r.balance)).toBeLessThanOrEqual(1e-15);
    for (const p of res.period) expect(Math.abs(p.volume + p.price - p.balance)).toBeLessThanOrEqual(1e-15);
  });

  it('gives V = (N̂ - N)/N̂ and, when budget = N̂·p̂, P = (N/N̂)(1 - p/p̂) exactly', () => {
    res.yearly.forEach((r, i) => {
      const row = rows[i]!;
      expect(r.balance).toBe((row.budget - row.spending) / row.budget);
      expect(r.volume).toBe((row.predictedRecipients - row.recipients) / row.predictedRecipients);
      const exact = (row.recipients / row.predictedRecipients) * (1 - row.price / row.predictedPrice);
      expect(Math.abs(r.price - exact)).toBeLessThanOrEqual(1e-14);
    });
  });

  it('period values are means of the yearly values (not cumulated), with dominance and reinforcement', () => {
    const g1 = res.yearly.filter((r) => r.municipality === 'G1');
    const p1 = res.period[0]!;
    expect(p1.balance).toBeCloseTo(g1.reduce((s, r) => s + r.balance, 0) / 6, 15);
    expect(p1.volume).toBeCloseTo(g1.reduce((s, r) => s + r.volume, 0) / 6, 15);
    expect(p1.price).toBeCloseTo(g1.reduce((s, r) => s + r.price, 0) / 6, 15);
    for (const p of res.period) {
      expect(p.dominant).toBe(Math.abs(p.volume) >= Math.abs(p.price) ? 'volume' : 'price');
      expect(p.reinforcing).toBe(Math.sign(p.volume) === Math.sign(p.price));
    }
    const text = res.summary();
    expect(text.split('\n')).toHaveLength(2 + 1 + 15);
    expect(text).toContain('mean over 2016-2021');
  });

  it("volumeDenominator 'actual' divides by N and a window restricts the years", () => {
    const alt = decomposeSpendingGap(rows, { volumeDenominator: 'actual', years: [2020, 2021] });
    expect(alt.yearly).toHaveLength(30);
    const row = rows.find((r) => r.municipality === 'G2' && r.year === 2021)!;
    const got = alt.yearly.find((r) => r.municipality === 'G2' && r.year === 2021)!;
    expect(got.volume).toBe((row.predictedRecipients - row.recipients) / row.recipients);
  });

  it('throws typed errors naming municipality and year', () => {
    const zero = rows.map((r, i) => (i === 7 ? { ...r, budget: 0 } : r));
    expect(() => decomposeSpendingGap(zero)).toThrow(
      expect.objectContaining({ code: 'invalid-value', municipality: 'G2', year: 2017, column: 'budget' }),
    );
    const noPred = rows.map((r, i) => (i === 0 ? { ...r, predictedRecipients: 0 } : r));
    expect(() => decomposeSpendingGap(noPred)).toThrow(
      expect.objectContaining({ code: 'invalid-value', municipality: 'G1', year: 2016 }),
    );
    expect(() => decomposeSpendingGap(rows.slice(1))).toThrow(
      expect.objectContaining({ code: 'unbalanced-panel', municipality: 'G1', year: 2016 }),
    );
    expect(() => decomposeSpendingGap(rows, { years: [2015] })).toThrow(
      expect.objectContaining({ code: 'out-of-range', year: 2015 }),
    );
  });
});
