import { compareIds } from '../allocation/municipality-values.js';
import { type DataInput, dataRow, type Frame, toFrame } from '../data/frame.js';
import { groupCodes } from '../data/select.js';
import { DataError } from '../errors.js';

/**
 * The one reading step of the feature constructions (S1 Annex C): a frame through the data boundary, key
 * columns (municipality, sector) as text, numeric columns checked for finite values in range, years as whole
 * numbers. Every problem names the function, the column and the 1-based row. Internal to src/development.
 */
export interface FeatureTable {
  readonly frame: Frame;
  readonly where: string;
}

export function featureTable(data: DataInput, where: string): FeatureTable {
  if (data == null) throw new DataError('empty', `${where}: no data given`);
  const frame = toFrame(data);
  if (frame.nrows === 0) throw new DataError('empty', `${where}: the data have no rows`);
  return { frame, where };
}

function requireColumn(t: FeatureTable, column: string, what: string): void {
  if (!t.frame.has(column)) {
    const names = t.frame.names.length <= 20 ? ` (columns: ${t.frame.names.join(', ')})` : '';
    throw new DataError('missing-column', `${t.where}: there is no column '${column}' (${what})${names}`, {
      column,
    });
  }
}

/** A key column (codes such as 'GM0363' or SBI sectors 47) as one text key per row, and the distinct keys. */
export function keyColumn(
  t: FeatureTable,
  column: string,
  what: string,
): { keys: string[]; codes: Int32Array } {
  requireColumn(t, column, what);
  return groupCodes(t.frame, column);
}

/** A numeric column, every value finite and ≥ `min` (> `min` when `exclusive`). */
export function numberColumn(
  t: FeatureTable,
  column: string,
  what: string,
  range: { readonly min?: number; readonly exclusive?: boolean; readonly max?: number } = {},
): Float64Array {
  requireColumn(t, column, what);
  const col = t.frame.column(column);
  if (col.kind !== 'numeric') {
    throw new DataError(
      'invalid-value',
      `${t.where}: column '${column}' (${what}) must hold numbers, not text`,
      {
        column,
      },
    );
  }
  const out = Float64Array.from(col.values);
  const min = range.min ?? Number.NEGATIVE_INFINITY;
  const max = range.max ?? Number.POSITIVE_INFINITY;
  for (let i = 0; i < out.length; i++) {
    const v = out[i]!;
    const row = dataRow(t.frame, i);
    if (!Number.isFinite(v)) {
      throw new DataError(
        Number.isNaN(v) ? 'missing-value' : 'not-finite',
        `${t.where}: column '${column}' (${what}) is ${v} at row ${row}; give a finite number`,
        { column, row },
      );
    }
    if ((range.exclusive ? v <= min : v < min) || v > max) {
      const bounds = `${range.exclusive ? '>' : '>='} ${min}${max < Number.POSITIVE_INFINITY ? ` and <= ${max}` : ''}`;
      throw new DataError(
        'out-of-range',
        `${t.where}: column '${column}' (${what}) is ${v} at row ${row}; it must be ${bounds}`,
        { column, row },
      );
    }
  }
  return out;
}

/** A year column: whole numbers from 1800 to 2200. */
export function yearColumn(t: FeatureTable, column: string): Int32Array {
  const v = numberColumn(t, column, 'the year', { min: 1800, max: 2200 });
  for (let i = 0; i < v.length; i++) {
    if (!Number.isInteger(v[i]!)) {
      const row = dataRow(t.frame, i);
      throw new DataError(
        'invalid-value',
        `${t.where}: year '${column}' is ${v[i]} at row ${row}; give whole years`,
        {
          column,
          row,
        },
      );
    }
  }
  return Int32Array.from(v);
}

/** A 0/1 indicator column. */
export function indicatorColumn(t: FeatureTable, column: string, what: string): Uint8Array {
  const v = numberColumn(t, column, what, { min: 0, max: 1 });
  for (let i = 0; i < v.length; i++) {
    if (v[i] !== 0 && v[i] !== 1) {
      const row = dataRow(t.frame, i);
      throw new DataError(
        'invalid-value',
        `${t.where}: column '${column}' (${what}) is ${v[i]} at row ${row}; it must be 0 or 1`,
        {
          column,
          row,
        },
      );
    }
  }
  return Uint8Array.from(v);
}

