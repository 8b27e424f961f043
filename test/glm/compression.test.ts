import { describe, expect, it } from 'vitest';
import { fitGlm, type GlmFit, type VcovSpec } from '../../src/index.js';
import { uniforms } from './helpers.js';

/** Discrete covariates, so that many rows share a pattern. */
function discreteData(n: number, seed: number) {
  const r = uniforms(seed);
  const d = {
    a: [] as number[],
    b: [] as string[],
    c: [] as number[],
    cl: [] as number[],
    y: [] as number[],
    f: [] as number[],
    w: [] as number[],
    off: [] as number[],
  };
  for (let i = 0; i < n; i++) {
    const a = Math.floor(r() * 4);
    const b = ['x', 'y', 'z'][Math.floor(r() * 3)]!;
    const c = r() < 0.3 ? 1 : 0;
    const cl = Math.floor(r() * 25);
    const eta = -0.4 + 0.3 * a - 0.8 * c + (b === 'y' ? 0.5 : 0) + (cl % 5) * 0.1;
    const p = 1 / (1 + Math.exp(-eta));
    d.a.push(a);
    d.b.push(b);
    d.c.push(c);
    d.cl.push(cl);
    d.y.push(r() < p ? 1 : 0);
    d.f.push(Math.min(1, Math.max(0, p + (r() - 0.5) * 0.4)));
    d.w.push(1 + Math.floor(r() * 3));
    d.off.push(a === 2 ? 0.25 : 0);
  }
  return d;
}

function expectSameFit(a: GlmFit, b: GlmFit, types: VcovSpec[]): void {
  expect(a.terms).toEqual(b.terms);
  a.coefficients.forEach((v, j) => {
    expect(Math.abs(v - b.coefficients[j]!)).toBeLessThan(1e-10 * (1 + Math.abs(v)));
  });
  for (const t of types) {
    const va = a.tidy({ vcov: t });
    const vb = b.tidy({ vcov: t });
    va.forEach((row, j) => {
      expect(Math.abs(row.stdError - vb[j]!.stdError)).toBeLessThan(1e-10 * row.stdError);
    });
  }
  const ga = a.glance();
  const gb = b.glance();
  for (const k of ['deviance', 'nullDeviance', 'dispersion', 'nobs', 'dfResidual'] as const) {
    expect(Math.abs(ga[k] - gb[k])).toBeLessThan(1e-10 * (1 + Math.abs(gb[k])));
  }
  if (gb.logLik !== null) expect(Math.abs(ga.logLik! - gb.logLik)).toBeLessThan(1e-10 * Math.abs(gb.logLik));
}

describe('exact sufficient-statistic compression', () => {
  const data = discreteData(30_000, 11);
  const cases = [
    { family: 'binomial', y: 'y' },
    { family: 'probit', y: 'y' },
    { family: 'quasibinomial', y: 'f' },
    { family: 'gaussian', y: 'f' },
  ] as const;
  for (const c of cases) {
    it(`${c.family}: estimates, model/HC0/HC1/cluster SEs, deviance and logLik equal the row-level fit to 1e-10`, () => {
      const spec = {
        family: c.family,
        y: c.y,
        x: ['a', 'b', 'c', 'a:b'],
        clusters: ['cl'],
        weights: 'w',
        offset: 'off',
      };
      const full = fitGlm(data, { ...spec, compress: false });
      const packed = fitGlm(data, { ...spec, compress: true });
      expect(full.patterns).toBeNull();
      expect(packed.patterns).toBeLessThanOrEqual(4 * 3 * 2 * 25 * 2);
      expectSameFit(packed, full, ['model', 'HC0', 'HC1', 'cluster']);
    });
  }

  it("'auto' compresses large data with few patterns and reports it in glance()", () => {
    const fit = fitGlm(data, { family: 'binomial', y: 'y', x: ['a', 'b', 'c'] });
    expect(fit.glance().patterns).toBe(24);
    const noisy = { ...data, u: data.a.map((v, i) => v + i * 1e-6) };
    expect(fitGlm(noisy, { family: 'binomial', y: 'y', x: ['u', 'b'] }).patterns).toBeNull();
  });

  it('predictions and marginal effects still run over the original rows', () => {
    const spec = { family: 'binomial', y: 'y', x: ['a', 'b', 'c'] } as const;
    const full = fitGlm(data, { ...spec, compress: false });
    const packed = fitGlm(data, { ...spec, compress: true });
    expect(packed.predict().fit.length).toBe(30_000);
    const ma = packed.marginalEffects();
    full.marginalEffects().forEach((row, j) => {
      expect(ma[j]!.estimate).toBeCloseTo(row.estimate, 12);
      expect(ma[j]!.stdError).toBeCloseTo(row.stdError, 12);
    });
  });
});

