/**
 * Neumaier (improved Kahan–Babuška) compensated sum: accurate to about one rounding of the true sum,
 * whatever the order or the spread of magnitudes. Budgets are sums of hundreds of terms between cents and
 * billions, so plain summation would lose cents.
 */
export function compensatedSum(values: ArrayLike<number>): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + compensation;
}
