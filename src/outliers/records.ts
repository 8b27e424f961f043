/**
 * Reading municipality records: ids, years and numbers, each checked once at the boundary so that
 * bad input throws an {@link OutlierInputError} naming the municipality, year and column at fault.
 * Internal to `src/outliers`.
 */
import type { ArqueroLike } from '../data/index.js';
import { OutlierInputError } from './errors.js';

/** A municipality id: a CBS code such as `'GM0363'` or `363`, or a name. */
export type UnitId = string | number;

/**
 * Tabular input: an array of row objects, a column object (`{ municipality: [...], year: [...] }`)
 * whose columns all have the same length, or an arquero table.
 */
export type RecordsInput =
  | readonly Readonly<Record<string, unknown>>[]
  | Readonly<Record<string, ArrayLike<unknown>>>
  | ArqueroLike;

function isArqueroLike(x: object): x is ArqueroLike {
  const t = x as ArqueroLike;
  return (
    typeof t.numRows === 'function' && typeof t.columnNames === 'function' && typeof t.array === 'function'
  );
}

/** A group member given as its id or as an object carrying it (such as a selection entry). */
export type MemberLike = UnitId | { readonly municipality: UnitId };

/** Turn any input shape into row objects. */
export function toRows(data: RecordsInput, what: string): readonly Readonly<Record<string, unknown>>[] {
  if (Array.isArray(data)) return data as readonly Readonly<Record<string, unknown>>[];
  if (data === null || typeof data !== 'object') {
    throw new OutlierInputError('invalid-value', `${what} must be an array of rows or an object of columns`);
  }
  const columns = isArqueroLike(data)
    ? data.columnNames().map((name): [string, ArrayLike<unknown>] => [name, data.array(name)])
    : Object.entries(data as Record<string, ArrayLike<unknown>>);
  if (columns.length === 0) throw new OutlierInputError('empty', `${what} has no columns`);
  const n = columns[0][1].length;
  for (const [name, values] of columns) {
    if (values.length !== n) {
      throw new OutlierInputError(
        'length-mismatch',
        `${what}: column '${name}' has ${values.length} values where '${columns[0][0]}' has ${n}`,
        { column: name },
      );
    }
  }
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const row: Record<string, unknown> = {};
    for (const [name, values] of columns) row[name] = values[i];
    rows.push(row);
  }
  return rows;
}

/** Quote an id for a message: `'GM0363'`. */
export function showId(id: UnitId): string {
  return `'${id}'`;
}

/** The id of a group member given as an id or an object with `municipality`. */
export function memberId(member: MemberLike): UnitId {
  return typeof member === 'object' && member !== null ? member.municipality : member;
}

/** Map key for an id, so 363 and '363' are the same municipality. */
export function idKey(id: UnitId): string {
  return String(id);
}

/** Read and check the municipality id in a row. */
export function readId(row: Readonly<Record<string, unknown>>, column: string, index: number): UnitId {
  const value = row[column];
  if (value === undefined || value === null) {
    throw new OutlierInputError(
      'missing-value',
      `row ${index} has no municipality id in column '${column}'`,
      {
        column,
        row: index,
      },
    );
  }
  if (
    (typeof value === 'string' && value.length > 0) ||
    (typeof value === 'number' && Number.isFinite(value))
  ) {
    return value;
  }
  throw new OutlierInputError(
    'invalid-value',
    `row ${index}: municipality id in column '${column}' must be a non-empty string or a finite number, got ${String(value)}`,
    { column, row: index },
  );
}

/** Read and check an integer year in a row. */
export function readYear(
  row: Readonly<Record<string, unknown>>,
  column: string,
  index: number,
  municipality: UnitId,
): number {
  const value = row[column];
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new OutlierInputError(
      value === undefined || value === null ? 'missing-value' : 'invalid-value',
      `row ${index} (municipality ${showId(municipality)}): year in column '${column}' must be an integer, got ${String(value)}`,
      { column, row: index, municipality },
    );
  }
  return value;
}

/** Read a finite number from a row; the message names the municipality, year and indicator. */
export function readNumber(
  row: Readonly<Record<string, unknown>>,
  column: string,
  where: {
    readonly row: number;
    readonly municipality: UnitId;
    readonly year?: number;
    readonly indicator?: string;
  },
): number {
  const value = row[column];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  const yearText = where.year === undefined ? '' : `, year ${where.year}`;
  const missing = value === undefined || value === null;
  throw new OutlierInputError(
    missing ? 'missing-value' : 'invalid-value',
    `municipality ${showId(where.municipality)}${yearText}: ${missing ? 'no value' : `value ${String(value)} is not a finite number`} in column '${column}' (row ${where.row})`,
    {
      column,
      row: where.row,
      municipality: where.municipality,
      year: where.year,
      indicator: where.indicator,
    },
  );
}

/** Arithmetic mean (two-pass safe for the small groups used here). */
export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/** Sample standard deviation with denominator n − 1 (centred two-pass sum of squares). */
export function sampleSd(values: ArrayLike<number>): number {
  const m = mean(values);
  let ss = 0;
  for (let i = 0; i < values.length; i++) ss += (values[i] - m) ** 2;
  return Math.sqrt(ss / (values.length - 1));
}
