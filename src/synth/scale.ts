/**
 * Scale helpers that keep the synthetic control's sums of squares inside the range of doubles.
 * Every scale is a power of two, so multiplying by it is exact: on data of ordinary size the
 * results are bit for bit those of the unscaled formulas, and outcomes of 1e300 or 1e-300 neither
 * overflow to Infinity nor underflow to 0.
 * @internal
 */

/** The power of two 2^−e with 2^e ≤ max |x| < 2^(e+1), so that max |x · scale| lies in [1, 2); 1 for all-zero x. */
export function powerOfTwoScale(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]!);
    if (a > m) m = a;
  }
  if (!(m > 0) || !Number.isFinite(m)) return 1;
  // Clamped so that 2^−e itself stays a finite, normal double (subnormal inputs are still lifted).
  const e = Math.max(-1020, Math.min(1020, Math.floor(Math.log2(m))));
  return 2 ** -e;
}

/** Mean of squares of `x` times `scale²` (the MSPE in scaled units). */
export function meanSquareScaled(x: ArrayLike<number>, scale: number): number {
  if (x.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]! * scale;
    s += v * v;
  }
  return s / x.length;
}

/** Root mean square without overflow or underflow: sqrt(Σx²/n), computed on x scaled by a power of two. */
export function rootMeanSquare(x: ArrayLike<number>): number {
  if (x.length === 0) return 0;
  const scale = powerOfTwoScale(x);
  return Math.sqrt(meanSquareScaled(x, scale)) / scale;
}

/** Sample standard deviation (n − 1) of the values `x` and `extra`, scaled like {@link rootMeanSquare}. */
export function sampleSd(x: ArrayLike<number>, extra: number): number {
  const n = x.length + 1;
  let m = Math.abs(extra);
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]!));
  const scale = powerOfTwoScale([m]);
  let mean = extra * scale;
  for (let i = 0; i < x.length; i++) mean += x[i]! * scale;
  mean /= n;
  let ss = (extra * scale - mean) ** 2;
  for (let i = 0; i < x.length; i++) ss += (x[i]! * scale - mean) ** 2;
  return Math.sqrt(ss / (n - 1)) / scale;
}
