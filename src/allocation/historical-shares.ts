import { DataError, SpecError } from '../errors.js';
import { checkOptions, oneOf } from '../internal/options.js';
import {
  compareIds,
  type MunicipalityValues,
  requireAtLeast,
  requireSameIds,
  toValueMap,
} from './municipality-values.js';
import { compensatedSum, requireFiniteTotal } from './sums.js';

/** How realised spending is corrected for the growth in inhabitants before it is turned into shares. */
export type InhabitantsCorrection = 'ratio' | 'none';

/** Input of {@link historicalShares}: one value per municipality, keyed by municipality code. */
export interface HistoricalSharesInput {
  /** Realised net benefit spending X^{t−2} (euros, ≥ 0), e.g. 2022 spending for budget 2024. */
  readonly spending: MunicipalityValues;
  /** Inhabitants at t−2 (> 0); needed for the `'ratio'` correction. */
  readonly inhabitantsTwoYearsEarlier?: MunicipalityValues;
  /** Inhabitants at t−1 (> 0); needed for the `'ratio'` correction. */
  readonly inhabitantsPreviousYear?: MunicipalityValues;
}

/** Options of {@link historicalShares}. */
export interface HistoricalSharesOptions {
  /**
   * `'ratio'`: multiply spending by the growth factor of the inhabitants inh^{t−1}/inh^{t−2} [S0 fn 2, fn 4;
   * the ratio form is inferred, DOMAIN C.4]; `'none'`: shares of raw spending.
   * @default 'ratio'
   */
  readonly inhabitantsCorrection?: InhabitantsCorrection;
}

/**
 * Spending shares corrected for the growth in inhabitants on plain arrays (the core of {@link historicalShares}, used by
 * allocateBudget). `order` fixes the summation order so the result does not depend on the input order.
 * @internal
 */
export function correctedShares(
  spending: readonly number[],
  growth: readonly number[] | undefined,
  order: readonly number[],
  column: string,
  where: string,
): { readonly corrected: number[]; readonly shares: number[]; readonly total: number } {
  const corrected = spending.map((x, i) => (growth ? x * growth[i]! : x));
  const total = requireFiniteTotal(
    compensatedSum(order.map((i) => corrected[i]!)),
    growth ? `${column} (corrected for the growth in inhabitants)` : column,
    where,
  );
  const shares = corrected.map((c) => (total > 0 ? c / total : 0));
  return { corrected, shares, total };
}

/**
 * Historical shares ("historische aandelen"): each municipality's share of realised spending two years before
 * the budget year, corrected for the growth in inhabitants between t−2 and t−1,
 *
 * `h_i = X_i^{t−2}·(inh_i^{t−1}/inh_i^{t−2}) / Σ_j X_j^{t−2}·(inh_j^{t−1}/inh_j^{t−2})`   [DOMAIN C.4].
 *
 * The same shares serve as "spending shares" in the budget-vs-spending deviation of the evaluation (S0 fn 4).
 *
 * @param input - Spending and (for the ratio correction) both inhabitant counts, keyed by municipality code.
 * @param options - The inhabitants correction.
 * @returns Shares keyed by municipality code (sum 1), in code order.
 * @throws {MunicipalityError} for missing/NaN values, negative spending, non-positive inhabitants, or a code
 *   that is in one input and not another.
 * @throws {DataError} `invalid-value` when total (corrected) spending is 0 or `input` is not an object,
 *   `not-finite` when it overflows.
 * @throws {SpecError} `missing-input` without `spending` (or, for `'ratio'`, the inhabitants), `unknown-option` /
 *   `invalid-option` for a bad option.
 * @example
 * ```ts
 * import { historicalShares } from 'verdeelmodel/allocation';
 * historicalShares({
 *   spending: { A: 100, B: 300 },
 *   inhabitantsTwoYearsEarlier: { A: 1000, B: 1000 },
 *   inhabitantsPreviousYear: { A: 1200, B: 1000 },
 * });
 * // => { A: 0.2857142857142857, B: 0.7142857142857143 }   (120 / 420, 300 / 420)
 * ```
 */
export function historicalShares(
  input: HistoricalSharesInput,
  options: HistoricalSharesOptions = {},
): Record<string, number> {
  const { inhabitantsCorrection } = resolveHistoricalSharesOptions(options);
  checkOptions(input, ['spending', 'inhabitantsTwoYearsEarlier', 'inhabitantsPreviousYear'], WHERE);
  if (input === null || typeof input !== 'object' || input.spending === undefined) {
    throw new SpecError(
      'missing-input',
      `${WHERE} needs { spending } (realised spending per municipality code), got ${input === null || typeof input !== 'object' ? String(input) : 'no spending'}`,
    );
  }
  const spending = toValueMap(input.spending, 'spending');
  requireAtLeast(spending, 'spending', 0, false, 'realised spending cannot be negative');
  const ids = [...spending.keys()].sort(compareIds);
  let growth: number[] | undefined;
  if (inhabitantsCorrection === 'ratio') {
    growth = inhabitantsGrowth(
      spending,
      input.inhabitantsTwoYearsEarlier,
      input.inhabitantsPreviousYear,
      ids,
    );
  }
  const { shares, total } = correctedShares(
    ids.map((id) => spending.get(id)!),
    growth,
    ids.map((_, i) => i),
    'spending',
    WHERE,
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
  // fromEntries defines own properties, so a code such as '__proto__' is kept as a key.
  return Object.fromEntries(ids.map((id, i) => [id, shares[i]!]));
}

const WHERE = 'historicalShares';

/** Resolve and check the options of {@link historicalShares}. @internal */
export function resolveHistoricalSharesOptions(
  options: HistoricalSharesOptions | undefined,
): Required<HistoricalSharesOptions> {
  const o = checkOptions(options, ['inhabitantsCorrection'], WHERE);
  return {
    inhabitantsCorrection: oneOf(
      o.inhabitantsCorrection ?? 'ratio',
      ['ratio', 'none'],
      'inhabitantsCorrection',
      WHERE,
    ),
  };
}

/** Growth factors inh^{t−1}/inh^{t−2} in the order of `ids`, after checking both inhabitant inputs. */
export function inhabitantsGrowth(
  reference: ReadonlyMap<string, number>,
  twoYearsEarlier: MunicipalityValues | undefined,
  previousYear: MunicipalityValues | undefined,
  ids: readonly string[],
): number[] {
  if (!twoYearsEarlier || !previousYear) {
    throw new SpecError(
      'missing-input',
      "inhabitantsCorrection 'ratio' needs inhabitantsTwoYearsEarlier and inhabitantsPreviousYear; " +
        "pass both or set inhabitantsCorrection: 'none'",
    );
  }
  const before = toValueMap(twoYearsEarlier, 'inhabitantsTwoYearsEarlier');
  const after = toValueMap(previousYear, 'inhabitantsPreviousYear');
  requireSameIds([
    { name: 'spending', map: reference },
    { name: 'inhabitantsTwoYearsEarlier', map: before },
    { name: 'inhabitantsPreviousYear', map: after },
  ]);
  const hint = 'inhabitants must be a positive count';
  requireAtLeast(before, 'inhabitantsTwoYearsEarlier', 0, true, hint);
  requireAtLeast(after, 'inhabitantsPreviousYear', 0, true, hint);
  return ids.map((id) => after.get(id)! / before.get(id)!);
}
