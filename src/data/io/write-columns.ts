import { DataError, SpecError } from '../../errors.js';
import { type DataInput, type Frame, toFrame } from '../frame.js';
import type { ColumnMapping } from './types.js';

/** A column ready to write: numbers (with how to store them) or text. @internal */
export type WriteColumn =
  | {
      readonly name: string;
      readonly kind: 'double' | 'int32' | 'boolean';
      readonly values: ArrayLike<number>;
    }
  | { readonly name: string; readonly kind: 'text'; readonly values: readonly (string | null)[] };

function isInt32Valued(values: ArrayLike<number>): boolean {
  let any = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    // -0 is kept as a double: an int32 has no sign for zero.
    if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647 || Object.is(v, -0)) return false;
    any = true;
  }
  return any;
}

/**
 * Normalise data for writing: the columns of any accepted input, renamed by `mapping`
 * (`{ ourName: 'theirColumn' }`), each tagged with a storage kind (integer-valued columns as int32,
 * boolean columns as boolean, other numbers as double, categories as text). Data without columns is a
 * `DataError('empty')`. @internal
 */
export function writeColumns(
  data: DataInput | Frame,
  mapping: ColumnMapping = {},
): {
  readonly nrows: number;
  readonly columns: readonly WriteColumn[];
} {
  const frame = toFrame(data);
  // Every input without columns alike ({} is refused by toFrame; [], [{}] and a column-less table get here):
  // a file of no columns reads back as nothing (an empty CSV), not as the rows written.
  if (frame.names.length === 0) {
    throw new DataError(
      'empty',
      `the data has no columns${frame.nrows > 0 ? ` (${frame.nrows} rows without values)` : ''}; a table needs at least one column to be written`,
    );
  }
  // Names are data: a Map, so that a column called 'constructor' or '__proto__' is not looked up on {}.
  const renames = new Map<string, string>(Object.entries(mapping));
  for (const [ours, theirs] of renames) {
    if (typeof theirs !== 'string') {
      throw new SpecError(
        'invalid-mapping',
        `mapping['${ours}'] must be the name to write column '${ours}' under`,
        {
          option: 'mapping',
        },
      );
    }
    if (!frame.has(ours)) {
      throw new DataError('missing-column', `mapping names column '${ours}', which is not in the data`, {
        column: ours,
      });
    }
  }
  const seen = new Set<string>();
  const columns = frame.names.map((n): WriteColumn => {
    const name = renames.get(n) ?? n;
    wellFormed(name, `column name '${name}'`, name, undefined);
    if (seen.has(name)) {
      throw new DataError('duplicate', `two columns would be written as '${name}'; change the mapping`, {
        column: name,
      });
    }
    seen.add(name);
    const col = frame.column(n);
    if (col.kind === 'factor') {
      const values: (string | null)[] = new Array(col.codes.length);
      for (let i = 0; i < values.length; i++) {
        const c = col.codes[i]!;
        values[i] = c < 0 ? null : col.levels[c]!;
      }
      // Checked per level, not per row: the files are UTF-8, where a lone surrogate cannot be stored.
      col.levels.forEach((level, k) => {
        if (!isWellFormed(level)) {
          let row = 0;
          while (row < col.codes.length && col.codes[row] !== k) row++;
          if (row < col.codes.length) wellFormed(level, `column '${name}' row ${row + 1}`, name, row + 1);
        }
      });
      return { name, kind: 'text', values };
    }
    const kind = col.logical ? 'boolean' : isInt32Valued(col.values) ? 'int32' : 'double';
    return { name, kind, values: col.values };
  });
  return { nrows: frame.nrows, columns };
}

/** String.prototype.isWellFormed (Node 20; not in the ES2022 lib types). */
function isWellFormed(text: string): boolean {
  return (text as unknown as { isWellFormed(): boolean }).isWellFormed();
}

function wellFormed(text: string, what: string, column: string, row: number | undefined): void {
  if (isWellFormed(text)) return;
  throw new DataError(
    'lossy-value',
    `${what} holds text that is not valid Unicode (a lone surrogate), which a UTF-8 file cannot hold; fix the text before writing`,
    row === undefined ? { column } : { column, row },
  );
}

/**
 * Refuse text that starts with U+FEFF (a byte-order mark) for Parquet and Arrow: their JavaScript readers
 * (hyparquet for column names, apache-arrow for names and values) decode with a TextDecoder that drops it,
 * so it would not come back. @internal
 */
export function refuseLeadingBom(columns: readonly WriteColumn[], format: string): void {
  const fail = (column: string, row?: number) => {
    throw new DataError(
      'lossy-value',
      `${row === undefined ? `column name '${column}'` : `column '${column}' row ${row}`} starts with U+FEFF (a byte-order mark), which ${format} readers drop; remove it, or write CSV or JSON`,
      row === undefined ? { column } : { column, row },
    );
  };
  for (const c of columns) {
    if (c.name.charCodeAt(0) === 0xfeff) fail(c.name);
    if (c.kind !== 'text') continue;
    for (let i = 0; i < c.values.length; i++) if (c.values[i]?.charCodeAt(0) === 0xfeff) fail(c.name, i + 1);
  }
}

/** The values of a numeric column with NaN as null (Parquet and Arrow store missing values as nulls). @internal */
export function withNulls(values: ArrayLike<number>, kind: 'double' | 'int32' | 'boolean'): unknown[] {
  const out = new Array<unknown>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = Number.isNaN(v) ? null : kind === 'boolean' ? v !== 0 : v;
  }
  return out;
}
