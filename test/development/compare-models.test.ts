import { describe, expect, it } from 'vitest';
import { rankAuc } from '../../src/development/compare-models-auc.js';
import { compareModels, mergeSparseLevels } from '../../src/development/index.js';
import { DataError, SpecError } from '../../src/errors.js';
import { generateHouseholds } from '../../src/generate/index.js';
import { fractionalLogit, logit, ols, waldTest } from '../../src/glm/index.js';
import { fitPriceModel } from '../../src/price/index.js';
import { fitVolumeModel } from '../../src/volume/index.js';
import { readNumericCsv, readReference } from './compare-models-data.js';

// biome-ignore lint/suspicious/noExplicitAny: the fixture is plain JSON
const ref = readReference() as any;
const mrozColumns = readNumericCsv('mroz.csv');
const mroz = { ...mrozColumns, region: Array.from(mrozColumns.unem!, (u) => `U${u}`) };
const k401k = readNumericCsv('k401k.csv');
const k = { ...k401k, frac: k401k.prate!.map((v) => v / 100) };
const baseX: string[] = ref.baseTerms;
const fullX: string[] = [...ref.baseTerms, ...ref.addedTerms];

const close = (actual: number | null, expected: number, rel = 1e-8) => {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
};

describe('rankAuc', () => {
  const brute = (s: ArrayLike<number>, y: ArrayLike<number>, w: ArrayLike<number> | null) => {
    let num = 0;
    let den = 0;
    for (let i = 0; i < s.length; i++) {
      if (y[i] !== 1) continue;
      for (let j = 0; j < s.length; j++) {
        if (y[j] !== 0) continue;
        const ww = w ? w[i]! * w[j]! : 1;
        den += ww;
        num += ww * (s[i]! > s[j]! ? 1 : s[i] === s[j] ? 0.5 : 0);
      }
    }
    return num / den;
  };
  it('equals the brute-force pair count, with ties and with weights', () => {
    let seed = 1;
    const rand = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let rep = 0; rep < 20; rep++) {
      const n = 50 + rep * 13;
      // Rounded scores: many ties, within and across classes.
      const s = Float64Array.from({ length: n }, () => Math.round(rand() * 10) / 10);
      const y = Float64Array.from(s, (v) => (rand() < 0.2 + 0.6 * v ? 1 : 0));
      const w = Float64Array.from({ length: n }, () => (rand() < 0.1 ? 0 : Math.ceil(rand() * 3)));
      expect(rankAuc(s, y)).toBeCloseTo(brute(s, y, null), 12);
      expect(rankAuc(s, y, w)).toBeCloseTo(brute(s, y, w), 12);
    }
    expect(rankAuc([0.1, 0.2], [1, 1])).toBeNull();
    expect(rankAuc([0.1, 0.9], [0, 1])).toBe(1);
    expect(rankAuc([0.5, 0.5], [0, 1])).toBe(0.5);
  });
});

