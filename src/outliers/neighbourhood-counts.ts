import { OutlierInputError } from './errors.js';

/** Totals of checked neighbourhood ("buurt") counts. Internal to `src/outliers`. */
export interface CountTotals {
  /** Households of the group (A_g), times `scale`. */
  readonly group: number;
  /** Households of the rest (O_g), times `scale`. */
  readonly other: number;
  /**
   * 1, or a power of two when the counts are so large that their sums overflow (the indices are
   * ratios, so they are computed on the scaled counts and stay exact).
   */
  readonly scale: number;
}

/** Check two count vectors (same length, finite, ≥ 0, both totals positive) and sum them. */
export function checkCounts(group: ArrayLike<number>, other: ArrayLike<number>, fn: string): CountTotals {
  if (group.length !== other.length) {
    throw new OutlierInputError(
      'length-mismatch',
      `${fn}: ${group.length} group counts but ${other.length} other counts; give one of each per neighbourhood`,
    );
  }
  if (group.length === 0) throw new OutlierInputError('empty', `${fn} requires at least one neighbourhood`);
  let a = 0;
  let o = 0;
  for (let b = 0; b < group.length; b++) {
    if (!(Number.isFinite(group[b]) && group[b]! >= 0 && Number.isFinite(other[b]) && other[b]! >= 0)) {
      throw new OutlierInputError(
        'invalid-value',
        `${fn}: neighbourhood ${b + 1} has counts ${group[b]} and ${other[b]}; counts must be finite and >= 0`,
        { row: b + 1 },
      );
    }
    a += group[b]!;
    o += other[b]!;
  }
  let scale = 1;
  if (!Number.isFinite(a + o)) {
    scale = 2 ** -Math.ceil(Math.log2(group.length) + 1024);
    a = 0;
    o = 0;
    for (let b = 0; b < group.length; b++) {
      a += (group[b] as number) * scale;
      o += (other[b] as number) * scale;
    }
  }
  if (a === 0 || o === 0) {
    throw new OutlierInputError(
      'zero-variance',
      `${fn}: the ${a === 0 ? 'group' : 'other'} total is 0, so the index is not defined`,
    );
  }
  return { group: a, other: o, scale };
}
