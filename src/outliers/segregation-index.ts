import { checkCounts } from './neighbourhood-counts.js';

/**
 * Segregation index ("segregatie-index"), the index of dissimilarity of Duncan & Duncan (1955):
 * `SI = ½ Σ_b |A_b/A_g − O_b/O_g|` over the neighbourhoods b of a municipality, for a group A (e.g.
 * households on bijstand, or with a non-Western migration background) against the rest O, counted in
 * households (S1 Annex C; DOMAIN D.5). 0 = the same spread as the rest, 1 = complete separation; it is
 * the share of the group that would have to move for an even spread.
 *
 * @param group - group households per neighbourhood (A_b)
 * @param other - other households per neighbourhood (O_b), same order
 * @returns SI in [0, 1]
 * @throws {OutlierInputError} `length-mismatch`, `empty`, `invalid-value` (negative or non-finite count),
 *   `zero-variance` (no group or no other households at all)
 * @example
 * ```ts
 * import { segregationIndex } from 'verdeelmodel/outliers';
 * segregationIndex([10, 0], [0, 10]); // => 1
 * segregationIndex([5, 5], [10, 10]); // => 0
 * ```
 */
export function segregationIndex(group: ArrayLike<number>, other: ArrayLike<number>): number {
  const totals = checkCounts(group, other, 'segregationIndex');
  let sum = 0;
  const { scale } = totals;
  for (let b = 0; b < group.length; b++) {
    sum += Math.abs(
      ((group[b] as number) * scale) / totals.group - ((other[b] as number) * scale) / totals.other,
    );
  }
  return sum / 2;
}
