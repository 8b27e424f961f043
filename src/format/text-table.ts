import { SpecError } from '../errors.js';
import { checkOptions, integerIn, oneOf } from '../internal/options.js';
import { displayWidth, padTo } from './width.js';

/**
 * How a column lines up: `left` (text), `right` (numbers formatted with shared decimals), or `decimal`
 * (the decimal marks under each other, for numbers with different decimals).
 */
export type TextAlign = 'left' | 'right' | 'decimal';

/** One column of {@link renderTextTable}. */
export interface TextColumn {
  /** Header text; `''` for none (R's row-name and stars columns). */
  readonly header: string;
  /** Alignment of the cells; the header follows it (`decimal` headers are right-aligned). @default 'left' */
  readonly align?: TextAlign;
}

/** Options of {@link renderTextTable}. */
export interface TextTableOptions {
  /** The columns, by header text (left-aligned) or spec. */
  readonly columns: readonly (string | TextColumn)[];
  /** The body: one text per column in each row. */
  readonly rows: readonly (readonly string[])[];
  /** A total row, printed last with a rule of dashes above it. @default none */
  readonly total?: readonly string[];
  /** Lines above the header. @default none */
  readonly title?: string | readonly string[];
  /** Lines below the table (notes, legends). @default none */
  readonly footers?: readonly string[];
  /** Print at most this many body rows, then `... N more rows`. @default all */
  readonly maxRows?: number;
  /** Text between columns. @default '  ' (two spaces) */
  readonly gap?: string;
  /** A rule of dashes under the header. @default true */
  readonly headerRule?: boolean;
  /** The decimal mark `decimal` columns line up on. @default '.' */
  readonly decimalMark?: '.' | ',';
}

const TABLE_KEYS = [
  'columns',
  'rows',
  'total',
  'title',
  'footers',
  'maxRows',
  'gap',
  'headerRule',
  'decimalMark',
] as const;
const ALIGNS = ['left', 'right', 'decimal'] as const;

interface Column {
  readonly header: string;
  readonly align: TextAlign;
}

function resolveColumns(columns: unknown): Column[] {
  if (!Array.isArray(columns)) {
    throw new SpecError(
      'invalid-option',
      'renderTextTable: columns must be a list of headers or { header, align }',
      {
        option: 'columns',
      },
    );
  }
  return columns.map((c: unknown) => {
    if (typeof c === 'string') return { header: c, align: 'left' };
    const spec = checkOptions(c as TextColumn, ['header', 'align'], 'renderTextTable column');
    if (typeof spec.header !== 'string') {
      throw new SpecError('invalid-option', 'renderTextTable: every column needs a header text', {
        option: 'columns',
      });
    }
    return { header: spec.header, align: oneOf(spec.align ?? 'left', ALIGNS, 'align', 'renderTextTable') };
  });
}

function checkRow(row: unknown, n: number, what: string): readonly string[] {
  if (!Array.isArray(row) || row.length !== n || !row.every((c) => typeof c === 'string')) {
    throw new SpecError(
      'invalid-option',
      `renderTextTable: ${what} must be a list of ${n} texts, one per column${Array.isArray(row) ? `; it has ${row.length}` : ''}`,
      { option: what.startsWith('row') ? 'rows' : 'total' },
    );
  }
  return row;
}

/** Split a cell of a `decimal` column at its decimal mark; a cell with no digit is not a number. */
function decimalParts(cell: string, mark: string): { whole: string; fraction: string } | null {
  if (!/\d/.test(cell)) return null;
  const mk = cell.indexOf(mark);
  // Without a mark ('12', '100%'), the number ends after its last digit, where the mark would stand.
  const at = mk >= 0 ? mk : cell.search(/\d\D*$/) + 1;
  return { whole: cell.slice(0, at), fraction: cell.slice(at) };
}

/** Lay out a `decimal` column: integer parts right-aligned, fractions left-aligned after the marks. */
function alignDecimals(cells: readonly string[], mark: string): string[] {
  const parts = cells.map((c) => decimalParts(c, mark));
  let whole = 0;
  let fraction = 0;
  for (const p of parts) {
    if (!p) continue;
    whole = Math.max(whole, displayWidth(p.whole));
    fraction = Math.max(fraction, displayWidth(p.fraction));
  }
  return cells.map((c, i) => {
    const p = parts[i];
    if (!p) return padTo(c, whole + fraction, 'right');
    return padTo(p.whole, whole, 'right') + padTo(p.fraction, fraction, 'left');
  });
}

