import { describe, expect, it } from 'vitest';
import { EFFECT_PERSISTENCE, generateHouseholds, PANEL_RENEWAL } from '../../src/generate/index.js';

// The multi-year world behind the allocation pipeline (S0 ch.3-4): households that persist from one
// data year to the next, municipal effects on a stationary AR(1) path, and realised spending whose
// noise belongs to the year it was realised in, so that "spending two years before" is that year's
// realised spending.

const options = { households: 60_000, seed: 11, minHouseholdsPerMunicipality: 40 };
const years = new Map(
  [2020, 2021, 2022, 2023, 2024].map((y) => [y, generateHouseholds({ ...options, year: y })]),
);
const at = (y: number) => years.get(y)!;

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]! / n;
    mb += b[i]! / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Share of the rows of neighbourhood slots present in both years whose covariates are all equal. */
function sameHouseholds(a: ReturnType<typeof generateHouseholds>, b: ReturnType<typeof generateHouseholds>) {
  const firstRow = (h: typeof a) => {
    const nb = h.factors.neighbourhood.codes;
    const start = new Map<number, number>();
    for (let r = nb.length - 1; r >= 0; r--) start.set(nb[r]!, r);
    return start;
  };
  const sa = firstRow(a);
  const sb = firstRow(b);
  const nbA = a.factors.neighbourhood.codes;
  const nbB = b.factors.neighbourhood.codes;
  const cols = ['hhtype', 'migration'] as const;
  const ind = ['low_hci', 'ggz', 'corporation_dwelling', 'wealth_above_limit', 'ww', 'student'] as const;
  let same = 0;
  let compared = 0;
  for (let r = 0; r < nbA.length; r++) {
    const b0 = sb.get(nbA[r]!);
    if (b0 === undefined) continue;
    const s = b0 + (r - sa.get(nbA[r]!)!);
    if (s >= nbB.length || nbB[s] !== nbA[r]) continue;
    compared++;
    const eq =
      cols.every((c) => a.factors[c].codes[r] === b.factors[c].codes[s]) &&
      ind.every((c) => a.numeric[c][r] === b.numeric[c][s]);
    if (eq) same++;
  }
  return { share: same / compared, compared };
}

describe('the multi-year world of generateHouseholds', () => {
  it('keeps most households from one year to the next (a panel, PANEL_RENEWAL a year)', () => {
    const one = sameHouseholds(at(2023), at(2024));
    expect(one.compared).toBeGreaterThan(55_000);
    // Renewed slots (5 %) differ; a kept household differs in one of these eight covariates only
    // where the year's shifted neighbourhood deprivation moves one of its draws across a threshold
    // (about 5 % of the kept ones at seed 11).
    expect(one.share).toBeGreaterThan(1 - PANEL_RENEWAL - 0.08);
    expect(one.share).toBeLessThan(1 - PANEL_RENEWAL + 0.02);
    const four = sameHouseholds(at(2020), at(2024));
    expect(four.share).toBeLessThan(one.share - 0.1);
    expect(four.share).toBeGreaterThan(0.6);
  });

  it('walks the municipal effects on one AR(1) path: corr ≈ ρ^k for any pair of years', () => {
    const z = (y: number) => at(y).truth.volume.municipalityEffects;
    // 342 municipalities: the sample correlation has SD ≈ (1 − ρ²)/√342 ≈ 0.01 at ρ = 0.9.
    for (const [a, b] of [
      [2023, 2024],
      [2021, 2022],
      [2020, 2021],
    ] as const) {
      expect(correlation(z(a), z(b))).toBeCloseTo(EFFECT_PERSISTENCE, 1);
    }
    expect(correlation(z(2020), z(2022))).toBeCloseTo(EFFECT_PERSISTENCE ** 2, 1);
    expect(correlation(z(2020), z(2024))).toBeLessThan(correlation(z(2020), z(2022)));
  });

  it('reports as spending two years before the realised spending of that year (same noise draws)', () => {
    for (const y of [2022, 2023, 2024]) {
      const now = at(y).municipalities;
      const then = at(y - 2).municipalities;
      expect(now.id).toEqual(then.id);
      // The two tables draw different (mostly the same) households; the noise of year y − 2 is one.
      const ratio = Array.from(now.spendingTwoYearsBefore, (x, i) => x / then.realisedSpending[i]!);
      const mean = ratio.reduce((a, b) => a + b, 0) / ratio.length;
      expect(mean).toBeGreaterThan(0.95);
      expect(mean).toBeLessThan(1.05);
      expect(correlation(now.spendingTwoYearsBefore, then.realisedSpending)).toBeGreaterThan(0.999);
      for (const x of now.spendingTwoYearsBefore) expect(x).toBeGreaterThan(0);
    }
  });

  it('grows the population and carries the realisation noise over the years', () => {
    const a = at(2023).municipalities;
    const b = at(2024).municipalities;
    const total = (x: Float64Array) => x.reduce((s, v) => s + v, 0);
    expect(total(b.inhabitants) / total(a.inhabitants)).toBeGreaterThan(1.003);
    expect(total(b.inhabitants) / total(a.inhabitants)).toBeLessThan(1.012);
    expect(Array.from(b.inhabitantsPreviousYear)).toEqual(Array.from(a.inhabitants));
    // Realised / expected spending: the noise of consecutive years is correlated (recipients stay).
    const noise = (m: typeof a) =>
      Array.from(m.realisedSpending, (x, i) => Math.log(x / m.expectedSpending[i]!));
    expect(correlation(noise(a), noise(b))).toBeGreaterThan(0.6);
  });
});
