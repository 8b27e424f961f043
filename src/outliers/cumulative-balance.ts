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
 * kept apart from it and from {@link sumAbsoluteBalance} (DOMAIN §6).
 *
 * @param budgets - definitive budgets per year
 * @param spending - net spending per year (expenditure minus receipts, "bestedingen minus baten")
 * @returns the amount and the ratio
 * @throws {OutlierInputError} `empty`, `length-mismatch`, `invalid-value` (non-finite, or a summed budget ≤ 0)
 * @example
 * ```ts
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
  for (let t = 0; t < budgets.length; t++) {
    if (!Number.isFinite(budgets[t]) || !Number.isFinite(spending[t])) {
      throw new OutlierInputError(
        'invalid-value',
        `cumulativeBalance: year ${t} has a non-finite budget or spending`,
      );
    }
    budgetSum += budgets[t];
    spendingSum += spending[t];
  }
  if (!(budgetSum > 0)) {
    throw new OutlierInputError(
      'invalid-value',
      `cumulativeBalance: summed budget is ${budgetSum}, must be positive`,
    );
  }
  const amount = budgetSum - spendingSum;
  return { amount, ratio: amount / budgetSum };
}