describe('compareModels against R (anova, sandwich) on Mroz and 401(k) data', () => {
  it('logit: LR test, Wald tests, household and municipality-level fit', () => {
    const m0 = logit(mroz, { y: 'inlf', x: baseX, clusters: ['region'] });
    const m1 = logit(mroz, { y: 'inlf', x: fullX, clusters: ['region'] });
    const c = compareModels(m0, m1, { data: mroz, municipality: 'region' });
    const r = ref.logit;
    expect(c.addedTerms).toEqual(ref.addedTerms);
    expect(c.likelihoodRatio.distribution).toBe('chisq');
    close(c.likelihoodRatio.statistic, r.lrt.statistic);
    expect(c.likelihoodRatio.df).toBe(r.lrt.df);
    close(c.likelihoodRatio.pValue, r.lrt.pValue, 1e-6);
    for (const [which, fit] of [
      ['base', c.household.base],
      ['extended', c.household.extended],
    ] as const) {
      close(fit.logLik, r[which].logLik);
      close(fit.aic, r[which].aic);
      close(fit.bic, r[which].bic);
      close(fit.pseudoR2, r.mcfadden[which]);
      close(fit.auc, r[which].auc, 1e-12);
      expect(fit.nobs).toBe(753);
    }
    // Wald test of the added terms under the model, HC1 and cluster-robust (by region) variances.
    const w = c.wald;
    expect(w.distribution).toBe('chisq');
    close(w.statistic, r.wald.model.statistic, 1e-7);
    for (const [vcov, key] of [
      ['HC1', 'HC1'],
      ['cluster', 'cluster'],
    ] as const) {
      const cw = compareModels(m0, m1, { data: mroz, vcov, municipality: null });
      close(cw.wald.statistic, r.wald[key].statistic, 1e-7);
      close(cw.wald.pValue, r.wald[key].pValue, 1e-6);
      expect(cw.municipality).toBeNull();
    }
    // Municipality level: the regions play the municipalities.
    const m = c.municipality!;
    expect(m.municipalities).toBe(r.municipal.groups.length);
    close(m.base.rSquared, r.municipal.base.rSquared, 1e-9);
    close(m.extended.rSquared, r.municipal.extended.rSquared, 1e-9);
    close(m.base.meanAbsoluteDeviation, r.municipal.base.mad, 1e-9);
    close(m.extended.meanAbsoluteDeviation, r.municipal.extended.mad, 1e-9);
    close(m.meanAbsoluteShareChange, r.municipal.meanAbsoluteShareChange, 1e-9);
    const text = c.summary();
    expect(text).toContain('Model comparison');
    expect(text).toContain('LR test: χ² = 79.7125 on 3 df');
    expect(text).toContain('Added: age, kidslt6, kidsge6');
  });

  it('quasi-binomial (fractional logit): the F form with the dispersion, as anova(test = "F")', () => {
    const q0 = fractionalLogit(k, { y: 'frac', x: ['mrate', 'ltotemp'] });
    const q1 = fractionalLogit(k, { y: 'frac', x: ['mrate', 'ltotemp', 'age', 'sole'] });
    const c = compareModels(q0, q1, { data: k, vcov: 'HC1' });
    const r = ref.quasibinomial;
    const lr = c.likelihoodRatio;
    expect(lr.distribution).toBe('F');
    close(lr.devianceDifference, r.f.devianceDifference);
    close(lr.dispersion, r.dispersion);
    close(lr.statistic, r.f.statistic);
    expect(lr.df).toBe(r.f.df);
    expect(lr.df2).toBe(r.f.df2);
    close(lr.pValue, r.f.pValue, 1e-6);
    close(c.wald.statistic, r.wald.HC1.statistic, 1e-7);
    expect(c.household.extended.logLik).toBeNull();
    expect(c.household.extended.auc).toBeNull();
    expect(c.municipality).toBeNull();
    expect(c.summary()).toContain('F test: F =');
  });

  it('linear probability model: the classical F test, R² and AUC', () => {
    const l0 = ols(mroz, { y: 'inlf', x: baseX });
    const l1 = ols(mroz, { y: 'inlf', x: fullX });
    const c = compareModels(l0, l1, { data: mroz, municipality: null });
    const r = ref.lpm;
    close(c.likelihoodRatio.devianceDifference, r.f.rssDifference);
    close(c.likelihoodRatio.statistic, r.f.statistic);
    expect(c.likelihoodRatio.df2).toBe(r.f.df2);
    close(c.likelihoodRatio.pValue, r.f.pValue, 1e-6);
    close(c.household.base.pseudoR2, r.rSquared.base);
    close(c.household.extended.logLik, r.extended.logLik);
    close(c.household.extended.aic, r.extended.aic);
    close(c.household.extended.auc, r.extended.auc, 1e-12);
  });
});

