import { OutlierInputError } from './errors.js';
import { stableMean } from './stable.js';

/**
 * Mean of yearly balance ratios: `(1/T) Σ_t balance_t`, the "gemiddeld tekort/overschot" of S1 Tab 2.1
 * and the period value of S3. It is one of three multi-year summaries that are kept apart (DOMAIN §6):
 * see also {@link sumAbsoluteBalance} and {@link cumulativeBalance}. The mean of finite values is
 * always finite (a sum that overflows is redone on scaled values).
 *
 * @param balances - yearly balances as fractions of the budget (+ = surplus, − = deficit)
 * @returns the unweighted mean, a fraction
 * @throws {OutlierInputError} `empty` for no years, `invalid-value` for a non-finite balance
 * @example
 * ```ts
 * import { meanYearlyBalance } from 'verdeelmodel/outliers';
 * meanYearlyBalance([-0.1, -0.2, 0.0, -0.1]); // => -0.1
 * ```
 */
export function meanYearlyBalance(balances: ArrayLike<number>): number {
  checkBalances(balances, 'meanYearlyBalance');
  return stableMean(balances);
}

/** Shared check of a vector of yearly balances. */
export function checkBalances(balances: ArrayLike<number>, fn: string): void {
  if (balances.length === 0)
    throw new OutlierInputError('empty', `${fn} requires at least one yearly balance`);
  for (let t = 0; t < balances.length; t++) {
    if (!Number.isFinite(balances[t])) {
      throw new OutlierInputError(
        'invalid-value',
        `${fn}: balance ${t + 1} is ${balances[t]}, not a finite number`,
      );
    }
  }
}
