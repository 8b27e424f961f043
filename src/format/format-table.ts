import { DataError } from '../errors.js';
import { checkOptions, integerIn, oneOf } from '../internal/options.js';
import { decimalsText, formatPercent, MISSING_TEXT, pValueTexts } from './numbers.js';
import { renderTextTable, type TextAlign } from './text-table.js';

/** One column of {@link formatTable}: a key of the rows with an optional header and number format. */
export interface TableColumnSpec {
  /** Key in the row objects. */
  readonly key: string;
  /** Header text. @default key */
  readonly label?: string;
  /** Decimals for numbers in this column. @default the table's `digits` */
  readonly digits?: number;
  /** Alignment. @default 'right' for columns that hold only numbers, else 'left' */
  readonly align?: TextAlign;
  /**
   * How numbers print: `number` (fixed decimals), `pValue` (R's `format.pval` with `digits` significant
   * digits, default 3: `<2e-16`, never `0`) or `percent` (`100·x` with `digits` decimals, default 1, and `%`).
   * @default 'pValue' for a key `pValue` or ending in `PValue` (the library's p-value fields), else 'number'
   */
  readonly as?: 'number' | 'pValue' | 'percent';
  /** Custom cell text (overrides `digits` and `as`). */
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
  /** Show at most this many rows, then a line `... n more rows`. @default all */
  readonly maxRows?: number;
  /** A title line above the table. @default none */
  readonly title?: string;
  /** Lines below the table. @default none */
  readonly footers?: readonly string[];
}

const OPTION_KEYS = ['columns', 'digits', 'missing', 'gap', 'maxRows', 'title', 'footers'] as const;
const COLUMN_KEYS = ['key', 'label', 'digits', 'align', 'as', 'format'] as const;
const KINDS = ['number', 'pValue', 'percent'] as const;

type Row = Readonly<Record<string, unknown>>;

function toRows(data: readonly Row[] | Readonly<Record<string, ArrayLike<unknown>>>): readonly Row[] {
  if (Array.isArray(data)) return data;
  const cols = Object.entries(data as Record<string, ArrayLike<unknown>>);
  const first = cols[0];
  if (!first) return [];
  const n = first[1].length;
  for (const [k, c] of cols) {
    if (c.length !== n) {
      throw new DataError(
        'length-mismatch',
        `column '${k}' has ${c.length} values but '${first[0]}' has ${n}`,
        {
          column: k,
        },
      );
    }
  }
  // A null-prototype row, so a column named `__proto__` or `constructor` is an ordinary key.
  return Array.from({ length: n }, (_, i) => {
    const row: Record<string, unknown> = Object.create(null);
    for (const [k, c] of cols) row[k] = c[i];
    return row;
  });
}

function cellText(v: unknown, digits: number, missing: string): string {
  if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return missing;
  if (typeof v === 'number') {
    // Counts and ids read better without decimals; 1e15 and up go through the scientific rule.
    return Number.isInteger(v) && Math.abs(v) < 1e15 ? String(v === 0 ? 0 : v) : decimalsText(v, digits);
  }
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

/**
 * A plain-text table of row objects or a column record, for terminals, logs and summaries: numbers
 * right-aligned with a fixed number of decimals (integers without, values the decimals would show as zero
 * in scientific notation), text left-aligned, missing values as `NA`. Takes row objects (`fit.tidy()`,
 * comparison tables) or a column record (`readTable()` output, `toTable()`). Laid out by
 * {@link renderTextTable}.
 *
 * @throws {SpecError} `invalid-option` for `digits` outside 0 to 20, a negative `maxRows`, or a bad
 * column spec; `unknown-option` for an unknown option
 * @throws {DataError} `length-mismatch` for a column record whose columns differ in length
 * @example
 * ```ts
 * import { formatTable } from 'verdeelmodel/format';
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
  const o = checkOptions(options, OPTION_KEYS, 'formatTable');
  const digits = integerIn(o.digits ?? 3, 0, 20, 'digits', 'formatTable');
  const maxRows =
    o.maxRows === undefined || o.maxRows === Number.POSITIVE_INFINITY
      ? undefined
      : integerIn(o.maxRows, 0, Number.MAX_SAFE_INTEGER, 'maxRows', 'formatTable');
  const missing = o.missing ?? MISSING_TEXT;
  const rows = toRows(data);
  const keys: string[] = [];
  if (!o.columns) {
    const seen = new Set<string>();
    for (const r of rows) {
      for (const k of Object.keys(r)) {
        if (seen.has(k)) continue;
        seen.add(k);
        keys.push(k);
      }
    }
  }
  const specs: TableColumnSpec[] = (o.columns ?? keys).map((c) =>
    typeof c === 'string' ? { key: c } : checkOptions(c, COLUMN_KEYS, 'formatTable column'),
  );
  const shown = rows.slice(0, maxRows ?? rows.length);
  const has = (r: Row, k: string) => Object.hasOwn(r, k);
  const columns = specs.map((spec) => {
    const values = shown.map((r) => (has(r, spec.key) ? r[spec.key] : undefined));
    const numeric = values.every((v) => typeof v === 'number' || v === null || v === undefined);
    const align: TextAlign = spec.align ?? (numeric && values.length > 0 ? 'right' : 'left');
    const kind = oneOf(
      spec.as ?? (/^pValue$|PValue$/.test(spec.key) ? 'pValue' : 'number'),
      KINDS,
      'as',
      'formatTable',
    );
    const format = spec.format;
    let cells: string[];
    if (format) cells = values.map((v) => format(v));
    else if (kind === 'pValue' && numeric) {
      // p-values as R prints them (a column shares one format): never '0'.
      const sig = spec.digits === undefined ? 3 : integerIn(spec.digits, 1, 15, 'digits', 'formatTable');
      cells = pValueTexts(values as (number | null | undefined)[], sig, Number.EPSILON).map((t) =>
        t === MISSING_TEXT ? missing : t,
      );
    } else if (kind === 'percent' && numeric) {
      const decimals = spec.digits === undefined ? 1 : integerIn(spec.digits, 0, 20, 'digits', 'formatTable');
      cells = values.map((v) =>
        typeof v === 'number' && !Number.isNaN(v) ? formatPercent(v, { decimals }) : missing,
      );
    } else {
      const colDigits =
        spec.digits === undefined ? digits : integerIn(spec.digits, 0, 20, 'digits', 'formatTable');
      cells = values.map((v) => cellText(v, colDigits, missing));
    }
    return { header: spec.label ?? spec.key, align, cells };
  });
  // Rows past maxRows are neither formatted nor read: the renderer only counts them.
  const body = Array.from({ length: rows.length }, (_, i) =>
    i < shown.length ? columns.map((c) => c.cells[i] as string) : NOT_SHOWN,
  );
  return renderTextTable({
    columns: columns.map(({ header, align }) => ({ header, align })),
    rows: body,
    maxRows: shown.length,
    ...(o.title ? { title: o.title } : {}),
    ...(o.footers ? { footers: o.footers } : {}),
    ...(o.gap !== undefined ? { gap: o.gap } : {}),
  });
}

const NOT_SHOWN: readonly string[] = [];
