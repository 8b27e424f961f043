/**
 * Tail probabilities and quantiles of the reference distributions used for inference.
 * Upper tails are computed directly (not as 1 − cdf) so tiny p-values keep their digits,
 * as R's pnorm/pt/pchisq/pf with lower.tail = FALSE do.
 */
import betainc from '@stdlib/math-base-special-betainc';
import erfc from '@stdlib/math-base-special-erfc';
import erfcinv from '@stdlib/math-base-special-erfcinv';
import gammainc from '@stdlib/math-base-special-gammainc';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/** P(Z > z) for a standard normal Z. */
export function normalUpper(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** Two-sided p-value P(|Z| > |z|). */
export function normalTwoSided(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}

/** Standard normal density. */
export function normalDensity(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/** Standard normal quantile. */
export function normalQuantile(p: number): number {
  return -Math.SQRT2 * erfcinv(2 * p);
}

/** Two-sided p-value P(|T| > |t|) for Student's t with `df` degrees of freedom. */
export function tTwoSided(t: number, df: number): number {
  if (!Number.isFinite(df)) return normalTwoSided(t);
  return betainc(df / (df + t * t), df / 2, 0.5, true, false);
}

/** Student's t quantile. */
export function tQuantileAt(p: number, df: number): number {
  return Number.isFinite(df) ? tQuantile(p, df) : normalQuantile(p);
}

/** P(X > x) for chi-square with `df` degrees of freedom. */
export function chiSquareUpper(x: number, df: number): number {
  if (x <= 0) return 1;
  return gammainc(x / 2, df / 2, true, true);
}

/** P(F > f) for the F distribution with (df1, df2) degrees of freedom. */
export function fUpper(f: number, df1: number, df2: number): number {
  if (f <= 0) return 1;
  return betainc(df2 / (df2 + df1 * f), df2 / 2, df1 / 2, true, false);
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log Γ(x) for x > 0 (Lanczos, g = 7; relative error ~1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** log of the binomial coefficient C(n, k). */
export function logChoose(n: number, k: number): number {
  if (k === 0 || k === n) return 0;
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}
