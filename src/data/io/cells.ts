import { DataError } from '../../errors.js';
import type { ColumnType, TableColumn } from './types.js';

/** A plain decimal number as written in a CSV cell (no hex, no thousands separators). @internal */
export const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INFINITIES: Readonly<Record<string, number>> = {
  Inf: Number.POSITIVE_INFINITY,
  '+Inf': Number.POSITIVE_INFINITY,
  '-Inf': Number.NEGATIVE_INFINITY,
  Infinity: Number.POSITIVE_INFINITY,
  '+Infinity': Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};
const TRUE = new Set(['true', 'TRUE', 'True']);
const FALSE = new Set(['false', 'FALSE', 'False']);

/** The number a CSV cell holds, or undefined when it is not a number. @internal */
export function parseNumberCell(cell: string, decimal: '.' | ','): number | undefined {
  // Fast path for plain numbers: Number() when the cell starts with a digit, sign or dot and ends with a digit
  // or dot, and is not a 0x/0b/0o literal (Number() would read those; the pattern below would not).
  const n = cell.length;
  if (decimal === '.' && n > 0) {
    const first = cell.charCodeAt(0);
    const last = cell.charCodeAt(n - 1);
    if (
      ((first >= 48 && first <= 57) || first === 45 || first === 43 || first === 46) &&
      ((last >= 48 && last <= 57) || last === 46) &&
      !(n > 2 && first === 48 && (cell.charCodeAt(1) | 32) >= 97)
    ) {
      const x = Number(cell);
      if (!Number.isNaN(x)) return x;
    }
  }
  const s = decimal === ',' ? cell.trim().replace(',', '.') : cell.trim();
  if (NUMBER_PATTERN.test(s)) return Number(s);
  return INFINITIES[s];
}

/** 1/0 for a true/false cell, undefined otherwise. @internal */
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

/**
 * Make a text cell safe to open in a spreadsheet: a cell that starts with `=`, `+`, `-`, `@`, tab or CR gets
 * a leading `'`, so Excel, LibreOffice and Google Sheets show it as text instead of running it as a formula
 * (OWASP "CSV injection"). Text that is a plain number, such as `'-3.5'`, is left alone.
 *
 * @example
 * ```ts
 * spreadsheetSafe('=HYPERLINK("http://x")'); // => "'=HYPERLINK(\"http://x\")"
 * spreadsheetSafe('-3.5'); // => '-3.5'
 * spreadsheetSafe('Den Haag'); // => 'Den Haag'
 * ```
 */
export function spreadsheetSafe(text: string): string {
  return isFormulaLike(text) ? `'${text}` : text;
}

/** Undo {@link spreadsheetSafe}. @internal */
export function unescapeSpreadsheet(text: string): string {
  return text.length > 1 && text[0] === "'" && isFormulaLike(text.slice(1)) ? text.slice(1) : text;
}

/** Infer a column type from CSV cells: number, boolean, else string (missing cells are ignored). @internal */
export function inferCellType(
  cells: readonly string[],
  na: ReadonlySet<string>,
  decimal: '.' | ',',
): ColumnType {
  let numeric = true;
  let logical = true;
  for (const cell of cells) {
    if (na.has(cell)) continue;
    if (numeric) {
      if (parseNumberCell(cell, decimal) !== undefined) {
        logical = false;
        continue;
      }
      numeric = false;
    }
    // Not a number: the column is logical only if every cell so far was true/false.
    if (!logical || parseBooleanCell(cell) === undefined) return 'string';
  }
  return numeric ? 'number' : 'boolean';
}

/** Convert CSV cells to a column of `type`; `firstRow` is the data row of `cells[0]`, for error messages. @internal */
export function cellsToColumn(
  cells: readonly string[],
  type: ColumnType,
  name: string,
  firstRow: number,
  na: ReadonlySet<string>,
  decimal: '.' | ',',
  undoSafe: boolean,
): TableColumn {
  const n = cells.length;
  if (type === 'string') {
    const out: (string | null)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const c = cells[i]!;
      out[i] = na.has(c) ? null : undoSafe ? unescapeSpreadsheet(c) : c;
    }
    return out;
  }
  const out = new Float64Array(n);
  const parse = type === 'number' ? (c: string) => parseNumberCell(c, decimal) : parseBooleanCell;
  for (let i = 0; i < n; i++) {
    const c = cells[i]!;
    if (na.has(c)) {
      out[i] = Number.NaN;
      continue;
    }
    const v = parse(c);
    if (v === undefined) {
      const row = firstRow + i;
      throw new DataError(
        'invalid-value',
        `column '${name}' row ${row} holds '${c}', which is not ${type === 'number' ? 'a number' : 'true/false'}; ` +
          `read it as text with types: { '${name}': 'string' }, or list '${c}' in na to treat it as missing`,
        { column: name, row },
      );
    }
    out[i] = v;
  }
  return out;
}
