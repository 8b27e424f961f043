import { DataError } from '../../errors.js';
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
    if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) return false;
    any = true;
  }
  return any;
}

/**
 * Normalise data for writing: the columns of any accepted input, renamed by `mapping`
 * (`{ ourName: 'theirColumn' }`), each tagged with a storage kind (integer-valued columns as int32,
 * boolean columns as boolean, other numbers as double, categories as text). @internal
 */
export function writeColumns(
  data: DataInput | Frame,
  mapping: ColumnMapping = {},
): {
  readonly nrows: number;
  readonly columns: readonly WriteColumn[];
} {
  const frame = toFrame(data);
  for (const ours of Object.keys(mapping)) {
    if (!frame.has(ours)) {
      throw new DataError('missing-column', `mapping names column '${ours}', which is not in the data`, {
        column: ours,
      });
    }
  }
  const seen = new Set<string>();
  const columns = frame.names.map((n): WriteColumn => {
    const name = mapping[n] ?? n;
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
      return { name, kind: 'text', values };
    }
    const kind = col.logical ? 'boolean' : isInt32Valued(col.values) ? 'int32' : 'double';
    return { name, kind, values: col.values };
  });
  return { nrows: frame.nrows, columns };
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
