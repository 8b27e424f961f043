/**
 * Issue 18 in the GLM engine: each class of bad input is a typed error that names the column, row or
 * term at fault (or a correct finite answer), with the inputs the issue names and more.
 */
import { describe, expect, it } from 'vitest';
import {
  DataError,
  fitGlm,
  fitVolumeModel,
  fractionalLogit,
  logit,
  ols,
  SeparationError,
  SpecError,
  type VerdeelmodelError,
  waldTest,
} from '../../src/index.js';
import { uniforms } from './helpers.js';

function caught(f: () => unknown): VerdeelmodelError {
  try {
    f();
  } catch (e) {
    return e as VerdeelmodelError;
  }
  throw new Error('expected a throw');
}

const n = 300;
const r = uniforms(42);
const x = Array.from({ length: n }, () => r());
const d = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
const y = x.map((v, i) => (r() < 1 / (1 + Math.exp(-(2 * v - 1 + d[i]!))) ? 1 : 0));
const yc = x.map((v, i) => v + 0.5 * d[i]! + r());

describe('class 6: no silent NaN or Infinity', () => {
  it('a constant response is named, for every family (fractionalLogit at 0.5, ols at 2)', () => {
    for (const [f, value] of [
      [() => fractionalLogit({ y: x.map(() => 0.5), x }, { y: 'y', x: ['x'] }), 0.5],
      [() => ols({ y: x.map(() => 2), x }, { y: 'y', x: ['x'] }), 2],
      [() => fitGlm({ y: x.map(() => 1), x }, { family: 'probit', y: 'y', x: ['x'] }), 1],
    ] as const) {
      const e = caught(f);
      expect(e).toBeInstanceOf(DataError);
      expect(e.code).toBe('zero-variance');
      expect(e.message).toContain(`is ${value} on every row`);
    }
  });

  it('a perfect linear fit is refused instead of reporting t statistics of rounding noise', () => {
    const e = caught(() => ols({ y: x.map((v, i) => 3 * v - d[i]! + 1), x, d }, { y: 'y', x: ['x', 'd'] }));
    expect(e.code).toBe('perfect-fit');
    // A near-perfect but real fit is still fitted.
    const fit = ols({ y: x.map((v, i) => 3 * v + 1e-6 * (r() - 0.5) + 0 * d[i]!), x }, { y: 'y', x: ['x'] });
    expect(Number.isFinite(fit.tidy()[1]!.statistic)).toBe(true);
  });

  it('waldTest: q of NaN, a number beyond a double and non-finite R entries are SpecErrors', () => {
    const fit = ols({ yc, x, d }, { y: 'yc', x: ['x', 'd'] });
    for (const h of [
      { R: [[0, 1, 0]], q: [Number.NaN] },
      { R: [[0, Number.POSITIVE_INFINITY, 0]] },
      'x = 1e999',
      'x = 1e-999 * d + 1e400',
    ]) {
      const e = caught(() => waldTest(fit, h as never));
      expect(e).toBeInstanceOf(SpecError);
      expect(e.code).toBe('invalid-hypothesis');
    }
  });
});

