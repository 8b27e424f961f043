import { OutlierInputError } from './errors.js';

/** Amount-based cumulative balance over a window of years. */
export interface CumulativeBalance {
  /** `Σ_t budget_t − Σ_t spending_t`, in the currency of the input; below 0 is a "cumulative deficit". */
  readonly amount: number;
  /** `amount / Σ_t budget_t`, a fraction of the summed budgets. */
  readonly ratio: number;
}

/**
 * Amount-based cumulative balance: `Σ budget − Σ spending` and its ratio to `Σ budget` (S4 fn 58; the
 * alternative ranking of DOMAIN D.2). Large-budget years weigh more than in {@link meanYearlyBalance};
 * kept apart from it and from {@link sumAbsoluteBalance} (DOMAIN §6). Sums that would overflow (budgets
 * near 1.7e308) are formed on values scaled by a power of two, so the ratio is always finite.
 *
 * @param budgets - definitive budgets per year
 * @param spending - net spending per year (expenditure minus receipts, "bestedingen minus baten")
 * @returns the amount and the ratio
 * @throws {OutlierInputError} `empty`, `length-mismatch`, `not-finite` (a non-finite value),
 *   `invalid-value` (a summed budget ≤ 0), `too-large` (the amount itself is beyond ±1.8e308)
 * @example
 * ```ts
 * import { cumulativeBalance } from 'verdeelmodel/outliers';
 * cumulativeBalance([100, 300], [110, 290]); // => { amount: 0, ratio: 0 }
 * ```
 */
export function cumulativeBalance(
  budgets: ArrayLike<number>,
  spending: ArrayLike<number>,
): CumulativeBalance {
  if (budgets.length === 0)
    throw new OutlierInputError('empty', 'cumulativeBalance requires at least one year');
  if (budgets.length !== spending.length) {
    throw new OutlierInputError(
      'length-mismatch',
      `cumulativeBalance: ${budgets.length} budgets but ${spending.length} spending values`,
    );
  }
  let budgetSum = 0;
  let spendingSum = 0;
  let max = 0;
  for (let t = 0; t < budgets.length; t++) {
    const b = budgets[t] as number;
    const s = spending[t] as number;
    if (!Number.isFinite(b) || !Number.isFinite(s)) {
      throw new OutlierInputError(
        'not-finite',
        `cumulativeBalance: year ${t + 1} has budget ${b} and spending ${s}; both must be finite numbers`,
      );
    }
    budgetSum += b;
    spendingSum += s;
    max = Math.max(max, Math.abs(b), Math.abs(s));
  }
  let amount = budgetSum - spendingSum;
  if (!Number.isFinite(amount)) {
    // Redo the sums on values scaled by a power of two (exact), so the ratio exists at any scale.
    const scale = 2 ** -Math.ceil(Math.log2(max) + Math.log2(budgets.length) + 1);
    let b = 0;
    let s = 0;
    for (let t = 0; t < budgets.length; t++) {
      b += (budgets[t] as number) * scale;
      s += (spending[t] as number) * scale;
    }
    budgetSum = b;
    amount = (b - s) / scale;
    if (b > 0 && !Number.isFinite(amount)) {
      throw new OutlierInputError(
        'too-large',
        `cumulativeBalance: Σ budget − Σ spending is beyond ±1.8e308 (ratio ${(b - s) / b}); give the amounts in a larger unit, such as thousands`,
      );
    }
    if (b > 0) return { amount, ratio: (b - s) / b };
  }
  if (!(budgetSum > 0)) {
    throw new OutlierInputError(
      'invalid-value',
      `cumulativeBalance: summed budget is ${budgetSum}, must be positive`,
    );
  }
  return { amount, ratio: amount / budgetSum };
}
