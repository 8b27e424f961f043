/** File formats the readers and writers understand. */
export type TableFormat = 'csv' | 'parquet' | 'arrow' | 'json';

/** A column as the readers return it: numbers (missing = NaN) or text (missing = null). */
export type TableColumn = Float64Array | (string | null)[];

/**
 * A table as the readers return it: equally long columns, numeric ones as `Float64Array`, text as
 * `(string | null)[]`. It is a {@link ColumnRecord}, so every function of the library accepts it.
 */
export type TableColumns = { [name: string]: TableColumn };

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
   * Column types by the names after `mapping`. CSV columns are otherwise inferred: a column is numeric when every
   * non-missing value is a number, logical when every value is true/false, and text otherwise (for chunked
   * reading: from the first chunk). Give `'string'` for codes with leading zeros such as `'0363'`.
   * @default {} (inferred; Parquet and Arrow use the file's schema)
   */
  readonly types?: Readonly<Record<string, ColumnType>>;
  /** CSV field delimiter. @default detected from the header line among `,` `;` tab `|` (tab for `.tsv`) */
  readonly delimiter?: string;
  /** CSV decimal mark; `','` reads Dutch-style `3,5` (the delimiter must then not be `,`). @default '.' */
  readonly decimal?: '.' | ',';
  /** CSV cells read as missing. @default ['', 'NA', 'N/A', 'NaN', 'null', 'NULL'] */
  readonly na?: readonly string[];
  /**
   * Undo the spreadsheet-safety prefix the library's CSV writer adds: a text cell `'=...` (a quote before
   * `=`, `+`, `-`, `@`, tab or CR) is read as `=...`, so written files round-trip.
   * @default true
   */
  readonly spreadsheetSafe?: boolean;
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
   * Prefix text cells that start with `=`, `+`, `-`, `@`, tab or CR with `'` so a spreadsheet shows them as text
   * instead of running them as a formula (OWASP CSV injection). Numbers, and text that is a plain number
   * such as `-3.5`, are written as they are.
   * @default true
   */
  readonly spreadsheetSafe?: boolean;
}
