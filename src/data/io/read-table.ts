import { checkReadOptions } from './io-options.js';
import { tableChunks } from './table-chunks.js';
import type { ReadTableOptions, TableColumns } from './types.js';

/**
 * Read a whole CSV, Parquet, Arrow (Feather v2) or JSON file into a {@link TableColumns}: numbers as
 * `Float64Array` (missing = NaN), text as `(string | null)[]`. The result can be passed to every function of
 * the library, or to {@link toArquero}. CSV columns are numeric when every non-missing cell is a number
 * (the delimiter is detected; `decimal: ','` reads Dutch-style numbers), Parquet and Arrow follow their
 * schema. `mapping` lets users keep their own column names. For files larger than memory use
 * {@link readTableChunks}.
 *
 * @param path - the file; its format comes from the extension unless `options.format` says otherwise
 * @throws {DataError} `missing-column` for a selected or mapped column not in the file, `invalid-value` for a
 *   malformed file or a cell that does not fit its column's type, `duplicate` for repeated header names
 * @throws {SpecError} for an unknown format
 * @example
 * ```ts
 * const households = await readTable('households.csv', {
 *   mapping: { municipality: 'gemeentecode', receipt: 'bijstand' },
 *   types: { municipality: 'string' },
 * });
 * households.receipt; // => Float64Array [0, 1, 0, ...]
 * ```
 */
export async function readTable(path: string, options: ReadTableOptions = {}): Promise<TableColumns> {
  const checked = checkReadOptions(options, 'readTable');
  for await (const table of tableChunks(path, checked, Number.POSITIVE_INFINITY)) return table;
  /* v8 ignore next: every source yields at least one (possibly empty) chunk */
  return {};
}
