import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DataError,
  fitPriceModel,
  fitSpendingModel,
  fitVolumeModel,
  fractionalLogit,
  generateHouseholds,
  predictSpending,
  SPENDING_FRACTION,
  SpecError,
  spendingTerms,
} from '../../src/index.js';
import { SPENDING_FIXTURE_TERMS } from '../fixtures/price/make-spending-data.js';

const here = new URL('../fixtures/price/', import.meta.url);
const reference = JSON.parse(readFileSync(new URL('spending-model-reference.json', here), 'utf8')) as {
  n: number;
  terms: string[];
  coefficients: number[];
  se: number[];
  dispersion: number;
  deviance: number;
  fitted_sum: number;
};

function readFixture(): Record<string, Float64Array> {
  const [header, ...lines] = readFileSync(new URL('spending-model-data.csv', here), 'utf8')
    .trim()
    .split('\n');
  const names = header!.split(',');
  const cols = Object.fromEntries(names.map((n) => [n, new Float64Array(lines.length)]));
  lines.forEach((line, r) => {
    line.split(',').forEach((v, k) => {
      cols[names[k]!]![r] = Number(v);
    });
  });
  return cols;
}

describe('fitSpendingModel: volume and price in one equation', () => {
  it("matches R's glm(benefit / norm ~ ..., quasibinomial) on every household", () => {
    const data = readFixture();
    // Two municipalities: the spec always keeps municipal score sums (for cluster errors later).
    const fixture = { ...data, municipality: Array.from({ length: reference.n }, (_, i) => `GM000${i % 2}`) };
    const m = fitSpendingModel(fixture, { x: SPENDING_FIXTURE_TERMS, vcov: 'model' });
    const rows = m.fit.tidy();
    expect(rows.map((r) => r.term)).toEqual(reference.terms);
    rows.forEach((r, k) => {
      expect(r.estimate).toBeCloseTo(reference.coefficients[k]!, 6);
      expect(r.stdError).toBeCloseTo(reference.se[k]!, 6);
    });
    expect(m.fit.glance().dispersion).toBeCloseTo(reference.dispersion, 7);
    expect(m.fit.glance().deviance).toBeCloseTo(reference.deviance, 5);
    const s = predictSpending({ spending: m, households: fixture });
    expect(s).toHaveLength(2);
    const sum = (f: (r: (typeof s)[number]) => number) => s.reduce((a, r) => a + f(r), 0);
    expect(sum((r) => r.expectedSpending) / reference.fitted_sum).toBeCloseTo(1, 10);
    for (const r of s) expect(r.expectedRecipients).toBeNull();
    const benefit = data.benefit!.reduce((a, b) => a + b, 0);
    expect(sum((r) => r.actualSpending!)).toBeCloseTo(benefit, 6);
  });

  const est = generateHouseholds({ households: 120_000, seed: 8, year: 2021 });
  const act = generateHouseholds({ households: 120_000, seed: 8, year: 2022 });
  const joint = fitSpendingModel(est.columns());

  it('is the fractional logit of benefit / norm with the spending terms (no hhgroup, non_western, lks)', () => {
    expect(joint.options.x).toEqual(spendingTerms);
    for (const t of ['hhgroup', 'non_western', 'lks']) expect(spendingTerms).not.toContain(t);
    const cols = est.columns();
    const y = Float64Array.from(cols.benefit as Float64Array, (b, i) => b / (cols.norm as Float64Array)[i]!);
    const direct = fractionalLogit(
      { ...cols, [SPENDING_FRACTION]: y },
      {
        y: SPENDING_FRACTION,
        x: spendingTerms,
        reference: { hhtype: 'single', migration: 'dutch' },
        clusters: ['municipality'],
      },
    );
    expect(Array.from(joint.fit.coefficients)).toEqual(Array.from(direct.coefficients));
  });

  it('predicts municipal spending Σ ŝ·norm about as well as the two-part model', () => {
    const cols = act.columns();
    const rows = predictSpending({ spending: joint, households: cols });
    const s = joint.predictFraction(cols);
    const norm = cols.norm as Float64Array;
    const byId = new Map<string, number>();
    const mun = act.factors.municipality;
    for (let r = 0; r < s.length; r++) {
      const id = mun.levels[mun.codes[r]!]!;
      byId.set(id, (byId.get(id) ?? 0) + s[r]! * norm[r]!);
    }
    for (const r of rows) expect(r.expectedSpending / byId.get(r.municipality)!).toBeCloseTo(1, 9);
    const two = predictSpending({
      volume: fitVolumeModel(est.columns()),
      price: fitPriceModel(est.columns()),
      households: cols,
    });
    const m = act.municipalities;
    const index = new Map(m.id.map((id, i) => [id, i]));
    // Against the feature-only truth (municipal effects 0: what a perfect model predicts).
    const truth = (id: string) => m.featureSpending[index.get(id)!]! / m.householdWeight[index.get(id)!]!;
    const error = (p: readonly { municipality: string; expectedSpending: number }[]) =>
      p.reduce((a, r) => a + Math.abs(r.expectedSpending / truth(r.municipality) - 1), 0) / p.length;
    const total = (p: readonly { expectedSpending: number }[]) =>
      p.reduce((a, r) => a + r.expectedSpending, 0);
    expect(Math.abs(total(rows) / total(two) - 1)).toBeLessThan(0.02);
    expect(error(rows)).toBeLessThan(1.5 * error(two));
  });

  it('rejects a benefit outside [0, norm], a bad norm, and both or half a model in predictSpending', () => {
    const base = {
      benefit: [0, 5, 20],
      norm: [10, 10, 10],
      age_20_25: [0, 1, 0],
      municipality: ['a', 'a', 'b'],
    };
    expect(() => fitSpendingModel(base, { x: ['age_20_25'] })).toThrowError(
      /benefit 'benefit' is 20 at row 3/,
    );
    expect(() => fitSpendingModel({ ...base, benefit: [0, -1, 2] }, { x: ['age_20_25'] })).toThrowError(
      DataError,
    );
    expect(() => fitSpendingModel({ ...base, norm: [10, 0, 10] }, { x: ['age_20_25'] })).toThrowError(
      /norm amount 'norm' is 0 at row 2/,
    );
    expect(() => fitSpendingModel(base, { x: ['age_20_25'], family: 'tweedie' } as never)).toThrowError(
      SpecError,
    );
    const volume = fitVolumeModel(est.columns());
    expect(() => predictSpending({ spending: joint, volume, households: act.columns() })).toThrowError(
      /either \{ spending \}/,
    );
    expect(() => predictSpending({ volume, households: act.columns() } as never)).toThrowError(
      /price is missing/,
    );
  });
});
