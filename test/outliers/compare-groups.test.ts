import { describe, expect, it } from 'vitest';
import { DataError, SpecError } from '../../src/errors.js';
import { compareGroups } from '../../src/outliers/compare-groups.js';
import { expectClose, fixture } from './fixture.js';

const { deficit, surplus, comparison } = fixture.groups;
const indicators = [...new Set(fixture.comparisons.map((c) => c.indicator))];

describe('compareGroups(data, options) matches lm + sandwich + lmtest + car::linearHypothesis', () => {
  for (const vcov of ['model', 'HC0', 'HC1'] as const) {
    for (const controls of [[], ['rkp']]) {
      it(`vcov '${vcov}', controls [${controls}]`, () => {
        const res = compareGroups(fixture.features, {
          indicators,
          deficit,
          surplus,
          comparison,
          controls,
          vcov,
        });
        const refs = fixture.comparisons.filter(
          (c) => c.vcov === vcov && c.controls.join() === controls.join(),
        );
        expect(res.table.map((r) => r.indicator)).toEqual(refs.map((r) => r.indicator));
        res.table.forEach((row, i) => {
          const ref = refs[i]!;
          const at = `${row.indicator} ${vcov} [${controls}]`;
          expectClose(row.comparisonMean, ref.comparisonMean, 1e-12, `${at} mean`);
          expectClose(row.comparisonSd, ref.comparisonSd, 1e-12, `${at} sd`);
          expect([row.nobs, row.dfResidual]).toEqual([ref.nobs, ref.dfResidual]);
          for (const g of ['deficit', 'surplus'] as const) {
            expectClose(row[`${g}Estimate`], ref[g]!.estimate, 1e-9, `${at} ${g} estimate`);
            expectClose(row[`${g}StdError`], ref[g]!.stdError, 1e-9, `${at} ${g} se`);
            expectClose(row[`${g}Statistic`], ref[g]!.statistic, 1e-8, `${at} ${g} t`);
            expectClose(row[`${g}PValue`], ref[g]!.pValue, 1e-8, `${at} ${g} p`);
            expect(row[`${g}Stars`]).toBe(ref[g]!.stars);
          }
          expectClose(row.differenceEstimate, ref.difference.estimate, 1e-9, `${at} diff`);
          expectClose(row.differenceStdError, ref.difference.stdError, 1e-9, `${at} diff se`);
          expectClose(row.differenceStatistic, ref.difference.statistic, 1e-8, `${at} Wald F`);
          expect([row.differenceDf1, row.differenceDf2]).toEqual([ref.difference.df1, ref.difference.df2]);
          expectClose(row.differencePValue, ref.difference.pValue, 1e-8, `${at} Wald p`);
          expect(row.differenceStars).toBe(ref.difference.stars);
          const p = Math.min(ref.deficit.pValue, ref.surplus.pValue, ref.difference.pValue);
          expect(row.systematic).toBe(p < 0.1);
        });
        if (controls.length)
          expect(res.skipped).toEqual([{ indicator: 'rkp', reason: 'the indicator is also a control' }]);
      });
    }
  }

  it('the Wald F of deficit = surplus is the squared t of the difference', () => {
    const res = compareGroups(fixture.features, { indicators, deficit, surplus, comparison, vcov: 'HC1' });
    for (const r of res.table) {
      expect(r.differenceStatistic).toBeCloseTo((r.differenceEstimate / r.differenceStdError) ** 2, 9);
    }
  });

  it('summary() prints a table shaped like S1 Tab 4.2/4.3', () => {
    const res = compareGroups(fixture.features, {
      indicators: ['movingIndex', 'noise1', 'rkp'],
      deficit,
      surplus,
      comparison,
      controls: ['rkp'],
    });
    expect(res.summary()).toMatchInlineSnapshot(`
      "Deficit and surplus municipalities against the comparison group (coefficients in comparison-group SDs)
      Indicator    Deficit    Surplus    Difference  Systematic
      -----------  ---------  ---------  ----------  ----------
      movingIndex   1.46 ***  -0.20      ***         yes
      noise1       -0.01       0.12      -           no
      rkp              -          -      -           (control)
      n = 60: 15 deficit, 15 surplus, 30 comparison; controls: rkp; standard errors: classical OLS
      * p<.10  ** p<.05  *** p<.01; Difference: F test of deficit = surplus; systematic at 0.1"
    `);
    expect(res.summary({ onlySystematic: true })).not.toContain('noise1');
    expect(JSON.parse(JSON.stringify(res)).table).toEqual(res.table);
  });
});

