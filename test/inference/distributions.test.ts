import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  chiSquareUpper,
  fUpper,
  normalQuantile,
  normalTwoSided,
  normalUpper,
  tQuantileAt,
  tTwoSided,
} from '../../src/internal/distributions.js';

// R's values (17 significant digits) from test/fixtures/inference/make-distributions-reference.R.
type Cell = number | 'Infinity' | '-Infinity';
const ref = JSON.parse(
  readFileSync(new URL('../fixtures/inference/distributions-reference.json', import.meta.url), 'utf8'),
) as Record<'normal' | 'qnorm' | 't' | 'qt' | 'chisq' | 'f', Cell[][]>;
const num = (c: Cell): number => (c === 'Infinity' ? Infinity : c === '-Infinity' ? -Infinity : c);
const rows = (name: keyof typeof ref): number[][] => ref[name].map((r) => r.map(num));

/** Relative agreement; below 1e-300 (R's own underflow to 0 or a subnormal) absolute agreement. */
function agree(got: number, want: number, tol: number, what: string): void {
  const ok =
    Math.abs(want) < 1e-300 ? Math.abs(got - want) < 1e-300 : Math.abs(got - want) <= tol * Math.abs(want);
  if (!ok)
    throw new Error(
      `${what}: got ${got}, R gives ${want} (relative ${Math.abs(got / want - 1).toExponential(2)})`,
    );
}

describe('tail probabilities and quantiles against R', () => {
  it('normal upper tail and two-sided p-value (pnorm), |z| up to 38', () => {
    const all = rows('normal');
    expect(all.length).toBeGreaterThan(40);
    for (const [z, upper, two] of all) {
      agree(normalUpper(z!), upper!, 2e-13, `normalUpper(${z})`);
      agree(normalTwoSided(z!), two!, 2e-13, `normalTwoSided(${z})`);
    }
  });

  it('normal quantile (qnorm), p from 1e-300 to 1 − 1e-6', () => {
    for (const [p, q] of rows('qnorm')) agree(normalQuantile(p!), q!, 1e-12, `normalQuantile(${p})`);
  });

  it('two-sided t p-value (pt), df from 0.5 to 1e5 and t up to 1e6', () => {
    const all = rows('t');
    expect(all.length).toBe(123);
    for (const [t, df, p] of all) agree(tTwoSided(t!, df!), p!, 1e-11, `tTwoSided(${t}, ${df})`);
  });

  it('t quantile (qt), df from 0.5 to 1e5 and p from 1e-20', () => {
    for (const [p, df, q] of rows('qt')) agree(tQuantileAt(p!, df!), q!, 1e-10, `tQuantileAt(${p}, ${df})`);
  });

  it('chi-square upper tail (pchisq), df up to 2000', () => {
    for (const [x, df, p] of rows('chisq'))
      agree(chiSquareUpper(x!, df!), p!, 1e-12, `chiSquareUpper(${x}, ${df})`);
  });

  it('F upper tail (pf), df2 up to 10,000', () => {
    for (const [f, d1, d2, p] of rows('f'))
      agree(fUpper(f!, d1!, d2!), p!, 1e-12, `fUpper(${f}, ${d1}, ${d2})`);
  });
});

describe('edges: infinities, bounds and NaN', () => {
  it('infinite statistics and degrees of freedom', () => {
    expect(tTwoSided(Infinity, 5)).toBe(0);
    expect(tTwoSided(3, Infinity)).toBe(normalTwoSided(3));
    expect(tQuantileAt(0.975, Infinity)).toBe(normalQuantile(0.975));
    expect(fUpper(Infinity, 2, 3)).toBe(0);
    expect(chiSquareUpper(Infinity, 3)).toBe(0);
    expect(normalUpper(-Infinity)).toBe(1);
    expect(normalUpper(Infinity)).toBe(0);
  });

  it('quantiles at 0, ½ and 1, and outside [0, 1]', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(0.5)).toBe(0);
    expect(tQuantileAt(0, 4)).toBe(-Infinity);
    expect(tQuantileAt(1, 4)).toBe(Infinity);
    expect(tQuantileAt(0.5, 4)).toBe(0);
    expect(normalQuantile(1.5)).toBeNaN();
    expect(tQuantileAt(-0.1, 4)).toBeNaN();
    // df so small that the quantile is beyond the largest double: Infinity, not the last bracket tried.
    expect(tQuantileAt(0.975, 5e-324)).toBe(Infinity);
  });

  it('NaN in, NaN out (callers decide what a missing statistic means)', () => {
    expect(tTwoSided(Number.NaN, 3)).toBeNaN();
    expect(tTwoSided(1, 0)).toBeNaN();
    expect(normalTwoSided(Number.NaN)).toBeNaN();
    expect(chiSquareUpper(Number.NaN, 2)).toBeNaN();
    expect(fUpper(Number.NaN, 1, 2)).toBeNaN();
  });

  it('quantile and tail invert each other at the 1e-300 tail', () => {
    // At z ≈ −37 a change of one ulp in z moves the tail by 37 · 7e-15 ≈ 2.6e-13: allow a few ulps.
    const z = normalQuantile(1e-300);
    expect(Math.abs(normalUpper(-z) / 1e-300 - 1)).toBeLessThan(2e-12);
    const t = tQuantileAt(1e-20, 3);
    expect(Math.abs(tTwoSided(t, 3) / 2e-20 - 1)).toBeLessThan(1e-10);
  });
});
