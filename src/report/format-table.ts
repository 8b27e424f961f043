import { DataError, SpecError } from '../errors.js';

/** One column of {@link formatTable}: a key of the rows with an optional header and number format. */
export interface TableColumnSpec {
  /** Key in the row objects. */
  readonly key: string;
  /** Header text. @default key */
  readonly label?: string;
  /** Decimals for numbers in this column. @default the table's `digits` */
  readonly digits?: number;
  /** Alignment. @default 'right' for columns that hold only numbers, else 'left' */
  readonly align?: 'left' | 'right';
  /** Custom cell text (overrides `digits`). */
  readonly format?: (value: unknown) => string;
}

/** Options of {@link formatTable}. */
export interface FormatTableOptions {
  /** Columns to show, by key or spec, in this order. @default every key, in the order keys first appear */
  readonly columns?: readonly (string | TableColumnSpec)[];
  /** Decimals for non-integer numbers; integers are shown without decimals. @default 3 */
  readonly digits?: number;
  /** Text for missing values (null, undefined, NaN). @default 'NA' */
  readonly missing?: string;
  /** Space between columns. @default '  ' */
  readonly gap?: string;
  /** Show at most this many rows, then a line `... n more rows`. @default Infinity */
  readonly maxRows?: number;
  /** A title line above the table. @default none */
  readonly title?: string;
}

type Row = Readonly<Record<string, unknown>>;

function formatNumber(v: number, digits: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '' : v > 0 ? 'Inf' : '-Inf';
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const a = Math.abs(v);
  // Tiny or huge values (p-values, euros in billions with decimals) in scientific notation, as R does.
  if (a !== 0 && (a < 0.5 * 10 ** -digits || a >= 1e15)) return v.toExponential(Math.max(0, digits - 1));
  return v.toFixed(digits);
}

function toRows(data: readonly Row[] | Readonly<Record<string, ArrayLike<unknown>>>): readonly Row[] {
  if (Array.isArray(data)) return data;
  const cols = Object.entries(data as Record<string, ArrayLike<unknown>>);
  const n = cols.length === 0 ? 0 : cols[0]![1].length;
  for (const [k, c] of cols) {
    if (c.length !== n) {
      throw new DataError(
        'length-mismatch',
        `column '${k}' has ${c.length} values but '${cols[0]![0]}' has ${n}`,
        {
          column: k,
        },
      );
    }
  }
  return Array.from({ length: n }, (_, i) => Object.fromEntries(cols.map(([k, c]) => [k, c[i]])));
}

/**
 * A plain-text table with aligned columns, for terminals, logs and summaries: numbers right-aligned with a
 * fixed number of decimals (integers without), text left-aligned, missing values as `NA`. Takes row objects
 * (`fit.tidy()`, comparison tables) or a column record (`readTable()` output, `toTable()`).
 *
 * @throws {SpecError} for negative `digits` or `maxRows`
 * @example
 * ```ts
 * formatTable([{ term: 'age', estimate: 0.0312, n: 120 }, { term: 'educ', estimate: -0.5, n: 98 }], { digits: 2 });
 * // =>
 * // term  estimate    n
 * // ----  --------  ---
 * // age       0.03  120
 * // educ    -0.50   98
 * ```
 */
export function formatTable(
  data: readonly Row[] | Readonly<Record<string, ArrayLike<unknown>>>,
  options: FormatTableOptions = {},
): string {
  const digits = options.digits ?? 3;
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) {
    throw new SpecError('invalid-option', `digits must be an integer from 0 to 20, got ${digits}`);
  }
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  if (!(maxRows >= 0)) throw new SpecError('invalid-option', `maxRows must be 0 or more, got ${maxRows}`);
  const missing = options.missing ?? 'NA';
  const rows = toRows(data);
  const keys: string[] = [];
  if (!options.columns) {
    const seen = new Set<string>();
    for (const r of rows) {
      for (const k of Object.keys(r)) {
        if (seen.has(k)) continue;
        seen.add(k);
        keys.push(k);
      }
    }
  }
  const specs: TableColumnSpec[] = (options.columns ?? keys).map((c) =>
    typeof c === 'string' ? { key: c } : c,
  );
  const shown = rows.slice(0, Math.min(rows.length, maxRows));
  const cell = (spec: TableColumnSpec, v: unknown): string => {
    if (spec.format) return spec.format(v);
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return missing;
    if (typeof v === 'number') return formatNumber(v, spec.digits ?? digits);
    if (typeof v === 'string') return v;
    if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
    return JSON.stringify(v);
  };
  const columns = specs.map((spec) => {
    const values = shown.map((r) => r[spec.key]);
    const numeric = values.every((v) => typeof v === 'number' || v === null || v === undefined);
    const align = spec.align ?? (numeric && values.length > 0 ? 'right' : 'left');
    const header = spec.label ?? spec.key;
    const cells = values.map((v) => cell(spec, v));
    const width = Math.max(header.length, ...cells.map((c) => c.length));
    return { header, cells, width, align };
  });
  const gap = options.gap ?? '  ';
  const pad = (text: string, width: number, align: 'left' | 'right') =>
    align === 'right' ? text.padStart(width) : text.padEnd(width);
  const line = (texts: readonly string[]) =>
    texts
      .map((t, c) => pad(t, columns[c]!.width, columns[c]!.align))
      .join(gap)
      .trimEnd();
  const out: string[] = [];
  if (options.title) out.push(options.title);
  out.push(line(columns.map((c) => c.header)));
  out.push(line(columns.map((c) => '-'.repeat(c.width))));
  for (let i = 0; i < shown.length; i++) out.push(line(columns.map((c) => c.cells[i]!)));
  if (rows.length > shown.length) out.push(`... ${rows.length - shown.length} more rows`);
  return out.join('\n');
}
