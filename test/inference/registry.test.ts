import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  fitGlm,
  type GlmFit,
  glance,
  logit,
  ols,
  SpecError,
  summary,
  tidy,
  type VcovSpec,
  vcov,
  vcovOf,
} from '../../src/index.js';

/** R sandwich 3.0.2 on a seeded data set (test/fixtures/inference/sandwich-reference.R). */
const ref = JSON.parse(
  readFileSync(new URL('../fixtures/inference/sandwich-reference.json', import.meta.url), 'utf8'),
);
const data = ref.data.columns as Record<string, (number | string)[]>;

const FITS: Record<string, () => GlmFit> = {
  m_logit: () => logit(data, { y: 'y', x: ['x1', 'x2', 'grp'], clusters: ['a', 'b'], epsilon: 1e-14 }),
  m_logit_w: () =>
    fitGlm(data, {
      family: 'binomial',
      y: 'y',
      x: ['x1', 'x2', 'grp'],
      weights: 'w',
      clusters: ['a', 'b'],
      epsilon: 1e-14,
    }),
  m_frac: () =>
    fitGlm(data, {
      family: 'quasibinomial',
      y: 'frac',
      x: ['x1', 'x2', 'grp'],
      clusters: ['a', 'b'],
      epsilon: 1e-14,
    }),
  m_ols: () => ols(data, { y: 'yc', x: ['x1', 'x2', 'grp'], clusters: ['a', 'b'] }),
  m_ols_w: () => ols(data, { y: 'yc', x: ['x1', 'x2', 'grp'], weights: 'w', clusters: ['a', 'b'] }),
};

/** The registry spec for each of the fixture's variance types. */
const SPECS: Record<string, VcovSpec> = {
  model: 'model',
  HC0: 'HC0',
  HC1: 'HC1',
  HC2: 'HC2',
  HC3: 'HC3',
  cluster_a_HC1: { type: 'cluster', cluster: 'a' },
  cluster_a_HC0: { type: 'cluster', cluster: 'a', adjust: 'none' },
  cluster_a_stata: { type: 'cluster', cluster: 'a', adjust: 'stata' },
  twoway_ab_HC1: { type: 'cluster', cluster: ['a', 'b'] },
  twoway_ab_stata: { type: 'cluster', cluster: ['a', 'b'], adjust: 'stata' },
  neweywest_lag3: { type: 'newey-west', lag: 3 },
  neweywest_lag3_adjust: { type: 'newey-west', lag: 3, adjust: true },
};

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('the inference registry against R sandwich', () => {
  for (const [name, make] of Object.entries(FITS)) {
    describe(name, () => {
      const m = ref.models[name];
      const fit = make();
      it('has R’s coefficients (1e-9)', () => {
        expect(fit.terms).toEqual(m.terms);
        for (const [j, b] of fit.coefficients.entries()) expect(rel(b, m.coefficients[j])).toBeLessThan(1e-9);
      });
      for (const [type, spec] of Object.entries(SPECS)) {
        it(`${type}: standard errors and the covariance matrix within 1e-6 relative`, () => {
          const ses = tidy(fit, { vcov: spec }).map((r) => r.stdError);
          for (const [j, se] of ses.entries()) expect(rel(se, m.se[type][j])).toBeLessThan(1e-6);
          const v = vcov(fit, spec);
          const scale = Math.max(...m.vcov[type].flat().map(Math.abs));
          for (const [i, row] of v.entries())
            for (const [j, x] of row.entries())
              expect(Math.abs(x - m.vcov[type][i][j]) / scale).toBeLessThan(1e-6);
        });
      }
    });
  }

  it('chooses the cluster column after the fit, without a refit, and says which factor it used', () => {
    const fit = FITS.m_logit!();
    const a = vcovOf(fit, { type: 'cluster', cluster: 'a' });
    const b = vcovOf(fit, { type: 'cluster', cluster: 'b' });
    expect(a.rule).toMatch(/G = 25/);
    expect(b.rule).toMatch(/G = 16/);
    expect(a.factor).toBeCloseTo((25 / 24) * (399 / 395), 14);
    expect(vcovOf(fit, { type: 'cluster', cluster: 'a', adjust: 'stata' }).factor).toBeCloseTo(25 / 24, 14);
    expect(vcovOf(fit, { type: 'cluster', cluster: ['a', 'b'] }).label).toMatch(
      /two-way clustered by a and b/,
    );
    // 'cluster' alone means the first cluster column, HC1-adjusted.
    expect(vcov(fit, 'cluster')).toEqual(vcov(fit, { type: 'cluster', cluster: 'a', adjust: 'HC1' }));
  });

  it('an HC1 fit gives cluster errors after the fit; a fit without clusters says what to pass', () => {
    const fit = logit(data, { y: 'y', x: ['x1', 'x2', 'grp'], vcov: 'HC1', clusters: ['a'] });
    expect(() => fit.tidy({ vcov: { type: 'cluster', cluster: 'a' } })).not.toThrow();
    const bare = logit(data, { y: 'y', x: ['x1', 'x2', 'grp'] });
    const err = (() => {
      try {
        bare.tidy({ vcov: 'cluster' });
      } catch (e) {
        return e as SpecError;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(SpecError);
    expect(err!.code).toBe('no-cluster');
    expect(err!.message).toMatch(/clusters: \['municipality'\]/);
    expect(() => fit.tidy({ vcov: { type: 'cluster', cluster: 'b' } })).toThrowError(
      /not among the fit's cluster columns/,
    );
  });

  it('a vcov in the fit spec keeps its cluster column; unknown types, fields and adjustments are SpecErrors', () => {
    const fit = logit(data, { y: 'y', x: ['x1'], vcov: { type: 'cluster', cluster: 'b', adjust: 'stata' } });
    expect(fit.options.clusters).toEqual(['b']);
    expect(glance(fit).vcov).toEqual({ type: 'cluster', cluster: ['b'], adjust: 'stata' });
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as SpecError).code;
      }
      return null;
    };
    expect(code(() => fit.tidy({ vcov: 'HC4' as never }))).toBe('unknown-vcov');
    expect(code(() => fit.tidy({ vcov: { type: 'cluster', clustr: 'b' } as never }))).toBe('unknown-option');
    expect(code(() => fit.tidy({ vcov: { type: 'cluster', cluster: 'b', adjust: 'CR2' } as never }))).toBe(
      'invalid-option',
    );
    expect(code(() => fit.tidy({ vcov: { type: 'newey-west', lag: -1 } }))).toBe('invalid-option');
    expect(code(() => fit.tidy({ level: 1.5 }))).toBe('invalid-option');
    expect(code(() => fit.tidy({ levl: 0.9 } as never))).toBe('unknown-option');
  });

  it('HC2/HC3 need the leverage: a fit without it names the option', () => {
    const fit = logit(data, { y: 'y', x: ['x1'], leverage: false });
    expect(() => tidy(fit, { vcov: 'HC2' })).toThrowError(/refit with leverage: true/);
    try {
      tidy(fit, { vcov: 'HC3' });
    } catch (e) {
      expect((e as SpecError).code).toBe('no-leverage');
    }
  });

  it('the plain data of a fit, after JSON, gives the same tables under every variance type', () => {
    const fit = FITS.m_ols!();
    const back = JSON.parse(JSON.stringify(fit));
    for (const spec of Object.values(SPECS))
      expect(tidy(back, { vcov: spec })).toEqual(fit.tidy({ vcov: spec }));
    expect(summary(back, { vcov: 'HC3' })).toBe(fit.summary({ vcov: 'HC3' }));
    expect(summary(back, { vcov: 'HC3' })).toMatch(/HC3 \(sandwich::vcovHC type "HC3"\)/);
  });
});