/** Keys in code order, with their positions (the order results come back in). */
export function sortedKeys(keys: readonly string[]): { order: number[]; sorted: string[] } {
  const order = keys.map((_, i) => i).sort((a, b) => compareIds(keys[a]!, keys[b]!));
  return { order, sorted: order.map((i) => keys[i]!) };
}

/**
 * Per key and year, count rows and sum values of `add` (several sums at once): the per-municipality-per-year
 * shares of Annex C are such sums over a count. Years in increasing order.
 */
export function byKeyYear(
  codes: Int32Array,
  nKeys: number,
  year: Int32Array,
  values: readonly ArrayLike<number>[],
): { years: number[]; count: Float64Array[]; sums: Float64Array[][] } {
  const years = [...new Set(year)].sort((a, b) => a - b);
  const yi = new Map(years.map((y, k) => [y, k]));
  const count = years.map(() => new Float64Array(nKeys));
  const sums = values.map(() => years.map(() => new Float64Array(nKeys)));
  for (let i = 0; i < codes.length; i++) {
    const k = yi.get(year[i]!)!;
    const g = codes[i]!;
    count[k]![g]!++;
    values.forEach((v, j) => {
      sums[j]![k]![g]! += v[i]!;
    });
  }
  return { years, count, sums };
}

/** The years a key has rows in (count > 0), as text for messages. */
export function yearsOf(years: readonly number[], count: readonly Float64Array[], g: number): number[] {
  return years.filter((_, k) => count[k]![g]! > 0);
}

/** Every key must have rows in every year of the data (a balanced panel), else the error names the first gap. */
export function requireEveryYear(
  t: FeatureTable,
  keys: readonly string[],
  years: readonly number[],
  count: readonly Float64Array[],
  what: string,
): void {
  for (let g = 0; g < keys.length; g++) {
    const missing = years.filter((_, k) => count[k]![g] === 0);
    if (missing.length > 0) {
      throw new DataError(
        'unbalanced-panel',
        `${t.where}: ${what} '${keys[g]}' has no rows for ${missing.length === 1 ? 'year' : 'years'} ${missing.join(', ')}, which other ${what}s have (years in the data: ${years.join(', ')}); give every ${what} the same years`,
      );
    }
  }
}

/** Mean of yearly values over the years with a count, per key. */
export function meanOverYears(
  yearly: readonly Float64Array[],
  count: readonly Float64Array[],
  g: number,
): { mean: number; years: number } {
  let s = 0;
  let n = 0;
  yearly.forEach((v, k) => {
    if (count[k]![g]! > 0) {
      s += v[g]!;
      n++;
    }
  });
  return { mean: s / n, years: n };
}

/** One number per key (a sector's job count or weight): a key given twice is a `duplicate` naming it and the row. */
export function valuesByKey(
  t: FeatureTable,
  keyName: string,
  valueName: string,
  what: { readonly key: string; readonly value: string },
): Map<string, number> {
  const k = keyColumn(t, keyName, `the ${what.key}`);
  const v = numberColumn(t, valueName, what.value, { min: 0 });
  const out = new Map<string, number>();
  for (let i = 0; i < v.length; i++) {
    const key = k.keys[k.codes[i]!]!;
    if (out.has(key)) {
      const row = dataRow(t.frame, i);
      throw new DataError(
        'duplicate',
        `${t.where}: ${what.key} '${key}' is listed twice (again at row ${row}); give one ${what.value} per ${what.key}`,
        { column: keyName, row },
      );
    }
    out.set(key, v[i]!);
  }
  return out;
}

/** Per key g: the mean over the years with rows of the yearly share sums[y][g] / count[y][g]. */
export function meanYearlyShare(
  sums: readonly Float64Array[],
  count: readonly Float64Array[],
  g: number,
): number {
  let s = 0;
  let n = 0;
  sums.forEach((v, y) => {
    const c = count[y]![g]!;
    if (c > 0) {
      s += v[g]! / c;
      n++;
    }
  });
  return s / n;
}
