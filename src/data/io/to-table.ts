import { type DataInput, toFrame } from '../frame.js';
import { frameColumns } from './frame-columns.js';
import type { TableColumns } from './types.js';

/**
 * Turn results into a table: an array of plain row objects (such as `fit.tidy()` rows or a comparison
 * table), a column record or an arquero table becomes a {@link TableColumns} (numbers as `Float64Array`,
 * missing = NaN; text as `(string | null)[]`; booleans as 0/1), ready for {@link writeTable},
 * {@link formatTable} or `aq.table()`. Columns appear in the order their keys first appear.
 *
 * @throws {DataError} `invalid-value` when a column mixes numbers and text or holds nested objects
 * @example
 * ```ts
 * import { toTable } from 'verdeelmodel/data';
 * const t = toTable([
 *   { term: '(Intercept)', estimate: -2.1 },
 *   { term: 'age', estimate: 0.03 },
 * ]);
 * // => { term: ['(Intercept)', 'age'], estimate: Float64Array [-2.1, 0.03] }
 * ```
 */
export function toTable(data: DataInput): TableColumns {
  return frameColumns(toFrame(data));
}
