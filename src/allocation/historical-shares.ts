import { DataError, SpecError } from '../errors.js';
import {
  compareIds,
  type MunicipalityValues,
  requireAtLeast,
  requireSameIds,
  toValueMap,
} from './municipality-values.js';
import { compensatedSum } from './sums.js';

/** How realised spending is corrected for population growth before it is turned into shares. */
export type PopulationCorrection = 'ratio' | 'none';

/** Input of {@link historicalShares}: one value per municipality, keyed by municipality code. */
export interface HistoricalSharesInput {
  /** Realised net benefit spending X^{t−2} (euros, ≥ 0), e.g. 2022 spending for budget 2024. */
  readonly spending: MunicipalityValues;
  /** Population at t−2 (> 0); needed for the `'ratio'` correction. */
  readonly populationTwoYearsEarlier?: MunicipalityValues;
  /** Population at t−1 (> 0); needed for the `'ratio'` correction. */
  readonly populationPreviousYear?: MunicipalityValues;
}

/** Options of {@link historicalShares}. */
export interface HistoricalSharesOptions {
  /**
   * `'ratio'`: multiply spending by the population growth factor pop^{t−1}/pop^{t−2} [S0 fn 2, fn 4;
   * the ratio form is inferred, DOMAIN C.4]; `'none'`: shares of raw spending.
   * @default 'ratio'
   */
  readonly populationCorrection?: PopulationCorrection;
}

/**
 * Population-growth-corrected spending shares on plain arrays (the core of {@link historicalShares}, used by
 * allocateBudget). `order` fixes the summation order so the result does not depend on the input order.
 * @internal
 */
export function correctedShares(
  spending: readonly number[],
  growth: readonly number[] | undefined,
  order: readonly number[],
): { readonly corrected: number[]; readonly shares: number[]; readonly total: number } {
  const corrected = spending.map((x, i) => (growth ? x * growth[i] : x));
  const total = compensatedSum(order.map((i) => corrected[i]));
  const shares = corrected.map((c) => (total > 0 ? c / total : 0));
  return { corrected, shares, total };
}

/**
 * Historical shares ("historische aandelen"): each municipality's share of realised spending two years before
 * the budget year, corrected for population growth between t−2 and t−1,
 *
 * `h_i = X_i^{t−2}·(pop_i^{t−1}/pop_i^{t−2}) / Σ_j X_j^{t−2}·(pop_j^{t−1}/pop_j^{t−2})`   [DOMAIN C.4].
 *
 * The same shares serve as "spending shares" in the budget-vs-spending deviation of the evaluation (S0 fn 4).
 *
 * @param input - Spending and (for the ratio correction) both populations, keyed by municipality code.
 * @param options - The population correction.
 * @returns Shares keyed by municipality code (sum 1), in code order.
 * @throws {MunicipalityError} for missing/NaN values, negative spending, non-positive population, or a code
 *   that is in one input and not another.
 * @throws {DataError} `invalid-value` when total (corrected) spending is 0.
 * @example
 * ```ts
 * historicalShares({
 *   spending: { A: 100, B: 300 },
 *   populationTwoYearsEarlier: { A: 1000, B: 1000 },
 *   populationPreviousYear: { A: 1200, B: 1000 },
 * });
 * // => { A: 0.2857142857142857, B: 0.7142857142857143 }   (120 / 420, 300 / 420)
 * ```
 */
export function historicalShares(
  input: HistoricalSharesInput,
  options: HistoricalSharesOptions = {},
): Record<string, number> {
  const populationCorrection = options.populationCorrection ?? 'ratio';
  if (populationCorrection !== 'ratio' && populationCorrection !== 'none') {
    throw new SpecError(
      'invalid-option',
      `historicalShares: populationCorrection must be 'ratio' or 'none', got '${populationCorrection}'`,
    );
  }
  const spending = toValueMap(input.spending, 'spending');
  requireAtLeast(spending, 'spending', 0, false, 'realised spending cannot be negative');
  const ids = [...spending.keys()].sort(compareIds);
  let growth: number[] | undefined;
  if (populationCorrection === 'ratio') {
    growth = populationGrowth(spending, input.populationTwoYearsEarlier, input.populationPreviousYear, ids);
  }
  const { shares, total } = correctedShares(
    ids.map((id) => spending.get(id)!),
    growth,
    ids.map((_, i) => i),
  );
  if (!(total > 0)) {
    throw new DataError(
      'invalid-value',
      'historicalShares: total spending is 0, so spending shares are not defined',
      {
        column: 'spending',
      },
    );
  }
  return Object.fromEntries(ids.map((id, i) => [id, shares[i]]));
}

/** Growth factors pop^{t−1}/pop^{t−2} in the order of `ids`, after checking both population inputs. */
export function populationGrowth(
  reference: ReadonlyMap<string, number>,
  twoYearsEarlier: MunicipalityValues | undefined,
  previousYear: MunicipalityValues | undefined,
  ids: readonly string[],
): number[] {
  if (!twoYearsEarlier || !previousYear) {
    throw new SpecError(
      'missing-input',
      "populationCorrection 'ratio' needs populationTwoYearsEarlier and populationPreviousYear; " +
        "pass both or set populationCorrection: 'none'",
    );
  }
  const before = toValueMap(twoYearsEarlier, 'populationTwoYearsEarlier');
  const after = toValueMap(previousYear, 'populationPreviousYear');
  requireSameIds([
    { name: 'spending', map: reference },
    { name: 'populationTwoYearsEarlier', map: before },
    { name: 'populationPreviousYear', map: after },
  ]);
  const hint = 'a population must be a positive count';
  requireAtLeast(before, 'populationTwoYearsEarlier', 0, true, hint);
  requireAtLeast(after, 'populationPreviousYear', 0, true, hint);
  return ids.map((id) => after.get(id)! / before.get(id)!);
}
