import { from as arqueroFrom } from 'arquero';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AliasingError,
  DataError,
  fractionalLogit,
  glance,
  logit,
  ols,
  SeparationError,
  SpecError,
  summary,
  tidy,
  VerdeelmodelError,
  waldTest,
} from '../../src/index.js';
import { uniforms } from './helpers.js';

function simulate(n: number, seed: number) {
  const r = uniforms(seed);
  const x1: number[] = [];
  const x2: number[] = [];
  const g: string[] = [];
  const y: number[] = [];
  const frac: number[] = [];
  const cl: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = r() * 2 - 1;
    const b = r() * 3;
    const grp = ['north', 'south', 'east'][Math.floor(r() * 3)]!;
    const eta = -0.5 + 0.8 * a - 0.3 * b + (grp === 'south' ? 0.6 : grp === 'east' ? -0.4 : 0);
    const p = 1 / (1 + Math.exp(-eta));
    x1.push(a);
    x2.push(b);
    g.push(grp);
    y.push(r() < p ? 1 : 0);
    frac.push(Math.min(1, Math.max(0, p + (r() - 0.5) * 0.3)));
    cl.push(Math.floor(r() * 12));
  }
  return { x1, x2, g, y, frac, cl };
}

const data = simulate(400, 7);

function coefMap(terms: readonly string[], coefs: readonly number[]): Record<string, number> {
  return Object.fromEntries(terms.map((t, i) => [t, coefs[i]!]));
}

