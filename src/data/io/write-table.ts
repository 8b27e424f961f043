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
 * directories are created. Whatever is written reads back with {@link readTable} as the same table (same
 * names, cells, NaN, -0, ±Infinity), or the writer refuses with a typed error; column names are data
 * (`__proto__`, `constructor` are ordinary names).
 *
 * CSV: numbers in full precision (shortest form that reads back as the same double; `Inf`, `-Inf`, `-0`),
 * a missing number as an empty cell; booleans as 1/0; numbers and booleans are never quoted. Text as it is,
 * quoted where CSV needs it (delimiter, quote, line break) and wherever it would otherwise read back as
 * something else, as R's `write.csv` quotes strings: as missing (the empty string is `""`, the text `NA` is
 * `"NA"`), as a number (`"1"`, `"0363"`, `"1e999"`, `"1,5"`, `"Inf"`) or as true/false (`"true"`). The
 * reader reads a column with a quoted cell as text, so a text column comes back as text without `types`;
 * other text cells are not quoted, which keeps files small. A missing text cell is an empty unquoted cell
 * (in a one-column file a blank line, which the reader reads as missing); a text column with no present
 * cell at all therefore reads back as numbers (all NaN) unless read with `types: { name: 'string' }`, as
 * CSV cannot say more. Cells are written as they are by default; `spreadsheetSafe: true` escapes
 * formula-like text for spreadsheets (see {@link WriteTableOptions.spreadsheetSafe} for why it is off).
 * Parquet and Arrow keep types: integer-valued columns as int32, booleans as booleans, other numbers as
 * doubles, text as strings; missing values are nulls. JSON has no infinities and refuses them.
 *
 * @param path - the file to write (`.csv.gz` is gzip-compressed)
 * @param data - the table; `toTable(rows)` turns result rows into one
 * @throws {DataError} `empty` for data without columns (`{}`, `[]`, `[{}]`: a file of no columns would not
 *   read back as the rows written), `missing-column` for a mapped column not in the data, `duplicate` for two columns
 *   written under one name, `invalid-value`/`length-mismatch` for columns the data layer rejects,
 *   `lossy-value` for text that is not valid Unicode (or, in Parquet and Arrow, starts with U+FEFF),
 *   `not-finite` for ±Infinity in JSON
 * @throws {SpecError} for an unknown format, an unknown option or a bad option value
 * @example
 * ```ts
 * import { toTable, writeTable } from 'verdeelmodel/data';
 * import { generateHouseholds } from 'verdeelmodel/generate';
 * import { logit } from 'verdeelmodel/glm';
 * const households = generateHouseholds({ households: 10_000, seed: 1 }).columns();
 * const fit = logit(households, { y: 'receipt', x: ['hhtype', 'age_50_aow'] });
 * await writeTable('out/coefficients.csv', toTable(fit.tidy().map((row) => ({ ...row }))));
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
