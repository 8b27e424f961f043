import { DataError } from '../../errors.js';
import { parseNumberCell } from './cells.js';
import type { TableColumn } from './types.js';

function describe(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function toNumber(v: unknown, name: string, row: number): number {
  if (v === null || v === undefined) return Number.NaN;
  switch (typeof v) {
    case 'number':
      return v;
    case 'boolean':
      return v ? 1 : 0;
    case 'bigint': {
      if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
        throw new DataError(
          'lossy-value',
          `column '${name}' row ${row} holds the 64-bit integer ${v}, beyond the ±2^53 that a double holds exactly; read it as text with types: { '${name}': 'string' }`,
          { column: name, row },
        );
      }
      return Number(v);
    }
    case 'string': {
      const x = parseNumberCell(v, '.');
      if (x !== undefined) return x;
      break;
    }
    default:
      if (v instanceof Date) return v.getTime();
  }
  throw new DataError(
    'invalid-value',
    `column '${name}' row ${row} holds ${describe(v)}, which is not a number; read it as text with types: { '${name}': 'string' }`,
    { column: name, row },
  );
}

function toText(v: unknown, name: string, row: number): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  throw new DataError(
    'invalid-value',
    `column '${name}' row ${row} holds ${describe(v)}; nested values (lists, structs) are not supported`,
    { column: name, row },
  );
}

/**
 * Convert decoded values (typed arrays, BigInt arrays, arrays of numbers/strings/booleans/Dates/nulls) from a
 * Parquet or Arrow reader to a numeric (`Float64Array`, missing = NaN) or text column.
 * @internal
 */
export function decodedToColumn(
  values: ArrayLike<unknown>,
  kind: 'numeric' | 'text',
  name: string,
  offset: number,
): TableColumn {
  // `offset` is the 0-based position of values[0] in the file; messages name 1-based data rows.
  const firstRow = offset + 1;
  const n = values.length;
  if (kind === 'text') {
    const out: (string | null)[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = toText(values[i], name, firstRow + i);
    return out;
  }
  if (values instanceof Float64Array) return values;
  if (
    values instanceof Float32Array ||
    values instanceof Int32Array ||
    values instanceof Uint32Array ||
    values instanceof Int16Array ||
    values instanceof Uint16Array ||
    values instanceof Int8Array ||
    values instanceof Uint8Array
  ) {
    return Float64Array.from(values);
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = toNumber(values[i], name, firstRow + i);
  return out;
}
