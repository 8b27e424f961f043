import { factorToStrings, readCsvBytes, readCsvGzBytes } from './csv-bytes-read.js';
import { checkReadable, fileError } from './file-errors.js';
import { checkReadOptions } from './io-options.js';
import { setOwn } from './own.js';
import { tableChunks } from './table-chunks.js';
import { tableFormat } from './table-format.js';
import { encodeText } from './text-factor.js';
import type {
  FactorTableColumns,
  ReadTableOptions,
  ReadTableTextOption,
  TableColumns,
  TextFactor,
} from './types.js';

/**
 * Read a whole CSV, Parquet, Arrow (Feather v2) or JSON file into a {@link TableColumns}: numbers as
 * `Float64Array` (missing = NaN), text as `(string | null)[]`, or with `text: 'factor'` as
 * `{ codes: Int32Array, levels }` straight from the reader's own codes (levels sorted, missing = -1; the
 * fastest way from a file to a fit: the model frame takes them without encoding again). The result can be passed to every function of
 * the library, or to {@link toArquero}. Every cell comes back as it stands in the file (no prefix is removed
 * unless `spreadsheetSafe: true` is asked). CSV columns are typed as {@link ReadTableOptions.types} says,
 * else inferred from the first 10,000 data rows (a column without a value there: from every row): a later cell that does not fit the inferred type is a
 * `DataError` naming its row and column, never a change of type (numbers only through the strict decimal
 * parser; `decimal: ','` reads Dutch-style numbers; the delimiter is detected). CSV and TSV files are parsed
 * from their bytes straight into typed columns, over byte ranges on worker threads from 8 MB on; a column with a quoted cell is text (`"0363"`, `"1"`: the way {@link writeTable} and R's
 * `write.csv` write strings), so text written by {@link writeTable} comes back as text without `types`. In a
 * numeric column an empty cell and `NaN`/`NA` are missing (NaN), in a text column an empty unquoted cell is
 * missing (null) and a quoted `""` is the empty string. Parquet and Arrow follow their schema. `mapping`
 * lets users keep their own column names. For files larger than memory use {@link readTableChunks}.
 *
 * @param path - the file; its format comes from the extension unless `options.format` says otherwise
 * @throws {DataError} `file-not-found` / `unreadable-file` naming the path, `missing-column` for a selected or
 *   mapped column not in the file, `invalid-value` for a malformed file or a cell that does not fit its
 *   column's type, `lossy-value` for an integer a double cannot hold exactly, `duplicate` for repeated header names
 * @throws {SpecError} for an unknown format, an unknown option or a bad option value
 * @example
 * ```ts
 * import { readTable } from 'verdeelmodel/data';
 * const households = await readTable('households.csv', {
 *   mapping: { municipality: 'gemeentecode', receipt: 'bijstand' },
 *   types: { municipality: 'string' },
 * });
 * households.receipt; // => Float64Array [0, 1, 0, ...]
 * const coded = await readTable('households.csv', { text: 'factor' });
 * coded.hhtype; // => { codes: Int32Array [2, 0, ...], levels: ['couple', 'single', ...] }
 * ```
 */
export function readTable(
  path: string,
  options: ReadTableOptions & { readonly text: 'factor' },
): Promise<FactorTableColumns>;
export function readTable(
  path: string,
  options?: ReadTableOptions & { readonly text?: 'string' },
): Promise<TableColumns>;
export function readTable(
  path: string,
  options?: ReadTableOptions & ReadTableTextOption,
): Promise<TableColumns | FactorTableColumns>;
export async function readTable(
  path: string,
  options: ReadTableOptions & ReadTableTextOption = {},
): Promise<TableColumns | FactorTableColumns> {
  const checked = checkReadOptions(options, 'readTable');
  const factors = checked.text === 'factor';
  // CSV and TSV files (gzip ones decompressed first) go through the byte parser (typed columns, worker
  // threads); the rare option it cannot serve through the string reader.
  if (
    typeof path === 'string' &&
    path.length > 0 &&
    (checked.columns === undefined || checked.columns.length > 0) &&
    tableFormat(path, checked.format) === 'csv'
  ) {
    await checkReadable(path);
    let table: Awaited<ReturnType<typeof readCsvBytes>>;
    try {
      table = /\.gz$/i.test(path)
        ? await readCsvGzBytes(path, checked, undefined, factors)
        : await readCsvBytes(path, checked, undefined, path, factors);
    } catch (e) {
      throw fileError(path, e);
    }
    if (table !== null) {
      // With text: 'factor' the parser's own codes (levels sorted in the merge) are the column.
      const out: TableColumns | FactorTableColumns = {};
      table.names.forEach((name, k) => {
        const c = table.columns[k]!;
        setOwn(out, name, c instanceof Float64Array || factors ? c : factorToStrings(c));
      });
      return out;
    }
  }
  for await (const table of tableChunks(path, checked, Number.POSITIVE_INFINITY)) {
    if (!factors) return table as TableColumns;
    // Readers that coded their text already hand over factors; the others' strings are coded here, once.
    const out: FactorTableColumns = {};
    for (const name of Object.keys(table)) {
      const c = table[name]! as TableColumns[string] | TextFactor;
      setOwn(out, name, Array.isArray(c) ? encodeText(c) : c);
    }
    return out;
  }
  /* v8 ignore next: every source yields at least one (possibly empty) chunk */
  return {};
}
