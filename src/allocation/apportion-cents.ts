import { DataError, SpecError } from '../errors.js';
import { checkOptions } from '../internal/options.js';
import { exactBinary } from './cents.js';
import { listIds, MunicipalityError } from './errors.js';
import { compareIds, duplicateKeys } from './municipality-values.js';

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
 * the remainder are broken by the smaller id, so the result is deterministic. Quotas, floors and remainders
 * are computed exactly (BigInt on the binary value of each amount), so there is no rounding error to correct,
 * amounts of any finite size work (1e306, or two of 1e308 whose float sum would overflow), every part is
 * within one cent of its quota, and parts with amount 0 get 0. Permuting the input permutes the output and
 * changes nothing else.
 *
 * @param amounts - Non-negative finite weights (typically euro amounts).
 * @param totalCents - The non-negative safe integer to distribute.
 * @param options - Ids for tie-breaking.
 * @returns Integer cents per amount, in input order, summing to `totalCents`.
 * @throws {DataError} `out-of-range` for a negative, NaN or infinite amount, `invalid-value` when all amounts
 *   are 0 but `totalCents` is not, `length-mismatch` / `duplicate` for bad ids.
 * @throws {SpecError} `invalid-option` when `totalCents` is not a non-negative safe integer (at most 2^53 − 1),
 *   `unknown-option` for an unknown option.
 * @example
 * ```ts
 * import { apportionCents } from 'verdeelmodel/allocation';
 * apportionCents([1, 1, 1], 100); // => [34, 33, 33]
 * apportionCents([1, 1, 1], 100, { ids: ['c', 'b', 'a'] }); // => [33, 33, 34]
 * ```
 */
export function apportionCents(
  amounts: readonly number[],
  totalCents: number,
  options: ApportionCentsOptions = {},
): number[] {
  const o = checkOptions(options, ['ids'], 'apportionCents');
  if (!Array.isArray(amounts)) {
    throw new DataError('invalid-value', 'apportionCents requires an array of amounts');
  }
  const n = amounts.length;
  if (!Number.isSafeInteger(totalCents) || totalCents < 0) {
    throw new SpecError(
      'invalid-option',
      `apportionCents requires a whole number of cents from 0 to 2^53 − 1 (${Number.MAX_SAFE_INTEGER}) as the total, got ${totalCents}`,
      { option: 'totalCents' },
    );
  }
  const ids = o.ids ?? amounts.map((_, i) => String(i));
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) {
    throw new SpecError('invalid-option', 'apportionCents: ids must be an array of strings', {
      option: 'ids',
    });
  }
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
  if (o.ids) order.sort((i, j) => compareIds(ids[i], ids[j]));
  const cents = new Array<number>(n).fill(0);
  if (totalCents === 0) return cents;
  // Exact arithmetic: every double is an integer times a power of two, so on the common exponent the amounts
  // are integers A_i (BigInt), their sum is exact (no overflow, no rounding: 1e306 and 1e308 work as well as
  // 1), and so are the quotas totalCents·A_i/ΣA, their floors and remainders. The floors then leave fewer
  // than n cents (the remainders add up to less than n), dealt out in one pass: no correction loop.
  const binary = amounts.map(exactBinary);
  let minExponent = Number.POSITIVE_INFINITY;
  for (const b of binary) if (b.mantissa > 0n && b.exponent < minExponent) minExponent = b.exponent;
  if (minExponent === Number.POSITIVE_INFINITY) {
    throw new DataError(
      'invalid-value',
      `apportionCents cannot distribute ${totalCents} cents over amounts that are all 0`,
    );
  }
  const scaled = binary.map((b) => (b.mantissa > 0n ? b.mantissa << BigInt(b.exponent - minExponent) : 0n));
  let total = 0n;
  for (const a of scaled) total += a;
  const T = BigInt(totalCents);
  const remainders = new Array<bigint>(n);
  let assigned = 0n;
  for (let i = 0; i < n; i++) {
    const product = T * (scaled[i] as bigint);
    const floor = product / total;
    remainders[i] = product - floor * total;
    cents[i] = Number(floor);
    assigned += floor;
  }
  // Priority: larger remainder first, then the canonical (id) order. `order` is in id order and
  // Array.prototype.sort is stable, so sorting by remainder alone keeps the id tie-break.
  const byPriority = [...order].sort((i, j) => {
    const a = remainders[i] as bigint;
    const b = remainders[j] as bigint;
    return a > b ? -1 : a < b ? 1 : 0;
  });
  const left = Number(T - assigned); // 0 <= left < n, and only parts with a remainder > 0 get one
  for (let k = 0; k < left; k++) cents[byPriority[k] as number]!++;
  return cents;
}
