import { DataError } from '../../errors.js';
import { type DecimalMark, isDecimalText, parseDecimal } from '../parse-number.js';
import type { ColumnType, TableColumn } from './types.js';

/** A plain decimal number as a spreadsheet would read it (no hex, no thousands separators). @internal */
export const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
// The infinities the writer writes (and R's spelling); they are tokens, not decimal numbers.
const INFINITIES = new Map<string, number>([
  ['Inf', Number.POSITIVE_INFINITY],
  ['+Inf', Number.POSITIVE_INFINITY],
  ['-Inf', Number.NEGATIVE_INFINITY],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['+Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
]);
// 1/0 too: the writer writes logical columns that way (inference sees them as numbers, with the same values).
const TRUE = new Set(['true', 'TRUE', 'True', '1']);
const FALSE = new Set(['false', 'FALSE', 'False', '0']);
const INTEGER = /^\s*[+-]?\d+\s*$/;

/**
 * The number a CSV cell holds, or undefined when it is not one: {@link parseDecimal} (strict decimal, so
 * `0x10`, `1_000` and a blank are not numbers; an integer a double cannot hold exactly is not one either)
 * plus the infinity tokens the writer writes (`Inf`, `-Inf`). @internal
 */
export function parseNumberCell(cell: string, decimal: DecimalMark): number | undefined {
  const x = parseDecimal(cell, decimal);
  if (!Number.isNaN(x)) return x;
  return INFINITIES.get(cell.trim());
}

/** 1/0 for a true/false (or 1/0) cell, undefined otherwise. @internal */
export function parseBooleanCell(cell: string): number | undefined {
  const s = cell.trim();
  return TRUE.has(s) ? 1 : FALSE.has(s) ? 0 : undefined;
}

/** Whether a text cell would be read by a spreadsheet as a formula (OWASP CSV injection). @internal */
export function isFormulaLike(text: string): boolean {
  if (text.length === 0) return false;
  const c = text[0];
  if (c === '=' || c === '@' || c === '\t' || c === '\r') return true;
  if (c === '+' || c === '-') return !NUMBER_PATTERN.test(text);
  return false;
}

/** The text after its leading `'` characters. */
function afterQuotes(text: string): string {
  let i = 0;
  while (i < text.length && text.charCodeAt(i) === 39) i++;
  return i === 0 ? text : text.slice(i);
}

/**
 * Make a text cell safe to open in a spreadsheet: a cell that starts with `=`, `+`, `-`, `@`, tab or CR gets
 * a leading `'`, so Excel, LibreOffice and Google Sheets show it as text instead of running it as a formula
 * (OWASP "CSV injection"). Text that is a plain number, such as `'-3.5'`, is left alone. Text that already
 * starts with `'` before such a character (`'=x`, as another tool may have escaped it) gets one more `'`, so
 * that reading with `spreadsheetSafe: true` removes exactly the one prefix added here and gives the text
 * back unchanged.
 *
 * @example
 * ```ts
 * import { spreadsheetSafe } from 'verdeelmodel/data';
 * spreadsheetSafe('=HYPERLINK("http://x")'); // => "'=HYPERLINK(\"http://x\")"
 * spreadsheetSafe("'=already");             // => "''=already"
 * spreadsheetSafe('-3.5');                  // => '-3.5'
 * spreadsheetSafe("'s-Hertogenbosch");      // => "'s-Hertogenbosch"
 * ```
 */
export function spreadsheetSafe(text: string): string {
  return isFormulaLike(afterQuotes(text)) ? `'${text}` : text;
}

/** Undo {@link spreadsheetSafe}: remove the one `'` it adds, and nothing else. @internal */
export function unescapeSpreadsheet(text: string): string {
  return text.length > 1 && text.charCodeAt(0) === 39 && isFormulaLike(afterQuotes(text))
    ? text.slice(1)
    : text;
}

/**
 * Whether a cell counts as a number when a column's type is inferred: a decimal number in the file's mark (or
 * one beyond what a double holds, so that it is reported rather than read as text), an infinity token, or, in
 * a '.' file, a decimal-comma number (so that the reader stops with a hint to pass `decimal: ','` instead of
 * silently reading such a column as text). @internal
 */
export function isNumberLike(cell: string, decimal: DecimalMark): boolean {
  // parseNumberCell first: its fast path answers most cells without a regex (it also knows Inf).
  return (
    parseNumberCell(cell, decimal) !== undefined ||
    isDecimalText(cell, decimal) ||
    (decimal === '.' && isDecimalText(cell, ','))
  );
}

/**
 * Whether the CSV writer must quote a text cell so that it reads back as text: a cell the reader's type
 * inference would count as a number (with either decimal mark) or as a true/false token. (The writer quotes
 * `na` tokens and CSV syntax on its own.) @internal
 */
export function needsTextQuotes(text: string): boolean {
  // Fast path for most text: an ASCII letter first that starts no token (Inf, true, false) cannot be either.
  const c = text.charCodeAt(0) | 32;
  if (c >= 97 && c <= 122 && c !== 105 && c !== 116 && c !== 102) return false;
  return isNumberLike(text, '.') || isNumberLike(text, ',') || parseBooleanCell(text) !== undefined;
}

/** What the record reader saw quoted in a column: text (`"1"`, `"x"`) or only `na` tokens (`""`, `"NA"`). @internal */
export interface QuotedCells {
  /** A quoted cell that is not an `na` token. */
  text: boolean;
  /** A quoted `na` token (`""`, `"NA"`). */
  na: boolean;
}

/**
 * Infer a column type from CSV cells (`null` = a missing cell). A column with a quoted cell is text: the
 * writer quotes every text cell that would otherwise read back as something else, and other tools (R's
 * `write.csv`, Python's `QUOTE_NONNUMERIC`) quote strings and not numbers. Quoted `na` tokens alone (`""`,
 * `"NA"`) make a column text only when it has no other present cell: beside numbers they are missing values
 * (pandas writes a missing number as `""` with `QUOTE_NONNUMERIC`). Otherwise: boolean when every present
 * cell is true/false; number when more than half of the present cells are written as decimal numbers (see
 * {@link isNumberLike}; the others are then errors that name their row, never silently text); text
 * otherwise. @internal
 */
export function inferCellType(
  cells: readonly (string | null)[],
  na: ReadonlySet<string>,
  decimal: DecimalMark,
  quoted: QuotedCells = { text: false, na: false },
): ColumnType {
  if (quoted.text) return 'string';
  let numbers = 0;
  let others = 0;
  let logical = true;
  for (const cell of cells) {
    if (cell === null || na.has(cell)) continue;
    if (isNumberLike(cell, decimal)) numbers++;
    else {
      others++;
      if (logical && parseBooleanCell(cell) === undefined) logical = false;
    }
  }
  if (numbers === 0 && others > 0) return logical ? 'boolean' : 'string';
  // An all-missing column is numeric (NaN), as the other readers make it; with a quoted "" or "NA" it is text.
  if (others === 0 && numbers === 0) return quoted.na ? 'string' : 'number';
  return others === 0 || numbers > others ? 'number' : 'string';
}

function badNumber(cell: string, name: string, row: number, decimal: DecimalMark): DataError {
  const where = { column: name, row };
  if (INTEGER.test(cell)) {
    return new DataError(
      'lossy-value',
      `column '${name}' row ${row} holds the integer ${cell.trim()}, which a double cannot hold exactly (beyond 2^53 = 9007199254740992); ` +
        `read the column as text with types: { '${name}': 'string' }`,
      where,
    );
  }
  const hint =
    decimal === '.' && isDecimalText(cell, ',')
      ? "; for a decimal comma pass decimal: ','"
      : isDecimalText(cell, decimal)
        ? '; it is beyond the range of a double'
        : '';
  return new DataError(
    'invalid-value',
    `column '${name}' row ${row} holds '${cell}', which is not a number${hint}; ` +
      `read it as text with types: { '${name}': 'string' }, or list '${cell}' in na to treat it as missing`,
    where,
  );
}

/**
 * Convert CSV cells (`null` = missing) to a column of `type`; `firstRow` is the 1-based data row of
 * `cells[0]`, for error messages. In number and boolean columns the `na` tokens are missing even when
 * quoted; in text columns a quoted cell is always text (the record reader already made unquoted `na`
 * cells `null`). @internal
 */
export function cellsToColumn(
  cells: readonly (string | null)[],
  type: ColumnType,
  name: string,
  firstRow: number,
  na: ReadonlySet<string>,
  decimal: DecimalMark,
  undoSafe: boolean,
): TableColumn {
  const n = cells.length;
  if (type === 'string') {
    const out: (string | null)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const c = cells[i]!;
      out[i] = c === null ? null : undoSafe ? unescapeSpreadsheet(c) : c;
    }
    return out;
  }
  const out = new Float64Array(n);
  const numeric = type === 'number';
  for (let i = 0; i < n; i++) {
    const c = cells[i]!;
    if (c === null || na.has(c)) {
      out[i] = Number.NaN;
      continue;
    }
    const v = numeric ? parseNumberCell(c, decimal) : parseBooleanCell(c);
    if (v === undefined) {
      const row = firstRow + i;
      if (numeric) throw badNumber(c, name, row, decimal);
      throw new DataError(
        'invalid-value',
        `column '${name}' row ${row} holds '${c}', which is not true/false; ` +
          `read it as text with types: { '${name}': 'string' }, or list '${c}' in na to treat it as missing`,
        { column: name, row },
      );
    }
    out[i] = v;
  }
  return out;
}