describe('the issue’s walk: cluster by municipality or neighbourhood after one fit', () => {
  it('fit once with clusters: [municipality, neighbourhood], then choose either (or both) without a refit', async () => {
    const { generateHouseholds } = await import('../../src/index.js');
    const hh = generateHouseholds({ households: 60_000, seed: 3 }).columns();
    const fit = logit(hh, {
      y: 'receipt',
      x: ['hhtype', 'age_50_aow'],
      clusters: ['municipality', 'neighbourhood'],
    });
    const byNeighbourhood = tidy(fit, { vcov: { type: 'cluster', cluster: 'neighbourhood' } });
    const byMunicipality = tidy(fit, { vcov: { type: 'cluster', cluster: 'municipality' } });
    const twoWay = tidy(fit, { vcov: { type: 'cluster', cluster: ['municipality', 'neighbourhood'] } });
    // The same as a fit that clusters on that column alone.
    const alone = logit(hh, { y: 'receipt', x: ['hhtype', 'age_50_aow'], clusters: ['neighbourhood'] });
    for (const [j, r] of tidy(alone, { vcov: 'cluster' }).entries())
      expect(rel(byNeighbourhood[j]!.stdError, r.stdError)).toBeLessThan(1e-12);
    expect(byMunicipality[1]!.stdError).not.toBe(byNeighbourhood[1]!.stdError);
    expect(twoWay.every((r) => Number.isFinite(r.stdError) && r.stdError > 0)).toBe(true);
    // Memory: p × p numbers per cluster column and pair, not n × p.
    expect(fit.clusterMeats.map((m) => m.variables)).toEqual([
      ['municipality'],
      ['neighbourhood'],
      ['municipality', 'neighbourhood'],
    ]);
    for (const m of fit.clusterMeats) expect(m.meat.length).toBe(fit.terms.length ** 2);
  });
});

describe('HC2/HC3 and the cluster meats on compressed patterns', () => {
  it('equal the row-level fit when rows collapse to covariate patterns (unit weights)', async () => {
    const { generateHouseholds } = await import('../../src/index.js');
    const hh = generateHouseholds({ households: 40_000, seed: 5 }).columns();
    const spec = { y: 'receipt', x: ['hhtype', 'age_50_aow'], clusters: ['municipality', 'neighbourhood'] };
    const rows = logit(hh, { ...spec, compress: false });
    const packed = logit(hh, { ...spec, compress: true });
    expect(packed.patterns).not.toBeNull();
    for (const v of [
      'HC2',
      'HC3',
      { type: 'cluster', cluster: ['municipality', 'neighbourhood'] },
    ] as VcovSpec[]) {
      const a = tidy(rows, { vcov: v });
      for (const [j, r] of tidy(packed, { vcov: v }).entries())
        expect(rel(r.stdError, a[j]!.stdError)).toBeLessThan(1e-9);
    }
  });

  it('say why HC2/HC3 are unavailable when prior weights differ inside a pattern', async () => {
    const { generateHouseholds } = await import('../../src/index.js');
    const hh = generateHouseholds({ households: 30_000, seed: 6 }).columns();
    const w = Float64Array.from({ length: 30_000 }, (_, i) => 1 + (i % 3));
    const fit = logit({ ...hh, w }, { y: 'receipt', x: ['hhtype'], weights: 'w', compress: true });
    expect(fit.leverageNote).toMatch(/prior weights differ within a compressed covariate pattern/);
    expect(() => tidy(fit, { vcov: 'HC2' })).toThrowError(
      /not available for this fit: prior weights differ.*compress: false/,
    );
  });
});