describe('input normalisation', () => {
  it('accepts column objects, row objects and arquero tables with identical results', () => {
    const spec = { y: 'y', x: ['x1', 'g'] };
    const a = logit(data, spec);
    const rows = data.y.map((_, i) => ({ y: data.y[i], x1: data.x1[i], g: data.g[i] }));
    const b = logit(rows, spec);
    const c = logit(arqueroFrom(rows), spec);
    const typed = logit({ y: Float64Array.from(data.y), x1: Float64Array.from(data.x1), g: data.g }, spec);
    for (const f of [b, c, typed]) {
      expect(f.terms).toEqual(a.terms);
      f.coefficients.forEach((v, i) => {
        expect(v).toBeCloseTo(a.coefficients[i]!, 12);
      });
    }
  });

  it('treats column names as plain data (__proto__, constructor, spaces and dots)', () => {
    const cols = Object.fromEntries([
      ['__proto__', data.x1],
      ['constructor', data.x2],
      ['a b.c', data.g],
      ['y', data.y],
    ]);
    const fit = logit(cols, { y: 'y', x: ['__proto__', 'constructor', 'a b.c'] });
    expect(fit.terms).toEqual(['(Intercept)', '__proto__', 'constructor', 'a b.c[north]', 'a b.c[south]']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    const ref = logit(data, { y: 'y', x: ['x1', 'x2', 'g'] });
    fit.coefficients.forEach((v, i) => {
      expect(v).toBeCloseTo(ref.coefficients[i]!, 12);
    });
  });

  it('accepts booleans as the logit response and as a dummy named col[true]', () => {
    const yb = data.y.map((v) => v === 1);
    const flag = data.x1.map((v) => v > 0);
    const fit = logit({ yb, flag, x2: data.x2 }, { y: 'yb', x: ['flag', 'x2'] });
    expect(fit.terms).toEqual(['(Intercept)', 'flag[true]', 'x2']);
  });
});

describe('bad input gives typed errors that name the fault', () => {
  it('missing column', () => {
    expect(() => logit(data, { y: 'y', x: ['nope'] })).toThrowError(/column 'nope' is not in the data/);
    try {
      logit(data, { y: 'y', x: ['nope'] });
    } catch (e) {
      expect(e).toBeInstanceOf(DataError);
      expect(e).toBeInstanceOf(VerdeelmodelError);
      expect((e as DataError).code).toBe('missing-column');
      expect((e as DataError).column).toBe('nope');
    }
  });

  it('NaN and null values name column and row unless na: omit, which reports the count', () => {
    const x1 = [...data.x1] as (number | null)[];
    x1[5] = null;
    x1[17] = Number.NaN;
    expect(() => logit({ ...data, x1 }, { y: 'y', x: ['x1'] })).toThrowError(
      /column 'x1' .*missing at row 6/,
    );
    const fit = logit({ ...data, x1 }, { y: 'y', x: ['x1'], na: 'omit' });
    expect(fit.glance().nOmitted).toBe(2);
    expect(fit.nobs).toBe(398);
    const manual = logit(
      { y: data.y.filter((_, i) => i !== 5 && i !== 17), x1: data.x1.filter((_, i) => i !== 5 && i !== 17) },
      { y: 'y', x: ['x1'] },
    );
    fit.coefficients.forEach((v, i) => {
      expect(v).toBeCloseTo(manual.coefficients[i]!, 12);
    });
  });

  it('response outside the family range', () => {
    expect(() => logit({ ...data, y: data.frac }, { y: 'y', x: ['x1'] })).toThrowError(/logit needs 0\/1/);
    const bad = [...data.frac];
    bad[3] = 1.2;
    expect(() => fractionalLogit({ ...data, frac: bad }, { y: 'frac', x: ['x1'] })).toThrowError(
      /row 4; it must be in \[0, 1\]/,
    );
  });

  it('infinite values, negative weights, too few rows, single cluster, unknown reference', () => {
    const x1 = [...data.x1];
    x1[2] = Number.POSITIVE_INFINITY;
    expect(() => ols({ ...data, x1 }, { y: 'y', x: ['x1'] })).toThrowError(
      /'x1'.*row 3; values must be finite/,
    );
    const w = data.y.map(() => 1);
    w[9] = -1;
    expect(() => logit({ ...data, w }, { y: 'y', x: ['x1'], weights: 'w' })).toThrowError(
      /row 10; prior weights must be ≥ 0/,
    );
    expect(() => ols({ y: [1, 2], x: [1, 3] }, { y: 'y', x: ['x'] })).toThrowError(DataError);
    const one = data.y.map(() => 3);
    expect(() =>
      logit({ ...data, one }, { y: 'y', x: ['x1'], clusters: ['one'], vcov: 'cluster' }),
    ).toThrowError(/single cluster/);
    expect(() => logit(data, { y: 'y', x: ['g'], reference: { g: 'west' } })).toThrowError(SpecError);
    expect(() => logit(data, { y: 'y', x: ['x1'], vcov: 'HC4' as never })).toThrowError(
      /unknown vcov type 'HC4'/,
    );
  });

  it('aliased columns are named, or dropped and reported as R does', () => {
    const x3 = data.x1.map((v, i) => v + data.x2[i]!);
    let err: unknown;
    try {
      logit({ ...data, x3 }, { y: 'y', x: ['x1', 'x2', 'x3'] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AliasingError);
    expect((err as AliasingError).terms).toEqual(['x3']);
    const fit = logit({ ...data, x3 }, { y: 'y', x: ['x1', 'x2', 'x3'], aliased: 'drop' });
    expect(fit.aliased).toEqual(['x3']);
    expect(fit.terms).toEqual(['(Intercept)', 'x1', 'x2']);
    expect(fit.summary()).toMatch(/Dropped as aliased.*x3/);
  });

  it('separation throws SeparationError naming the term and the perfectly predicted rows', () => {
    const r = uniforms(3);
    const d = data.x1.map(() => (r() < 0.2 ? 1 : 0));
    const y = data.y.map((v, i) => (d[i] ? 1 : v));
    let err: unknown;
    try {
      logit({ ...data, y, d }, { y: 'y', x: ['x1', 'd'] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SeparationError);
    expect((err as SeparationError).terms).toEqual(['d']);
    expect((err as SeparationError).perfectlyPredicted).toBe(d.filter(Boolean).length);
    expect((err as Error).message).toMatch(/'d' diverges/);
  });
});

describe('properties', () => {
  it('row order does not change the results', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), (seed) => {
        const r = uniforms(seed);
        const perm = data.y
          .map((_, i) => [r(), i] as const)
          .sort((a, b) => a[0] - b[0])
          .map((p) => p[1]);
        const shuffled = {
          y: perm.map((i) => data.y[i]!),
          x1: perm.map((i) => data.x1[i]!),
          g: perm.map((i) => data.g[i]!),
          cl: perm.map((i) => data.cl[i]!),
        };
        const spec = { y: 'y', x: ['x1', 'g'], clusters: ['cl'] } as const;
        const a = logit(data, spec);
        const b = logit(shuffled, spec);
        const va = a.tidy({ vcov: 'cluster' });
        const vb = b.tidy({ vcov: 'cluster' });
        va.forEach((row, j) => {
          expect(vb[j]!.estimate).toBeCloseTo(row.estimate, 10);
          expect(vb[j]!.stdError).toBeCloseTo(row.stdError, 10);
        });
      }),
      { numRuns: 8 },
    );
  });

  it('scaling a regressor by c scales its coefficient by 1/c', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 100, noNaN: true }), (c) => {
        const a = logit(data, { y: 'y', x: ['x1', 'x2'] });
        const b = logit({ ...data, x1: data.x1.map((v) => v * c) }, { y: 'y', x: ['x1', 'x2'] });
        expect(b.coefficients[1]! * c).toBeCloseTo(a.coefficients[1]!, 8);
        expect(b.tidy()[1]!.statistic).toBeCloseTo(a.tidy()[1]!.statistic, 8);
      }),
      { numRuns: 10 },
    );
  });

  it('integer weights equal row replication (coefficients and model SEs)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 120, maxLength: 120 }), (w) => {
        const sub = { y: data.y.slice(0, 120), x1: data.x1.slice(0, 120), g: data.g.slice(0, 120), w };
        const rep = { y: [] as number[], x1: [] as number[], g: [] as string[] };
        w.forEach((k, i) => {
          for (let j = 0; j < k; j++) {
            rep.y.push(sub.y[i]!);
            rep.x1.push(sub.x1[i]!);
            rep.g.push(sub.g[i]!);
          }
        });
        for (const fitter of [logit, ols]) {
          const a = fitter(sub, { y: 'y', x: ['x1', 'g'], weights: 'w' });
          const b = fitter(rep, { y: 'y', x: ['x1', 'g'] });
          const ta = a.tidy();
          const tb = b.tidy();
          ta.forEach((row, j) => {
            expect(row.estimate).toBeCloseTo(tb[j]!.estimate, 9);
            if (fitter === logit) expect(row.stdError).toBeCloseTo(tb[j]!.stdError, 9);
          });
          if (fitter === logit) expect(a.deviance).toBeCloseTo(b.deviance, 8);
        }
      }),
      { numRuns: 6 },
    );
  });

  it('predictions lie in [0, 1] for logit and fractional logit, also on new data', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 1, maxLength: 30 }),
        (xs) => {
          const fit = fractionalLogit(data, { y: 'frac', x: ['x1', 'x2'] });
          const pr = fit.predict({ x1: xs, x2: xs.map((v) => Math.abs(v)) }, { se: true });
          for (const v of pr.fit) expect(v >= 0 && v <= 1).toBe(true);
          for (const s of pr.se!) expect(Number.isFinite(s) && s >= 0).toBe(true);
        },
      ),
      { numRuns: 20 },
    );
  });
});