describe('compareModels on volume and price models', () => {
  const households = generateHouseholds({ households: 20_000, seed: 5 }).columns();
  const x = ['hhtype', 'age_20_25', 'age_25_30', 'age_30_40', 'age_40_50', 'age_50_aow'];

  it('volume: cluster-robust Wald by municipality by default, municipal fit of recipients', () => {
    const v0 = fitVolumeModel(households, { x });
    const v1 = fitVolumeModel(households, { x: [...x, 'corporation_dwelling'] });
    const c = compareModels(v0, v1, { data: households });
    expect(c.addedTerms).toEqual(['corporation_dwelling']);
    expect(c.wald.vcov).toEqual({ type: 'cluster', cluster: ['municipality'], adjust: 'HC1' });
    const direct = v1.fit.tidy({ vcov: 'cluster' }).find((t) => t.term === 'corporation_dwelling')!;
    close(c.wald.statistic, direct.statistic ** 2, 1e-9);
    expect(c.municipality!.column).toBe('municipality');
    // Σ p̂ per municipality is what expectedRecipients reports.
    const rec = v1.expectedRecipients(households);
    expect(c.municipality!.municipalities).toBe(rec.length);
    expect(c.household.extended.auc).toBeGreaterThan(c.household.base.auc!);
    // 20,000 households over the municipalities leave some without a recipient: MAD is not defined there, and says so.
    const zero = rec.filter((r) => r.actualRecipients === 0).map((r) => r.municipality);
    expect(zero.length).toBeGreaterThan(0);
    expect([...c.municipality!.zeroObserved].sort()).toEqual(zero.sort());
    expect(c.municipality!.extended.meanAbsoluteDeviation).toBeNull();
    expect(c.summary()).toMatch(/MAD not defined: \d+ municipalities have an observed total of 0/);
    expect(c.municipality!.extended.rSquared).toBeGreaterThan(0);
  });

  it('price: recipients selected, totals in euros through the norm', () => {
    const px = ['hhgroup', 'age_50_aow'];
    const p0 = fitPriceModel(households, { x: px });
    const p1 = fitPriceModel(households, { x: [...px, 'lks'] });
    const c = compareModels(p0, p1, { data: households });
    expect(c.options.amount).toBe('norm');
    expect(c.likelihoodRatio.distribution).toBe('F');
    expect(c.household.base.nobs).toBe(p0.fit.nobs);
    expect(c.municipality!.base.meanAbsoluteDeviation).toBeGreaterThan(0);
  });

  it('bad input: non-nested models, fits on different rows, wrong data', () => {
    const m0 = logit(mroz, { y: 'inlf', x: baseX });
    const m1 = logit(mroz, { y: 'inlf', x: fullX });
    const other = logit(mroz, { y: 'inlf', x: ['age', 'kidslt6', 'educ'] });
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as Error & { code: string };
      }
      throw new Error('expected a throw');
    };
    const notNested = err(() => compareModels(m0, other, { data: mroz }));
    expect(notNested).toBeInstanceOf(SpecError);
    expect(notNested.code).toBe('not-nested');
    expect(notNested.message).toMatch(/terms 'nwifeinc', 'exper', 'expersq' of the base are missing/);
    expect(err(() => compareModels(m1, m0, { data: mroz })).code).toBe('not-nested');
    expect(err(() => compareModels(m0, m0, { data: mroz })).message).toMatch(/adds no term/);
    const lpm = ols(mroz, { y: 'inlf', x: fullX });
    expect(err(() => compareModels(m0, lpm, { data: mroz })).message).toMatch(/family binomial/);
    // Fitted on different rows: the first 700 women for the base.
    const first = Object.fromEntries(Object.entries(mroz).map(([n, v]) => [n, Array.from(v).slice(0, 700)]));
    const short = logit(first, { y: 'inlf', x: baseX });
    const diff = err(() => compareModels(short, m1, { data: mroz }));
    expect(diff).toBeInstanceOf(DataError);
    expect(diff.code).toBe('different-rows');
    expect(diff.message).toMatch(/the base on 700 .* the extended on 753/);
    // Same size, other rows: the response of the first 300 women flipped keeps nobs, not the deviance.
    const swapped = { ...mroz, inlf: Array.from(mrozColumns.inlf!, (v, i) => (i < 300 ? 1 - v : v)) };
    const wrong = err(() => compareModels(m0, m1, { data: swapped }));
    expect(wrong.code).toBe('different-rows');
    expect(wrong.message).toMatch(/was not fitted on these data/);
    // Missing values in the candidate omitted by one model only.
    const holes = { ...mroz, age: Array.from(mrozColumns.age!, (v, i) => (i % 50 === 0 ? null : v)) };
    const h1 = logit(holes, { y: 'inlf', x: fullX, na: 'omit' });
    const holeErr = err(() => compareModels(m0, h1, { data: holes }));
    expect(holeErr.code).toBe('different-rows');
    expect(holeErr.message).toMatch(/737 \(16 omitted\)/);
    expect(err(() => compareModels(m0, m1, {} as never)).code).toBe('missing-input');
    // @ts-expect-error unknown option
    expect(err(() => compareModels(m0, m1, { data: mroz, vcv: 'HC1' })).code).toBe('unknown-option');
  });
});

describe('compareModels on merged levels (nested by span, not by name)', () => {
  const households = generateHouseholds({ households: 20_000, seed: 8 }).columns();
  const merged = mergeSparseLevels(households, 'hhtype', { minCount: 600, as: 'hhtype_merged' });
  const fullRef = { hhtype: 'single' };
  const coarseRef = { hhtype_merged: merged.mapping.get('single')! };
  const full = logit(merged.frame, { y: 'receipt', x: ['hhtype', 'age_50_aow'], reference: fullRef });
  const coarse = logit(merged.frame, {
    y: 'receipt',
    x: ['hhtype_merged', 'age_50_aow'],
    reference: coarseRef,
  });

  it('tests the merge: LR on the deviance difference, Wald of the equalities the merge imposes', () => {
    expect(merged.steps.length).toBeGreaterThan(1);
    const c = compareModels(coarse, full, { data: merged.frame, municipality: null });
    expect(c.nesting).toBe('span');
    const df = full.terms.length - coarse.terms.length;
    expect(c.likelihoodRatio.df).toBe(df);
    close(c.likelihoodRatio.statistic, coarse.deviance - full.deviance, 1e-12);
    // The same restrictions written by hand: members of a merged level have equal coefficients
    // (0 when the level holds the reference).
    const equalities: string[] = [];
    for (const level of merged.levels) {
      const members = level.members.filter((m) => m !== 'single').map((m) => `hhtype[${m}]`);
      if (level.members.includes('single')) for (const m of members) equalities.push(`\`${m}\` = 0`);
      else for (const m of members.slice(1)) equalities.push(`\`${m}\` = \`${members[0]}\``);
    }
    expect(equalities).toHaveLength(df);
    const hand = waldTest(full, equalities.join(', '));
    close(c.wald.statistic, hand.statistic, 1e-8);
    expect(c.wald.df1).toBe(df);
  });

  it('a base column outside the extended span is not nested, named', () => {
    const other = logit(merged.frame, {
      y: 'receipt',
      x: ['hhtype_merged', 'age_50_aow', 'age_20_25'],
      reference: coarseRef,
    });
    const bigger = logit(merged.frame, {
      y: 'receipt',
      x: ['hhtype', 'age_50_aow', 'age_30_40', 'ggz'],
      reference: fullRef,
    });
    expect(() => compareModels(other, bigger, { data: merged.frame })).toThrow(
      /'age_20_25' of the base is not in the extended model/,
    );
  });
});
