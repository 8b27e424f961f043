/**
 * Issue 18, class 7: false significance from a collinear control. With a control equal to
 * 2·indicator + 1 the standardised indicator is an exact linear function of the intercept and the
 * control, so the group effects given the control are exactly 0 and every residual is rounding noise.
 * Today the engine reports that noise as a deficit effect of about 1e-14 with p ≈ 0.04 and two stars.
 *
 * The regressors are not collinear among themselves: the *response* is an exact linear function of
 * them, so the fit is perfect and its residuals are rounding noise. The GLM engine now refuses such a
 * fit (R prints "essentially perfect fit: summary may be unreliable") with a DataError 'perfect-fit';
 * an engine that dropped an aliased column instead would have to report no significant effect.
 */
import { describe, expect, it } from 'vitest';
import { AliasingError, DataError } from '../../src/errors.js';
import { compareGroups, type GroupComparison } from '../../src/outliers/compare-groups.js';

// Ten values; the deficit, surplus and comparison groups all hold the same values (comparison twice),
// so there is no group difference at all, with or without the control.
const base = [
  0.22752322745317727, 0.22304378656595175, 0.15467243882970563, 0.16638261548271932, 0.2313321677007454,
  0.18068130272151128, 0.19996205067522999, 0.18023275790555882, 0.232995405051672, 0.15247550703251622,
];
const ids: string[] = [];
const indicator: number[] = [];
const add = (prefix: string, values: readonly number[]) =>
  values.forEach((v, i) => {
    ids.push(`${prefix}${i + 1}`);
    indicator.push(v);
  });
add('D', base);
add('S', [...base].reverse());
add('C', [...base, ...base].reverse());
const data = { municipality: ids, indicator, control: indicator.map((v) => 2 * v + 1) };
const groups = {
  deficit: ids.filter((id) => id.startsWith('D')),
  surplus: ids.filter((id) => id.startsWith('S')),
  comparison: ids.filter((id) => id.startsWith('C')),
};

describe('compareGroups with a control equal to 2·indicator + 1 (issue 18, class 7)', () => {
  it('collinear control (2·indicator + 1): a typed error (perfect fit or aliasing), or no significant effect', () => {
    let res: GroupComparison;
    try {
      res = compareGroups(data, { indicators: ['indicator'], controls: ['control'], ...groups });
    } catch (e) {
      if (e instanceof AliasingError) expect(e.code).toBe('aliased');
      else {
        expect(e).toBeInstanceOf(DataError);
        expect((e as DataError).code).toBe('perfect-fit');
        expect((e as Error).message).toMatch(/exact linear combination of the terms/);
      }
      return;
    }
    const row = res.table[0];
    expect(row).toBeDefined();
    // No group differs from the comparison group, so nothing may be significant.
    expect(row?.deficitStars).toBe('');
    expect(row?.surplusStars).toBe('');
    expect(row?.differenceStars).toBe('');
    expect(row?.systematic).toBe(false);
    expect(Math.abs(row?.deficitEstimate ?? Number.NaN)).toBeLessThan(1e-8);
  });

  it('without the control the same data show no group effect (the data are not the problem)', () => {
    const res = compareGroups(data, { indicators: ['indicator'], ...groups });
    const row = res.table[0];
    expect(Math.abs(row?.deficitEstimate ?? Number.NaN)).toBeLessThan(1e-12);
    expect(row?.systematic).toBe(false);
  });

  it("the error is retold in the user's names: the indicator and the control, not the internal z or control1", () => {
    const twice = { ...data, scaled: indicator.map((v) => 3 * v) };
    const run = () => compareGroups(twice, { indicators: ['indicator'], controls: ['scaled'], ...groups });
    expect(run).toThrow(expect.objectContaining({ code: 'perfect-fit', indicator: 'indicator' }));
    expect(run).toThrow(
      /compareGroups: indicator 'indicator': .*'indicator \(standardised\)'.*a control reproduces the indicator/,
    );
    expect(run).not.toThrow(/'z'|control1/);
  });
});
