import { checkReadOptions } from './io-options.js';
import { tableChunks } from './table-chunks.js';
import type { ReadTableChunksOptions, TableColumns } from './types.js';

/**
 * Read a CSV, Parquet or Arrow file in chunks without loading it whole: CSV is parsed as a stream, Parquet
 * is read one row group at a time (only the selected columns), Arrow one record batch at a time. Every
 * chunk is a {@link TableColumns} of equally long columns (`Float64Array` for numbers, missing = NaN;
 * `(string | null)[]` for text) with the same names and types; every chunk but the last has exactly
 * `chunkRows` rows. Column types are fixed for the whole file: from the schema (Parquet, Arrow), from
 * `types`, or inferred from the first chunk (CSV, where a column with a quoted cell is text); a later cell
 * that does not fit is an error naming the column and row, and so is quoted text in a column the first chunk
 * made numeric (a text column without values in the first chunk: pass `types: { name: 'string' }`). JSON
 * files are parsed whole and then cut into chunks.
 *
 * @param path - the file; its format comes from the extension unless `options.format` says otherwise
 * @returns an async iterable of chunks (none for a file without rows)
 * @throws {DataError} `file-not-found` / `unreadable-file` naming the path, `missing-column` for a selected or
 *   mapped column not in the file, `invalid-value` for a malformed file or a cell that does not fit its
 *   column's type, `lossy-value` for an integer a double cannot hold exactly, `duplicate` for repeated header names
 * @throws {SpecError} for an unknown format, an unknown option or a bad value (`chunkRows`, `decimal`, ...)
 * @example
 * ```ts
 * import { readTableChunks } from 'verdeelmodel/data';
 * let recipients = 0;
 * for await (const chunk of readTableChunks('households.parquet', {
 *   chunkRows: 500_000,
 *   columns: ['municipality', 'receipt'],
 *   mapping: { receipt: 'bijstand' },
 * })) {
 *   for (const r of chunk.receipt as Float64Array) recipients += r;
 * }
 * ```
 */
export async function* readTableChunks(
  path: string,
  options: ReadTableChunksOptions = {},
): AsyncGenerator<TableColumns, void, undefined> {
  const checked = checkReadOptions(options, 'readTableChunks');
  const chunkRows = checked.chunkRows ?? 1_000_000;
  for await (const chunk of tableChunks(path, checked, chunkRows)) {
    const first = Object.values(chunk)[0];
    if (first !== undefined && first.length > 0) yield chunk;
  }
}
