import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { logit } from '../../src/index.js';
import { fixtureSpec } from './helpers.js';

/**
 * Cross-check against statsmodels 0.13 (test/fixtures/glm/make-statsmodels-check.py), and a record
 * of where its conventions differ from sandwich's, which verdeelmodel follows.
 */
const sm = JSON.parse(
  readFileSync(new URL('../fixtures/glm/statsmodels-check.json', import.meta.url), 'utf8'),
);
const ref = JSON.parse(readFileSync(new URL('../fixtures/glm/glm-reference.json', import.meta.url), 'utf8'));
const caseData = (name: string) => ref.cases.find((c: { name: string }) => c.name === name);
const check = (name: string) => sm.checks.find((c: { case: string }) => c.case === name);
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('statsmodels cross-check', () => {
  it('birthwt: same estimates and model/HC0 SEs; statsmodels GLM "HC1" omits n/(n-k)', () => {
    const c = caseData('birthwt_logit');
    const s = check('birthwt_logit');
    const fit = logit(c.data, fixtureSpec(c.spec));
    for (const [j, b] of fit.coefficients.entries()) expect(rel(b, s.params[j])).toBeLessThan(1e-9);
    const model = fit.tidy({ vcov: 'model' });
    const hc0 = fit.tidy({ vcov: 'HC0' });
    const hc1 = fit.tidy({ vcov: 'HC1' });
    const factor = Math.sqrt(fit.nobs / (fit.nobs - fit.terms.length));
    for (const [j, r] of model.entries()) expect(rel(r.stdError, s.bse.model[j])).toBeLessThan(1e-8);
    for (const [j, r] of hc0.entries()) expect(rel(r.stdError, s.bse.HC0[j])).toBeLessThan(1e-8);
    for (const [j, r] of hc1.entries()) expect(rel(r.stdError, s.bse.HC1[j] * factor)).toBeLessThan(1e-8);
  });

  it('infert: statsmodels cluster default equals vcovCL(type = "HC1"); use_correction=False is the bare sandwich', () => {
    const c = caseData('infert_logit_cluster');
    const s = check('infert_logit_cluster');
    const fit = logit(c.data, fixtureSpec(c.spec));
    const cl = fit.tidy({ vcov: 'cluster' });
    const dflt = s.variants['default (use_correction=True, df_correction=True)'].bse;
    const bare = s.variants['use_correction=False'].bse;
    for (const [j, r] of cl.entries()) expect(rel(r.stdError, dflt[j])).toBeLessThan(1e-8);
    const g = fit.nClusters!;
    const n = fit.nobs;
    const k = fit.terms.length;
    expect(rel((g / (g - 1)) * ((n - 1) / (n - k)), s.rClusterFactor)).toBeLessThan(1e-12);
    for (const [j, r] of cl.entries())
      expect(rel(r.stdError ** 2 / s.rClusterFactor, bare[j] ** 2)).toBeLessThan(1e-8);
    // The registry's 'none' adjustment is statsmodels' use_correction=False directly.
    const none = fit.tidy({ vcov: { type: 'cluster', cluster: c.spec.cluster, adjust: 'none' } });
    for (const [j, r] of none.entries()) expect(rel(r.stdError, bare[j])).toBeLessThan(1e-8);
  });

  it('mroz: average marginal effects equal get_margeff(at="overall")', () => {
    const c = caseData('mroz_logit');
    const s = check('mroz_logit');
    const ame = logit(c.data, fixtureSpec(c.spec)).marginalEffects();
    expect(ame.map((r) => r.term)).toEqual(s.terms);
    ame.forEach((r, j) => {
      expect(rel(r.estimate, s.ame[j])).toBeLessThan(1e-8);
      expect(rel(r.stdError, s.se[j])).toBeLessThan(1e-7);
    });
  });
});
