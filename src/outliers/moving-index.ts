import { checkCounts } from './neighbourhood-counts.js';

/**
 * Moving index ("verhuisindex"): the share of **all** households that would have to move to reach an
 * even spread of the group over the neighbourhoods (S1 Annex C; DOMAIN D.5):
 * `VI = Σ_b T_b·|A_b/T_b − p| / Σ_b T_b` with `T_b = A_b + O_b` and `p = A_g/(A_g + O_g)`.
 * Unlike the segregation index it reflects the group's size: `VI = 2p(1 − p)·SI`, so it lies in
 * [0, 0.5], with 0.5 only at p = 0.5 and SI = 1. Empty neighbourhoods (T_b = 0) carry no weight.
 *
 * @param group - group households per neighbourhood (A_b)
 * @param other - other households per neighbourhood (O_b), same order
 * @returns VI in [0, 0.5]
 * @throws {OutlierInputError} as {@link segregationIndex}
 * @example
 * ```ts
 * import { movingIndex } from 'verdeelmodel/outliers';
 * movingIndex([10, 0], [0, 10]); // => 0.5
 * movingIndex([2, 8], [8, 2]); // => 0.3  (= 2·0.5·0.5·0.6)
 * ```
 */
export function movingIndex(group: ArrayLike<number>, other: ArrayLike<number>): number {
  const totals = checkCounts(group, other, 'movingIndex');
  const total = totals.group + totals.other;
  const p = totals.group / total;
  let sum = 0;
  const { scale } = totals;
  for (let b = 0; b < group.length; b++) {
    const g = (group[b] as number) * scale;
    const size = g + (other[b] as number) * scale;
    if (size > 0) sum += size * Math.abs(g / size - p);
  }
  return sum / total;
}
