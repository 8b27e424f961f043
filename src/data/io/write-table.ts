import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DataInput, Frame } from '../frame.js';
import { checkWriteOptions } from './io-options.js';
import { tableFormat } from './table-format.js';
import type { WriteTableOptions } from './types.js';
import { writeArrow } from './write-arrow.js';
import { writeColumns } from './write-columns.js';
import { writeCsv } from './write-csv.js';
import { writeJson } from './write-json.js';
import { writeParquet } from './write-parquet.js';

/**
 * Write a table (column record, row objects, arquero table or frame) to CSV, Parquet, Arrow IPC (Feather v2)
 * or JSON; the format comes from the extension unless `options.format` says otherwise, and missing
 * directories are created. CSV written here is safe to open in a spreadsheet: a text cell that starts with
 * `=`, `+`, `-`, `@`, tab or CR gets a leading `'` (see {@link spreadsheetSafe}); numbers are written in
 * full precision (`String(x)`), missing as an empty cell. Parquet and Arrow keep types: integer-valued
 * columns as int32, booleans as booleans, other numbers as doubles, text as strings; missing values are nulls.
 *
 * @param path - the file to write (`.csv.gz` is gzip-compressed)
 * @param data - the table; `toTable(rows)` turns result rows into one
 * @throws {DataError} `missing-column` for a mapped column not in the data, `duplicate` for two columns
 *   written under one name, `invalid-value`/`length-mismatch` for columns the data layer rejects
 * @throws {SpecError} for an unknown format
 * @example
 * ```ts
 * await writeTable('out/coefficients.csv', toTable(fit.tidy()));
 * await writeTable('out/households.parquet', households, { mapping: { municipality: 'gemeentecode' } });
 * ```
 */
export async function writeTable(
  path: string,
  data: DataInput | Frame,
  options: WriteTableOptions = {},
): Promise<void> {
  const o = checkWriteOptions(options);
  const format = tableFormat(path, o.format);
  const { nrows, columns } = writeColumns(data, o.mapping);
  await mkdir(dirname(path), { recursive: true });
  switch (format) {
    case 'csv':
      return writeCsv(path, nrows, columns, {
        delimiter: o.delimiter ?? (/\.tsv(\.gz)?$/i.test(path) ? '\t' : ','),
        decimal: o.decimal ?? '.',
        spreadsheetSafe: o.spreadsheetSafe ?? false,
      });
    case 'parquet':
      return writeParquet(path, columns);
    case 'arrow':
      return writeArrow(path, columns);
    case 'json':
      return writeJson(path, nrows, columns);
  }
}
