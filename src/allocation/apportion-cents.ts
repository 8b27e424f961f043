import { DataError, SpecError } from '../errors.js';
import { listIds, MunicipalityError } from './errors.js';
import { compareIds, duplicateKeys } from './municipality-values.js';
import { compensatedSum } from './sums.js';

/** Options of {@link apportionCents}. */
export interface ApportionCentsOptions {
  /**
   * One id per amount (municipality codes), used to break ties between equal remainders: the smaller id
   * (UTF-16 code-unit order) gets the extra cent first. Ids also fix the summation order, which makes the
   * result independent of the order of the input.
   * @default the positions 0, 1, 2, … (ties go to the earlier position)
   */
  readonly ids?: readonly string[];
}

/**
 * Largest-remainder (Hamilton) apportionment of an integer number of cents in proportion to non-negative
 * amounts, so that the rounded parts add up to `totalCents` exactly.
 *
 * Each part first gets the floor of its exact quota `q_i = totalCents · a_i / Σ_j a_j`; the cents left over
 * (fewer than the number of parts) go one each to the parts with the largest remainders `q_i − ⌊q_i⌋`. Ties in
 * the remainder are broken by the smaller id, so the result is deterministic. Every part is within one cent
 * of its quota, and parts with amount 0 get 0. Sums run in id order (compensated), so permuting the input
 * permutes the output and changes nothing else.
 *
 * @param amounts - Non-negative finite weights (typically euro amounts).
 * @param totalCents - The non-negative safe integer to distribute.
 * @param options - Ids for tie-breaking.
 * @returns Integer cents per amount, in input order, summing to `totalCents`.
 * @throws {DataError} `out-of-range` for a negative, NaN or infinite amount or amounts whose sum overflows
 *   to infinity, `invalid-value` when all amounts
 *   are 0 but `totalCents` is not, `length-mismatch` / `duplicate` for bad ids.
 * @throws {SpecError} when `totalCents` is not a non-negative safe integer.
 * @example
 * ```ts
 * apportionCents([1, 1, 1], 100); // => [34, 33, 33]
 * apportionCents([1, 1, 1], 100, { ids: ['c', 'b', 'a'] }); // => [33, 33, 34]
 * ```
 */
export function apportionCents(
  amounts: readonly number[],
  totalCents: number,
  options: ApportionCentsOptions = {},
): number[] {
  const n = amounts.length;
  if (!Number.isSafeInteger(totalCents) || totalCents < 0) {
    throw new SpecError(
      'invalid-option',
      `apportionCents requires a non-negative safe integer total, got ${totalCents}`,
    );
  }
  const ids = options.ids ?? amounts.map((_, i) => String(i));
  if (ids.length !== n) {
    throw new DataError('length-mismatch', `apportionCents got ${n} amounts but ${ids.length} ids`);
  }
  const dup = duplicateKeys(ids);
  if (dup.length > 0) {
    throw new MunicipalityError('duplicate', `apportionCents got duplicate ids ${listIds(dup)}`, dup);
  }
  const bad = amounts.flatMap((a, i) => (Number.isFinite(a) && a >= 0 ? [] : [ids[i]]));
  if (bad.length > 0) {
    throw new MunicipalityError(
      'out-of-range',
      `apportionCents requires non-negative finite amounts; ids ${listIds(bad)} are not`,
      bad,
    );
  }
  // Canonical order: ids when given (compare as strings), else the positions themselves.
  const order = amounts.map((_, i) => i);
  if (options.ids) order.sort((i, j) => compareIds(ids[i], ids[j]));
  const total = compensatedSum(order.map((i) => amounts[i]));
  if (!Number.isFinite(total)) {
    // Each amount is finite but their sum overflowed: every quota would be 0 and the cents dealt out blindly.
    throw new DataError(
      'out-of-range',
      `apportionCents: the amounts add up to more than ${Number.MAX_VALUE}; scale them down first`,
    );
  }
  const cents = new Array<number>(n).fill(0);
  if (totalCents === 0) return cents;
  if (!(total > 0)) {
    throw new DataError(
      'invalid-value',
      `apportionCents cannot distribute ${totalCents} cents over amounts that are all 0`,
    );
  }
  const remainders = new Array<number>(n);
  let assigned = 0;
  for (const i of order) {
    const quota = (totalCents * amounts[i]) / total;
    const floor = Math.floor(quota);
    cents[i] = floor;
    remainders[i] = quota - floor;
    assigned += floor;
  }
  // Priority: larger remainder first, then the canonical (id) order. `order` is already in id order and
  // Array.prototype.sort is stable, so sorting by remainder alone keeps the id tie-break.
  const byPriority = [...order].sort((i, j) => remainders[j] - remainders[i]);
  let left = totalCents - assigned;
  // Quotas carry rounding error of about 1e-16 relative, so the floors can in rare cases sum one or two
  // cents past the total (or short of it by n): loop rather than assume 0 <= left < n.
  for (let k = 0; left > 0; k = (k + 1) % n) {
    const i = byPriority[k];
    if (amounts[i] > 0) {
      cents[i]++;
      left--;
    }
  }
  for (let k = n - 1; left < 0; k = (k - 1 + n) % n) {
    const i = byPriority[k];
    if (cents[i] > 0) {
      cents[i]--;
      left++;
    }
  }
  return cents;
}
