import { DataError } from '../errors.js';

/**
 * Neumaier (improved Kahan–Babuška) compensated sum: accurate to about one rounding of the true sum,
 * whatever the order or the spread of magnitudes. Budgets are sums of hundreds of terms between cents and
 * billions, so plain summation would lose cents.
 */
export function compensatedSum(values: ArrayLike<number>): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + compensation;
}

/**
 * Throw when a column's total is not finite: every value is finite but their sum overflowed (above
 * `Number.MAX_VALUE`), so every share would come out as 0 and the message would wrongly say "is 0". @internal
 */
export function requireFiniteTotal(total: number, column: string, where: string): number {
  if (!Number.isFinite(total)) {
    throw new DataError(
      'not-finite',
      `${where}: ${column} adds up to more than the largest number (${Number.MAX_VALUE}) over the municipalities: ` +
        `the sum overflows, so its shares are not defined; give ${column} in a larger unit (e.g. thousands of euros)`,
      { column },
    );
  }
  return total;
}
