import { OutlierInputError } from './errors.js';
import { checkBalances } from './mean-yearly-balance.js';

/**
 * Sum of absolute yearly balance ratios: `Σ_t |balance_t|`. S1 ranks candidates for the comparison group
 * ("vergelijkingsgroep") by it, so that a +15 % year and a −15 % year do not cancel out as they would in
 * a mean. Kept apart from {@link meanYearlyBalance} and {@link cumulativeBalance} (DOMAIN §6).
 *
 * @param balances - yearly balances as fractions of the budget
 * @returns the sum of absolute values, a fraction (0 = on budget every year)
 * @throws {OutlierInputError} `empty` for no years, `invalid-value` for a non-finite balance,
 *   `too-large` when the sum is beyond 1.8e308
 * @example
 * ```ts
 * import { sumAbsoluteBalance } from 'verdeelmodel/outliers';
 * sumAbsoluteBalance([0.15, -0.15]); // => 0.3
 * ```
 */
export function sumAbsoluteBalance(balances: ArrayLike<number>): number {
  checkBalances(balances, 'sumAbsoluteBalance');
  let sum = 0;
  for (let t = 0; t < balances.length; t++) sum += Math.abs(balances[t] as number);
  if (!Number.isFinite(sum)) {
    throw new OutlierInputError(
      'too-large',
      'sumAbsoluteBalance: the sum of the absolute balances is beyond 1.8e308',
    );
  }
  return sum;
}