describe('inference views', () => {
  it('OLS Wald test of one restriction equals the squared t statistic', () => {
    const fit = ols(data, { y: 'frac', x: ['x1', 'x2'] });
    const w = waldTest(fit, 'x1 = 0');
    expect(w.distribution).toBe('F');
    expect(w.statistic).toBeCloseTo(fit.tidy()[1]!.statistic ** 2, 10);
    expect(w.pValue).toBeCloseTo(fit.tidy()[1]!.pValue, 12);
    const wm = waldTest(fit, { R: [[0, 1, -1]] }, { vcov: 'HC1' });
    const ws = waldTest(fit, 'x1 - x2 = 0', { vcov: 'HC1' });
    expect(wm.statistic).toBeCloseTo(ws.statistic, 12);
    expect(() => waldTest(fit, 'x9 = 0')).toThrowError(/known terms/);
  });

  it('GLM Wald test is chi-square; marginal effects of a linear model equal its slopes', () => {
    const fit = logit(data, { y: 'y', x: ['x1', 'g'] });
    const w = waldTest(fit, 'g[north] = g[south]');
    expect(w.distribution).toBe('chisq');
    expect(w.df2).toBeNull();
    const lin = ols(data, { y: 'frac', x: ['x1', 'g'] });
    const ame = lin.marginalEffects();
    const tidy = lin.tidy();
    expect(ame.map((r) => r.term)).toEqual(['x1', 'g[north]', 'g[south]']);
    ame.forEach((row, j) => {
      expect(row.estimate).toBeCloseTo(tidy[j + 1]!.estimate, 10);
      expect(row.stdError).toBeCloseTo(tidy[j + 1]!.stdError, 10);
    });
  });

  it('results are plain data that round-trip through JSON', () => {
    const fit = logit(data, { y: 'y', x: ['x1', 'g'], clusters: ['cl'], vcov: 'cluster' });
    const back = JSON.parse(JSON.stringify(fit));
    const cloned = structuredClone(fit);
    expect(cloned.coefficients).toEqual(fit.coefficients);
    expect(Object.keys(fit)).not.toContain('tidy');
    expect(back.coefficients).toEqual(fit.coefficients);
    expect(back.options.vcov).toEqual({ type: 'cluster', cluster: ['cl'], adjust: 'HC1' });
    expect(coefMap(back.terms, back.coefficients).x1).toBe(fit.coefficients[1]);
    const g = fit.glance();
    expect(g.vcov).toEqual({ type: 'cluster', cluster: ['cl'], adjust: 'HC1' });
    expect(g.smallSampleRule).toMatch(/G\/\(G-1\)\*\(n-1\)\/\(n-k\) with G = 12/);
    expect(fit.summary()).toMatch(/cluster-robust, clustered by cl \(sandwich::vcovCL type "HC1"/);
    // The plain data alone gives every view back, under any variance type.
    expect(tidy(back)).toEqual(fit.tidy());
    expect(tidy(back, { vcov: 'HC3' })).toEqual(fit.tidy({ vcov: 'HC3' }));
    expect(summary(back)).toBe(fit.summary());
    expect(glance(back)).toEqual(g);
  });
});
