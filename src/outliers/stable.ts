/**
 * Sums, means and ratios that do not overflow silently. The plain formula is used when it is finite
 * (so ordinary inputs give the same bits as before); when an intermediate overflows, the work is
 * redone on values scaled by a power of two, which is exact, and the answer is returned when it is
 * representable. Callers turn a non-finite answer into a typed error naming the unit at fault.
 * Internal to `src/outliers`.
 */

/** A power of two `s` such that every |value|·s is below 2 (1 when the values are already small). */
function downScale(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i] as number));
  if (!(max >= 2) || !Number.isFinite(max)) return 1;
  return 2 ** -Math.ceil(Math.log2(max));
}

/** Σ values; Infinity or NaN only when the true sum is not representable (or an input is not finite). */
export function stableSum(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  if (Number.isFinite(sum)) return sum;
  const s = downScale(values);
  let scaled = 0;
  for (let i = 0; i < values.length; i++) scaled += (values[i] as number) * s;
  return scaled / s;
}

/** Arithmetic mean; finite whenever the inputs are finite. */
export function stableMean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  if (Number.isFinite(sum)) return sum / values.length;
  const s = downScale(values);
  let scaled = 0;
  for (let i = 0; i < values.length; i++) scaled += (values[i] as number) * s;
  return scaled / values.length / s;
}

/**
 * Mean and sample SD (n − 1, centred two-pass) with the values scaled by a power of two, so that
 * values near 1e308 or 1e-300 give their moments instead of Infinity or 0; `scale` is that power of
 * two (z-scores are computed as `(x·scale − mean·scale) / (sd·scale)`, which cannot overflow).
 */
export function scaledMoments(values: ArrayLike<number>): { mean: number; sd: number; scale: number } {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i] as number));
  const scale = max > 0 && Number.isFinite(max) ? 2 ** -Math.floor(Math.log2(max)) : 1;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] as number) * scale;
  const m = sum / values.length;
  let ss = 0;
  for (let i = 0; i < values.length; i++) ss += ((values[i] as number) * scale - m) ** 2;
  return { mean: m / scale, sd: Math.sqrt(ss / (values.length - 1)) / scale, scale };
}

/**
 * `(a − b) / d`, e.g. a balance `(budget − spending) / budget`: when `a − b` overflows, the halves
 * are subtracted instead (exact), so the ratio is returned whenever it is representable.
 */
export function gapRatio(a: number, b: number, d: number): number {
  const diff = a - b;
  if (Number.isFinite(diff)) return diff / d;
  return (a * 0.5 - b * 0.5) / (d * 0.5);
}