/**
 * The one plain-text table renderer of the library: every summary printer lays its table out here.
 * Cells are texts (format numbers with `formatSignificantColumn`, `formatDecimals`, `formatFixed`,
 * `formatPercent` or `formatPValueColumn` first); widths are display widths, so `ë`, `€` and `R²` take
 * one column. Lines carry no trailing spaces.
 *
 * @throws {SpecError} `invalid-option` for a row with another number of cells than there are columns,
 * a bad option value or an unknown option
 * @example
 * ```ts
 * import { renderTextTable } from 'verdeelmodel/format';
 * renderTextTable({
 *   columns: ['size class', { header: 'n', align: 'right' }, { header: 'share', align: 'decimal' }],
 *   rows: [['<15k', '12', '7.25%'], ['>=250k', '4', '61.5%']],
 *   total: ['all', '16', '100%'],
 *   footers: ['Shares of the macro budget.'],
 * });
 * // =>
 * // size class   n   share
 * // ----------  --  ------
 * // <15k        12    7.25%
 * // >=250k       4   61.5%
 * // ----------  --  ------
 * // all         16  100%
 * // Shares of the macro budget.
 * ```
 */
export function renderTextTable(options: TextTableOptions): string {
  const o = checkOptions(options, TABLE_KEYS, 'renderTextTable');
  const columns = resolveColumns(o.columns);
  const n = columns.length;
  if (!Array.isArray(o.rows)) {
    throw new SpecError('invalid-option', 'renderTextTable: rows must be a list of rows of texts', {
      option: 'rows',
    });
  }
  const maxRows =
    o.maxRows === undefined || o.maxRows === Number.POSITIVE_INFINITY
      ? o.rows.length
      : integerIn(o.maxRows, 0, Number.MAX_SAFE_INTEGER, 'maxRows', 'renderTextTable');
  const shown = o.rows.slice(0, maxRows).map((r, i) => checkRow(r, n, `row ${i + 1}`));
  const total = o.total === undefined ? null : checkRow(o.total, n, 'total');
  const gap = o.gap ?? '  ';
  if (typeof gap !== 'string')
    throw new SpecError('invalid-option', 'renderTextTable: gap must be a text', { option: 'gap' });
  const mark = oneOf(o.decimalMark ?? '.', ['.', ','], 'decimalMark', 'renderTextTable');

  // Cells per column (body, then total), decimal columns laid out together so the total lines up too.
  const bodies = columns.map((col, c) => {
    const cells = [...shown.map((r) => r[c] as string), ...(total ? [total[c] as string] : [])];
    return col.align === 'decimal' ? alignDecimals(cells, mark) : cells;
  });
  const widths = columns.map((col, c) =>
    Math.max(displayWidth(col.header), ...(bodies[c] as string[]).map((cell) => displayWidth(cell))),
  );
  const side = (c: number) => (columns[c]?.align === 'left' ? 'left' : 'right');
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => padTo(cell, widths[c] as number, side(c)))
      .join(gap)
      .trimEnd();
  const rule = line(widths.map((w) => '-'.repeat(w)));

  const out: string[] = [];
  if (o.title !== undefined) out.push(...(typeof o.title === 'string' ? [o.title] : o.title));
  out.push(line(columns.map((col) => col.header)));
  if (o.headerRule ?? true) out.push(rule);
  for (let i = 0; i < shown.length; i++) out.push(line(bodies.map((cells) => cells[i] as string)));
  const hidden = o.rows.length - shown.length;
  if (hidden > 0) out.push(`... ${hidden} more ${hidden === 1 ? 'row' : 'rows'}`);
  if (total) out.push(rule, line(bodies.map((cells) => cells[shown.length] as string)));
  if (o.footers) out.push(...o.footers);
  return out.join('\n');
}

/**
 * Columns for the common table whose first column names the row and the others hold numbers: the first
 * left-aligned, the others right-aligned.
 *
 * @example
 * ```ts
 * import { labelledColumns, renderTextTable } from 'verdeelmodel/format';
 * renderTextTable({ columns: labelledColumns(['size class', 'n']), rows: [['<15k', '12']] });
 * ```
 */
export function labelledColumns(headers: readonly string[]): TextColumn[] {
  return headers.map((header, c) => ({ header, align: c === 0 ? 'left' : 'right' }));
}