describe('class 8 and 10: values and options checked, messages that name the fault', () => {
  it('columns scaled by 1e300 or 1e-300 and weights of 1e300 are named as out of range, not as aliasing', () => {
    for (const [data, column] of [
      [{ y, x: x.map((v) => v * 1e300) }, 'x'],
      [{ y, x: x.map((v) => v * 1e-300) }, 'x'],
    ] as const) {
      const e = caught(() => logit(data, { y: 'y', x: ['x'] }));
      expect(e.code).toBe('out-of-range');
      expect((e as DataError).column).toBe(column);
      expect(e.message).toMatch(/rescale the column/);
    }
    const e = caught(() => logit({ y, x, w: x.map(() => 1e300) }, { y: 'y', x: ['x'], weights: 'w' }));
    expect((e as DataError).column).toBe('w');
    expect(e.code).toBe('out-of-range');
    // A column of moderate but unusual scale still fits, and its coefficient scales exactly.
    const a = logit({ y, x }, { y: 'y', x: ['x'] });
    const b = logit({ y, x: x.map((v) => v * 1e40) }, { y: 'y', x: ['x'] });
    expect(b.coefficients[1]! * 1e40).toBeCloseTo(a.coefficients[1]!, 8);
  });

  it('all-zero weights name the weight column; Infinity is not-finite with its row', () => {
    const e = caught(() => logit({ y, x, w: x.map(() => 0) }, { y: 'y', x: ['x'], weights: 'w' }));
    expect(e.code).toBe('zero-variance');
    expect((e as DataError).column).toBe('w');
    const xi = [...x];
    xi[4] = Number.NEGATIVE_INFINITY;
    const f = caught(() => ols({ yc, x: xi }, { y: 'yc', x: ['x'] }));
    expect(f.code).toBe('not-finite');
    expect((f as DataError).row).toBe(5);
  });

  it('separation on the reference level is a SeparationError naming the level, with what to do', () => {
    const g = x.map((v, i) => (i < 20 ? 'a' : v < 0.5 ? 'b' : 'c'));
    const ys = y.map((v, i) => (i < 20 ? 1 : v));
    const e = caught(() => logit({ y: ys, x, g }, { y: 'y', x: ['x', 'g'] }));
    expect(e).toBeInstanceOf(SeparationError);
    expect((e as SeparationError).terms).toEqual(['g']);
    expect(e.message).toMatch(/g = 'a' \(the reference level\) have response 1/);
    expect(e.message).toMatch(/choose another reference/);
    // A non-reference level keeps its own message, and neither suggests a fit the library lacks.
    const f = caught(() => logit({ y: ys, x, g }, { y: 'y', x: ['x', 'g'], reference: { g: 'b' } }));
    expect((f as SeparationError).terms).toEqual(['g[a]']);
    expect(f.message).not.toMatch(/Firth/);
  });

  it("a numeric column 'f[b]' beside factor 'f' is a SpecError instead of two terms named f[b]", () => {
    const f = x.map((v) => (v < 0.3 ? 'a' : v < 0.6 ? 'b' : 'c'));
    const e = caught(() => ols({ yc, f, 'f[b]': x }, { y: 'yc', x: ['f', 'f[b]'] }));
    expect(e.code).toBe('invalid-term');
    expect(e.message).toMatch(/both give a design column named 'f\[b\]'/);
  });

  it('an absent column is reported as missing, not empty; unknown keys and values are SpecErrors', () => {
    expect(caught(() => ols({ yc, x }, { y: 'yc', x: ['nope'] })).code).toBe('missing-column');
    const k = caught(() => ols({ yc, x }, { y: 'yc', x: ['x'], clustr: 'x' } as never));
    expect(k.code).toBe('unknown-option');
    expect(k.message).toMatch(/did you mean 'clusters'/);
    for (const bad of [
      { na: 'drop' },
      { threads: 0 },
      { threads: 2.5 },
      { maxIterations: 0 },
      { compress: 'yes' },
    ]) {
      expect(caught(() => ols({ yc, x }, { y: 'yc', x: ['x'], ...bad } as never)).code).toBe(
        'invalid-option',
      );
    }
    const v = caught(() =>
      fitVolumeModel(
        { receipt: y, x, municipality: d.map(String) },
        { x: ['x'], estimator: 'probit' as never },
      ),
    );
    expect(v.code).toBe('invalid-option');
    expect(v.message).toMatch(/estimator must be 'logit', 'ols'/);
    expect(caught(() => fitVolumeModel({ receipt: y, x }, { x: ['x'], clustr: 'm' } as never)).code).toBe(
      'unknown-option',
    );
  });

  it('rows are 1-based data rows, also after na: omit and in a selected subset', () => {
    const xm: (number | null)[] = [...x];
    xm[2] = null;
    const bad = [...y] as number[];
    bad[7] = 2;
    const e = caught(() => logit({ y: bad, x: xm }, { y: 'y', x: ['x'], na: 'omit' }));
    expect((e as DataError).row).toBe(8);
    expect(e.message).toMatch(/at row 8/);
  });
});

describe('class 11: the Wald parser matches whole term names', () => {
  const fit = ols({ yc, age: x, a: d }, { y: 'yc', x: ['age', 'a'] });
  it('typos and dangling operators are SpecErrors that list the terms', () => {
    for (const h of ['agea = 0', 'aa = 0', 'age = 1 + ', 'age = ', '2age = 0', 'age * 2 = 0', 'age = 1 1']) {
      const e = caught(() => waldTest(fit, h));
      expect(e.code).toBe('invalid-hypothesis');
      expect(e.message).toMatch(/known terms: \(Intercept\), age, a/);
    }
    expect(caught(() => waldTest(fit, ['age = 0'] as never)).code).toBe('invalid-hypothesis');
  });
  it('well-formed hypotheses still parse', () => {
    expect(waldTest(fit, 'age = a').hypothesis.R).toEqual([[0, 1, -1]]);
    expect(waldTest(fit, '2*age - a = 1, a = 0').hypothesis).toEqual({
      R: [
        [0, 2, -1],
        [0, 0, 1],
      ],
      q: [1, 0],
    });
    expect(waldTest(fit, '2 age = 0').hypothesis.R).toEqual([[0, 2, 0]]);
  });
});