describe('parallel passes and warm start', () => {
  it('two worker threads give the single-thread fit to 1e-10 (logit with cluster, OLS with weights)', () => {
    const data = discreteData(20_000, 5);
    const noisy = { ...data, u: data.a.map((v, i) => v + (i % 97) * 1e-3) };
    for (const family of ['binomial', 'gaussian'] as const) {
      const spec = {
        family,
        y: family === 'binomial' ? 'y' : 'f',
        x: ['u', 'b', 'c'],
        clusters: ['cl'],
        weights: 'w',
        compress: false,
      };
      const one = fitGlm(noisy, { ...spec, threads: 1 });
      const two = fitGlm(noisy, { ...spec, threads: 2 });
      expect(one.threads).toBe(1);
      expect(two.threads).toBe(2);
      expectSameFit(two, one, ['model', 'HC1', 'cluster']);
    }
  });

  it('a subsample warm start on large data reaches the same estimates', () => {
    const data = discreteData(420_000, 8);
    const noisy = { ...data, u: data.a.map((v, i) => v + (i % 1009) * 1e-4) };
    const spec = {
      family: 'binomial',
      y: 'y',
      x: ['u', 'b', 'c'],
      clusters: ['cl'],
      compress: false,
    } as const;
    const warm = fitGlm(noisy, { ...spec, threads: 1 });
    const cold = fitGlm(noisy, { ...spec, threads: 1, warmStart: false });
    expect(warm.iterations).toBeLessThan(cold.iterations);
    expectSameFit(warm, cold, ['model', 'cluster']);
    // On two threads the warm start is fitted in the worker while this thread packs the design.
    const early = fitGlm(noisy, { ...spec, threads: 2 });
    expect(early.threads).toBe(2);
    expect(early.iterations).toBe(warm.iterations);
    expectSameFit(early, cold, ['model', 'cluster']);
  });

  it('an aliased column on two threads: the worker warm start fails, the refit drops it as R does', () => {
    const data = discreteData(420_000, 9);
    const noisy = { ...data, u: data.a.map((v, i) => v + (i % 1009) * 1e-4) };
    const withCopy = { ...noisy, u2: noisy.u.map((v) => 2 * v) };
    const spec = {
      family: 'binomial',
      y: 'y',
      x: ['u', 'b', 'c'],
      clusters: ['cl'],
      compress: false,
    } as const;
    const plain = fitGlm(noisy, { ...spec, threads: 1 });
    const dropped = fitGlm(withCopy, { ...spec, x: ['u', 'b', 'c', 'u2'], aliased: 'drop', threads: 2 });
    expect(dropped.aliased).toEqual(['u2']);
    expect(dropped.threads).toBe(2);
    const est = dropped.tidy().filter((r) => r.term !== 'u2');
    plain.tidy().forEach((row, j) => {
      expect(est[j]!.term).toBe(row.term);
      expect(est[j]!.estimate).toBeCloseTo(row.estimate, 9);
    });
  });
});
