import { describe, expect, it } from 'vitest';
import { DataError, SpecError } from '../../src/errors.js';
import { createRng } from '../../src/internal/random.js';
import { clusterLogits, placeboInTime, simulateSynthPanel, syntheticControl } from '../../src/synth/index.js';

const rows = simulateSynthPanel({ units: 8, periods: 12, treatmentIndex: 6, monthly: false, seed: 2 });
const BASE = { unit: 'unit', time: 'time', outcome: 'y', treated: 'u000', treatmentTime: 7 } as const;

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof DataError || e instanceof SpecError) return `${e.name}:${e.code}:${e.message}`;
    throw e;
  }
  return 'no error';
}

describe('syntheticControl(panel, options) bad input', () => {
  it('unbalanced panels and duplicate unit-time rows', () => {
    expect(code(() => syntheticControl(rows.slice(1), BASE))).toMatch(
      /DataError:unbalanced-panel:unit 'u000' has no row for time 1/,
    );
    expect(code(() => syntheticControl([...rows, rows[5]!], BASE))).toMatch(
      /DataError:duplicate:unit 'u000' has two rows for time 6/,
    );
  });

  it('treated unit missing or among the donors; fewer than two donors', () => {
    expect(code(() => syntheticControl(rows, { ...BASE, treated: 'nowhere' }))).toMatch(
      /unknown-unit:treated unit 'nowhere'/,
    );
    expect(code(() => syntheticControl(rows, { ...BASE, donors: ['u000', 'u001', 'u002'] }))).toMatch(
      /SpecError:treated-in-donors:unit 'u000' is both treated and a donor/,
    );
    expect(code(() => syntheticControl(rows, { ...BASE, donors: ['u001'] }))).toMatch(/too-few-donors/);
  });

  it('no pre-period and a treatment time outside the data', () => {
    expect(code(() => syntheticControl(rows, { ...BASE, treatmentTime: 1 }))).toMatch(/no-preperiod/);
    expect(code(() => syntheticControl(rows, { ...BASE, treatmentTime: 13 }))).toMatch(
      /time-outside-data.*after the last time/,
    );
    expect(code(() => syntheticControl(rows, { ...BASE, treatmentTime: '2019-07' }))).toMatch(/invalid-time/);
  });

  it('predictors with zero variance or without any value for a unit', () => {
    const flat = rows.map((r) => ({ ...r, c: 1, z: r.unit === 'u003' ? null : r.x }));
    expect(code(() => syntheticControl(flat, { ...BASE, predictors: ['c', 'x'] }))).toMatch(
      /DataError:zero-variance:predictor 'c\[1\.\.6\]' takes the same value for every donor/,
    );
    expect(code(() => syntheticControl(flat, { ...BASE, predictors: ['z', 'x'] }))).toMatch(
      /DataError:missing-value:predictor 'z\[1\.\.6\]' has no value for unit 'u003'/,
    );
    expect(
      code(() => syntheticControl(flat, { ...BASE, predictors: [{ column: 'x', from: 5, to: 8 }] })),
    ).toMatch(/predictors must be pre-treatment/);
  });

  it('missing outcome values name the unit and time', () => {
    const gap = rows.map((r) => (r.unit === 'u002' && r.time === 3 ? { ...r, y: null } : r));
    expect(code(() => syntheticControl(gap, BASE))).toMatch(
      /missing-value:outcome 'y' is missing for unit 'u002' at time 3/,
    );
  });

  it('reports a treated unit outside the donors’ hull instead of hiding it', () => {
    const high = rows.map((r) => (r.unit === 'u000' ? { ...r, y: r.y + 50 } : r));
    const fit = syntheticControl(high, BASE);
    expect(fit.diagnostics.map((d) => d.code)).toEqual(['outside-hull', 'poor-pre-fit']);
    expect(fit.weights.filter((w) => w > 0.99)).toHaveLength(1);
  });

  it('placeboInTime needs a placebo time before the treatment', () => {
    expect(code(() => placeboInTime(rows, { ...BASE, placeboTime: 9 }))).toMatch(/invalid-placebo-time/);
    const fake = placeboInTime(rows, { ...BASE, placeboTime: 4 });
    expect(fake.times).toEqual([1, 2, 3, 4, 5, 6]);
    expect(fake.treatmentTime).toBe(4);
  });
});

describe('clusterLogits(data, options)', () => {
  it('recovers cluster differences with the GLM logit, also as cluster × post interactions', () => {
    const rng = createRng(9);
    const n = 3000;
    const cluster: number[] = [];
    const post: number[] = [];
    const young: number[] = [];
    for (let i = 0; i < n; i++) {
      const c = 1 + (i % 3);
      const p = i % 2;
      const eta = -0.5 + (c === 2 ? 1 : 0) + 0.2 * p + (c === 3 ? 0.8 * p : 0);
      cluster.push(c);
      post.push(p);
      young.push(rng.uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0);
    }
    const [main] = clusterLogits({ young, cluster, post }, { outcomes: ['young'], cluster: 'cluster' });
    expect(main!.terms.map((t) => t.term)).toEqual(['cluster[2]', 'cluster[3]']);
    expect(main!.terms[0]!.pValue).toBeLessThan(0.001);
    const [did] = clusterLogits(
      { young, cluster, post },
      { outcomes: ['young'], cluster: 'cluster', post: 'post' },
    );
    expect(did!.terms.map((t) => t.term)).toEqual(['cluster[2]:post', 'cluster[3]:post']);
    expect(did!.terms[1]!.estimate).toBeGreaterThan(0.3);
    expect(did!.terms[1]!.pValue).toBeLessThan(0.01);
    expect(did!.nobs).toBe(n);
  });
});
