import { DataError } from '../errors.js';
import { type Column, dataRow, type Frame } from './frame.js';

/**
 * A frame over a subset of rows (`rows` are 0-based indices into `frame`). Columns are gathered
 * lazily, once, when first used, so only the columns a model needs are copied.
 *
 * @example
 * ```ts
 * import { rowsWhere, selectRows, toFrame } from 'verdeelmodel/data';
 * import { generateHouseholds } from 'verdeelmodel/generate';
 * const households = toFrame(generateHouseholds({ households: 5000, seed: 1 }).columns());
 * const recipients = selectRows(households, rowsWhere(households, 'receipt'));
 * ```
 */
export function selectRows(frame: Frame, rows: Int32Array): Frame {
  const cache = new Map<string, Column>();
  return {
    nrows: rows.length,
    names: frame.names,
    has: (name) => frame.has(name),
    column(name) {
      const hit = cache.get(name);
      if (hit) return hit;
      const src = frame.column(name);
      const col: Column =
        src.kind === 'numeric'
          ? { ...src, values: Float64Array.from(rows, (i) => src.values[i]!) }
          : { ...src, codes: Int32Array.from(rows, (i) => src.codes[i]!) };
      cache.set(name, col);
      return col;
    },
    sourceRow: (i) => dataRow(frame, rows[i]!),
  };
}

/** Indices of the rows where a 0/1 (or boolean) column is 1; missing values are an error naming the row. */
export function rowsWhere(frame: Frame, column: string): Int32Array {
  const col = frame.column(column);
  if (col.kind !== 'numeric') {
    throw new DataError('invalid-value', `column '${column}' must be 0/1 or boolean to select rows`, {
      column,
    });
  }
  let count = 0;
  for (let i = 0; i < frame.nrows; i++) {
    const v = col.values[i]!;
    if (v !== 0 && v !== 1) {
      throw new DataError(
        'invalid-value',
        `column '${column}' is ${v} at row ${i + 1}; it must be 0/1 to select rows`,
        {
          column,
          row: i + 1,
        },
      );
    }
    count += v;
  }
  const rows = new Int32Array(count);
  let k = 0;
  for (let i = 0; i < frame.nrows; i++) if (col.values[i] === 1) rows[k++] = i;
  return rows;
}

/** Group keys of a column as strings (factor levels, or numbers as text) with a code per row. */
export function groupCodes(frame: Frame, column: string): { keys: string[]; codes: Int32Array } {
  const col = frame.column(column);
  const n = frame.nrows;
  const codes = new Int32Array(n);
  if (col.kind === 'factor') {
    const map = new Int32Array(col.levels.length).fill(-1);
    const keys: string[] = [];
    for (let i = 0; i < n; i++) {
      const c = col.codes[i]!;
      if (c < 0)
        throw new DataError('missing-value', `column '${column}' is missing at row ${i + 1}`, {
          column,
          row: i + 1,
        });
      if (map[c] === -1) {
        map[c] = keys.length;
        keys.push(col.levels[c]!);
      }
      codes[i] = map[c]!;
    }
    return { keys, codes };
  }
  const index = new Map<number, number>();
  const keys: string[] = [];
  for (let i = 0; i < n; i++) {
    const v = col.values[i]!;
    if (Number.isNaN(v))
      throw new DataError('missing-value', `column '${column}' is missing at row ${i + 1}`, {
        column,
        row: i + 1,
      });
    let g = index.get(v);
    if (g === undefined) {
      g = keys.length;
      index.set(v, g);
      keys.push(String(v));
    }
    codes[i] = g;
  }
  return { keys, codes };
}
