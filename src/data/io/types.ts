/** File formats the readers and writers understand. */
export type TableFormat = 'csv' | 'parquet' | 'arrow' | 'json';

/** A column as the readers return it: numbers (missing = NaN) or text (missing = null). */
export type TableColumn = Float64Array | (string | null)[];

/**
 * A table as the readers return it: equally long columns, numeric ones as `Float64Array`, text as
 * `(string | null)[]`. It is a {@link ColumnRecord}, so every function of the library accepts it.
 */
export type TableColumns = { [name: string]: TableColumn };

/**
 * A text column as {@link readTable} returns it with `text: 'factor'`: codes into `levels` (sorted as the
 * model frame sorts them, by UTF-16 code units), `-1` = missing. It is a `FactorInput`, so every function
 * of the library takes it as it is (no second encoding).
 */
export interface TextFactor {
  readonly codes: Int32Array;
  readonly levels: string[];
}

/** A table as {@link readTable} returns it with `text: 'factor'`: numbers as `Float64Array`, text as {@link TextFactor}. */
export type FactorTableColumns = { [name: string]: Float64Array | TextFactor };

/** How a column is read: a number (missing = NaN), a 0/1 logical (true/false) or text (missing = null). */
export type ColumnType = 'number' | 'boolean' | 'string';

/**
 * Column mapping from the library's names to the names in a user's file: `{ ourName: 'theirColumn' }`.
 * On reading, `theirColumn` comes back as `ourName`; on writing, `ourName` is written as `theirColumn`.
 * Unmapped columns keep their names.
 */
export type ColumnMapping = Readonly<Record<string, string>>;

/** Options shared by {@link readTable} and {@link readTableChunks}. */
export interface ReadTableOptions {
  /** File format. @default from the extension: `.csv`/`.tsv`(`.gz`), `.parquet`/`.pq`, `.arrow`/`.feather`/`.ipc`/`.arrows`, `.json` */
  readonly format?: TableFormat;
  /** Columns to keep, by the names after `mapping`, in this order; only these are read from the file. @default all columns */
  readonly columns?: readonly string[];
  /** `{ ourName: 'theirColumn' }`: rename the file's columns to the names an analysis expects. @default {} */
  readonly mapping?: ColumnMapping;
  /**
   * Column types by the names after `mapping`. CSV columns are otherwise inferred (for chunked reading: from
   * the first chunk): text when a cell is quoted (`"0363"`, `"1"`, `"x"`: {@link writeTable} quotes every
   * text cell that would otherwise read back as something else, R's `write.csv` quotes every string), except
   * that quoted `""` and `"NA"` beside unquoted numbers are missing numbers (as pandas writes them); logical
   * when every present cell is true/false; numeric when more than half of the present cells are written as
   * decimal numbers, and then every other cell is a `DataError` naming its column and row (`0x10`, `1_000`,
   * `12abc`, an integer beyond 2^53 are not numbers: they are never read as text, 0 or a rounded number);
   * text otherwise. So unquoted codes that look like numbers (`0363` from a spreadsheet) need `'string'`
   * here, and `'number'` reads quoted numbers (a file that quotes every cell) as numbers. A column with no
   * present cell is numeric (all NaN): a text column of only missing cells, in CSV or JSON (or, in chunks,
   * in the first chunk), needs `'string'`; a chunked read stops with a `DataError` naming the column when a
   * later chunk has quoted text in a column the first chunk made numeric.
   * @default {} (inferred; Parquet and Arrow use the file's schema)
   */
  readonly types?: Readonly<Record<string, ColumnType>>;
  /** CSV field delimiter. @default detected from the header line among `,` `;` tab `|` (tab for `.tsv`) */
  readonly delimiter?: string;
  /** CSV decimal mark; `','` reads Dutch-style `3,5` (the delimiter must then not be `,`). @default '.' */
  readonly decimal?: '.' | ',';
  /**
   * CSV cells read as missing. In a numeric or logical column these cells are missing (NaN) whether quoted or
   * not, and so is an empty cell: NaN and null are one thing in a numeric column, as in every frame. In a
   * text column only an unquoted cell is missing (null): a quoted one (`""`, `"NA"`) is text, so the empty
   * string and the text `NA` survive a round trip (the writer quotes them).
   * @default ['', 'NA', 'N/A', 'NaN', 'null', 'NULL']
   */
  readonly na?: readonly string[];
  /**
   * Remove exactly the prefix that `writeTable(..., { spreadsheetSafe: true })` adds: a text cell (or column
   * name) `'=...`, a quote before `=`, `+`, `-`, `@`, tab or CR, or before more quotes and then such a
   * character, loses its first `'`. Off by default: the reader returns every cell as it stands in the file,
   * so a cell `'=already` written by another tool is read as `'=already`.
   * @default false
   */
  readonly spreadsheetSafe?: boolean;
}

/** The option of {@link readTable} alone (beside {@link ReadTableOptions}). */
export interface ReadTableTextOption {
  /**
   * How text columns come back. `'string'`: `(string | null)[]`. `'factor'`: a
   * {@link TextFactor} (`{ codes: Int32Array, levels }`, levels sorted, missing = -1) made from the reader's
   * own codes (the CSV parser's dictionary, Parquet dictionary indices, Arrow dictionaries), with no string
   * per cell: the fastest way from a file to a fit, since the model frame takes it without encoding again.
   * @default 'string'
   */
  readonly text?: 'string' | 'factor';
}

/** Options of {@link readTableChunks}. */
export interface ReadTableChunksOptions extends ReadTableOptions {
  /** Rows per chunk; every chunk but the last has exactly this many. @default 1_000_000 */
  readonly chunkRows?: number;
}

/** Options of {@link writeTable}. */
export interface WriteTableOptions {
  /** File format. @default from the extension, as for {@link readTable} */
  readonly format?: TableFormat;
  /** `{ ourName: 'theirColumn' }`: write column `ourName` under the name `theirColumn`. @default {} */
  readonly mapping?: ColumnMapping;
  /** CSV field delimiter. @default ',' (tab for `.tsv`) */
  readonly delimiter?: string;
  /** CSV decimal mark; `','` writes `3,5` for spreadsheets in a Dutch locale (use `delimiter: ';'`). @default '.' */
  readonly decimal?: '.' | ',';
  /**
   * Prefix text cells (and column names) that start with `=`, `+`, `-`, `@`, tab or CR with `'` (see
   * {@link spreadsheetSafe}) so a spreadsheet shows them as text instead of running them as a formula (OWASP
   * CSV injection). Numbers, and text that is a plain number such as `-3.5`, are written as they are. Turn
   * it on for a file that people will open in Excel or LibreOffice; read such a file back with the reader's
   * `spreadsheetSafe: true`, which removes exactly this prefix.
   *
   * Off by default because the prefix changes the data: CSV written here is first of all read back by
   * programs (this library, R, pandas, DuckDB), and with the default a round trip gives every cell back
   * unchanged.
   * @default false
   */
  readonly spreadsheetSafe?: boolean;
}