describe('compareGroups(data, options) bad input', () => {
  const base = { indicators: ['movingIndex'], deficit, surplus, comparison };
  it('a municipality missing from the data', () => {
    expect(() => compareGroups(fixture.features, { ...base, surplus: [...surplus, 'GM9999'] })).toThrow(
      expect.objectContaining({ code: 'unknown-unit', municipality: 'GM9999' }),
    );
  });
  it('a municipality in two groups', () => {
    expect(() =>
      compareGroups(fixture.features, { ...base, comparison: [...comparison, deficit[0]!] }),
    ).toThrow(expect.objectContaining({ code: 'duplicate', municipality: deficit[0] }));
  });
  it('an empty deficit or surplus group', () => {
    expect(() => compareGroups(fixture.features, { ...base, surplus: [] })).toThrow(
      expect.objectContaining({
        code: 'too-few-rows',
        message: expect.stringMatching(/surplus group is empty/),
      }),
    );
  });
  it('a comparison group of one, or without variance', () => {
    expect(() => compareGroups(fixture.features, { ...base, comparison: comparison.slice(0, 1) })).toThrow(
      expect.objectContaining({ code: 'too-few-rows', indicator: 'movingIndex' }),
    );
    const flat = { ...fixture.features, flat: fixture.features.municipality.map(() => 0.3) };
    expect(() => compareGroups(flat, { ...base, indicators: ['flat'] })).toThrow(
      expect.objectContaining({ code: 'zero-variance', indicator: 'flat' }),
    );
  });
  it('a missing indicator value names municipality and indicator', () => {
    const at = fixture.features.municipality.indexOf(surplus[2]!);
    const holes = {
      ...fixture.features,
      movingIndex: fixture.features.movingIndex.map((v, i) => (i === at ? null : v)),
    };
    expect(() => compareGroups(holes, base)).toThrow(
      expect.objectContaining({ code: 'missing-value', municipality: surplus[2], indicator: 'movingIndex' }),
    );
    // Rows outside the three groups are not used, so a hole there is harmless.
    const outside = fixture.features.municipality.findIndex(
      (id) => ![...deficit, ...surplus, ...comparison].includes(String(id)),
    );
    const harmless = {
      ...fixture.features,
      movingIndex: fixture.features.movingIndex.map((v, i) => (i === outside ? null : v)),
    };
    expect(compareGroups(harmless, base).table).toHaveLength(1);
  });
  it('a constant control, or a control missing for a municipality', () => {
    const constant = { ...fixture.features, flatControl: fixture.features.municipality.map(() => 1) };
    expect(() => compareGroups(constant, { ...base, controls: ['flatControl'] })).toThrow(
      expect.objectContaining({ code: 'zero-variance', indicator: 'flatControl' }),
    );
    const at = fixture.features.municipality.indexOf(comparison[4]!);
    const holes = { ...fixture.features, rkp: fixture.features.rkp.map((v, i) => (i === at ? null : v)) };
    expect(() => compareGroups(holes, { ...base, controls: ['rkp'] })).toThrow(
      expect.objectContaining({ code: 'missing-value', municipality: comparison[4], column: 'rkp' }),
    );
  });
  it('bad options', () => {
    // Control names are data (no reserved names): 'deficit' is simply a column that is not in the data.
    expect(() => compareGroups(fixture.features, { ...base, controls: ['deficit'] })).toThrow(
      expect.objectContaining({ code: 'missing-column', column: 'deficit' }),
    );
    expect(() => compareGroups(fixture.features, { ...base, controls: ['rkp', 'rkp'] })).toThrow(SpecError);
    expect(() => compareGroups(fixture.features, { ...base, indicators: [] })).toThrow(SpecError);
    // The regression has no cluster column: the registry says so.
    expect(() => compareGroups(fixture.features, { ...base, vcov: 'cluster' })).toThrow(
      expect.objectContaining({ code: 'no-cluster' }),
    );
    expect(() => compareGroups(fixture.features, { ...base, vcov: 'HC4' as never })).toThrow(
      expect.objectContaining({ code: 'unknown-vcov' }),
    );
    // Every registry type a cross-section allows works here, HC3 included, and the footer names it.
    const hc3 = compareGroups(fixture.features, { ...base, vcov: 'HC3' });
    expect(hc3.options.vcov).toEqual({ type: 'HC3' });
    expect(hc3.summary()).toMatch(/standard errors: robust HC3/);
    expect(() => compareGroups(fixture.features, { ...base, indicators: ['nope'] })).toThrow(DataError);
  });
});
