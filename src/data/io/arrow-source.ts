import { createReadStream } from 'node:fs';
import type { DataType, Vector } from 'apache-arrow';
import { DataError } from '../../errors.js';
import { loadOptional } from '../../internal/optional.js';
import { planColumns } from './column-mapping.js';
import { decodedToColumn } from './decoded-values.js';
import { ownValue, setOwn } from './own.js';
import { emptyTable, rechunk } from './rechunk.js';
import { sortFactor } from './text-factor.js';
import type { ReadTableOptions, ReadTableTextOption, TableColumn, TableColumns } from './types.js';

type Kind = 'numeric' | 'text';

function kindOf(type: DataType, Type: typeof import('apache-arrow').Type): Kind | null {
  switch (type.typeId) {
    case Type.Int:
    case Type.Float:
    case Type.Bool:
    case Type.Date:
    case Type.Timestamp:
      return 'numeric';
    case Type.Utf8:
    case Type.LargeUtf8:
      return 'text';
    case Type.Dictionary:
      return kindOf((type as DataType & { dictionary: DataType }).dictionary, Type);
    default:
      return null;
  }
}

function values(vec: Vector, direct: boolean): ArrayLike<unknown> {
  // Float32/64 and Int8–32 without nulls are read as their typed array; the rest value by value.
  if (direct && vec.nullCount === 0) {
    const arr = vec.toArray() as unknown;
    if (
      arr instanceof Float64Array ||
      arr instanceof Float32Array ||
      arr instanceof Int32Array ||
      arr instanceof Int16Array ||
      arr instanceof Int8Array ||
      arr instanceof Uint32Array ||
      arr instanceof Uint16Array ||
      arr instanceof Uint8Array
    ) {
      return arr;
    }
  }
  const out = new Array<unknown>(vec.length);
  for (let i = 0; i < vec.length; i++) out[i] = vec.get(i);
  return out;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

interface ArrowData {
  readonly type: DataType;
  readonly length: number;
  readonly offset: number;
  readonly nullCount: number;
  readonly nullBitmap: Uint8Array | undefined;
  readonly values: ArrayLike<number | bigint>;
  readonly dictionary?: Vector;
}

// The row loops, small and of fixed argument types so V8 optimizes each once.

function isNull(valid: Uint8Array, p: number): boolean {
  return (valid[p >> 3]! & (1 << (p & 7))) === 0;
}

function markNulls(out: Float64Array, at: number, valid: Uint8Array, offset: number, n: number): void {
  for (let i = 0; i < n; i++) if (isNull(valid, offset + i)) out[at + i] = Number.NaN;
}

function booleans(out: Float64Array, at: number, bits: Uint8Array, offset: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const p = offset + i;
    out[at + i] = (bits[p >> 3]! >> (p & 7)) & 1;
  }
}

/** 64-bit integers as doubles; the first row (0-based in the chunk) beyond ±2^53, or -1. */
function bigints(
  out: Float64Array,
  at: number,
  values: BigInt64Array | BigUint64Array,
  valid: Uint8Array | null,
  offset: number,
  n: number,
): number {
  for (let i = 0; i < n; i++) {
    const p = offset + i;
    if (valid !== null && isNull(valid, p)) continue;
    const v = values[p]!;
    if (v > MAX_SAFE || v < MIN_SAFE) return i;
    out[at + i] = Number(v);
  }
  return -1;
}

function dictionaryText(
  out: (string | null)[],
  at: number,
  levels: readonly (string | null)[],
  codes: Int32Array,
  valid: Uint8Array | null,
  offset: number,
  n: number,
): number {
  const size = levels.length;
  for (let i = 0; i < n; i++) {
    const p = offset + i;
    if (valid !== null && isNull(valid, p)) {
      out[at + i] = null;
      continue;
    }
    const k = codes[p]!;
    if (k < 0 || k >= size) return i;
    out[at + i] = levels[k]!;
  }
  return -1;
}

/** As {@link dictionaryText}, into factor codes (the batch's dictionary mapped to codes; -1 = missing). */
function dictionaryCodes(
  out: Int32Array,
  at: number,
  levels: Int32Array,
  codes: Int32Array,
  valid: Uint8Array | null,
  offset: number,
  n: number,
): number {
  const size = levels.length;
  for (let i = 0; i < n; i++) {
    const p = offset + i;
    if (valid !== null && isNull(valid, p)) {
      out[at + i] = -1;
      continue;
    }
    const k = codes[p]!;
    if (k < 0 || k >= size) return i;
    out[at + i] = levels[k]!;
  }
  return -1;
}

/** Text read as factor codes (readTable's text: 'factor'): codes numbered as first seen, `seen[c]` is level c. */
interface FirstSeen {
  readonly of: Map<string, number>;
  readonly seen: string[];
}

/**
 * A column straight from the Arrow buffers: numbers (Int, Float but half, Bool) into a Float64Array with
 * NaN at nulls, dictionary-encoded text as the dictionary's strings (each decoded once per batch, and one
 * string instance per distinct value across batches). Other types return null and go value by value.
 */
function directColumn(
  vec: Vector,
  kind: Kind,
  name: string,
  offset: number,
  Type: typeof import('apache-arrow').Type,
  shared: Map<string, string>,
  coded: FirstSeen | null = null,
): TableColumn | Int32Array | null {
  const n = vec.length;
  const chunks = vec.data as unknown as readonly ArrowData[];
  const typeId = vec.type.typeId;
  if (kind === 'numeric') {
    if (typeId !== Type.Int && typeId !== Type.Float && typeId !== Type.Bool) return null;
    if (typeId === Type.Float && (vec.type as DataType & { precision: number }).precision === 0) return null;
    const out = new Float64Array(n);
    let at = 0;
    for (const d of chunks) {
      const valid = d.nullCount > 0 ? (d.nullBitmap ?? null) : null;
      const values = d.values;
      if (typeId === Type.Bool) {
        booleans(out, at, values as Uint8Array, d.offset, d.length);
      } else if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
        const fault = bigints(out, at, values, valid, d.offset, d.length);
        if (fault >= 0) {
          const row = offset + at + fault + 1;
          throw new DataError(
            'lossy-value',
            `column '${name}' row ${row} holds the 64-bit integer ${values[d.offset + fault]}, beyond the ±2^53 that a double holds exactly; read it as text with types: { '${name}': 'string' }`,
            { column: name, row },
          );
        }
      } else {
        // Typed-array set converts Int8…Int32 and Float32 natively; the nulls are marked afterwards.
        out.set((values as Float64Array).subarray(d.offset, d.offset + d.length), at);
      }
      if (valid) markNulls(out, at, valid, d.offset, d.length);
      at += d.length;
    }
    return out;
  }
  if (typeId !== Type.Dictionary) return null;
  const valueType = (vec.type as DataType & { dictionary: DataType }).dictionary.typeId;
  if (valueType !== Type.Utf8 && valueType !== Type.LargeUtf8) return null;
  if (coded) return directCodes(chunks, n, name, offset, coded);
  const out = new Array<string | null>(n);
  let at = 0;
  for (const d of chunks) {
    const dict = d.dictionary!;
    const levels = new Array<string | null>(dict.length);
    for (let k = 0; k < dict.length; k++) {
      const s = dict.get(k) as string | null;
      if (s === null) {
        levels[k] = null;
        continue;
      }
      const one = shared.get(s);
      if (one === undefined) shared.set(s, s);
      levels[k] = one ?? s;
    }
    const valid = d.nullCount > 0 ? (d.nullBitmap ?? null) : null;
    const codes = d.values as ArrayLike<number>;
    const fault =
      codes instanceof Int32Array
        ? dictionaryText(out, at, levels, codes, valid, d.offset, d.length)
        : dictionaryText(
            out,
            at,
            levels,
            Int32Array.from(codes as ArrayLike<number | bigint>, Number),
            valid,
            d.offset,
            d.length,
          );
    if (fault >= 0) {
      const row = offset + at + fault + 1;
      throw new DataError(
        'invalid-value',
        `column '${name}' row ${row} has a dictionary index outside its dictionary; the Arrow file is damaged`,
        { column: name, row },
      );
    }
    at += d.length;
  }
  return out;
}

/** Dictionary text as codes: each batch's dictionary mapped to first-seen codes once, then one typed loop. */
function directCodes(
  chunks: readonly ArrowData[],
  n: number,
  name: string,
  offset: number,
  coded: FirstSeen,
): Int32Array {
  const out = new Int32Array(n);
  let at = 0;
  for (const d of chunks) {
    const dict = d.dictionary!;
    const levels = new Int32Array(dict.length);
    for (let k = 0; k < dict.length; k++) {
      const s = dict.get(k) as string | null;
      if (s === null) {
        levels[k] = -1;
        continue;
      }
      let c = coded.of.get(s);
      if (c === undefined) {
        c = coded.seen.length;
        coded.of.set(s, c);
        coded.seen.push(s);
      }
      levels[k] = c;
    }
    const valid = d.nullCount > 0 ? (d.nullBitmap ?? null) : null;
    const codes = d.values as ArrayLike<number>;
    const fault = dictionaryCodes(
      out,
      at,
      levels,
      codes instanceof Int32Array ? codes : Int32Array.from(codes as ArrayLike<number | bigint>, Number),
      valid,
      d.offset,
      d.length,
    );
    if (fault >= 0) {
      const row = offset + at + fault + 1;
      throw new DataError(
        'invalid-value',
        `column '${name}' row ${row} has a dictionary index outside its dictionary; the Arrow file is damaged`,
        { column: name, row },
      );
    }
    at += d.length;
  }
  return out;
}

/**
 * Stream an Arrow IPC file or stream (Feather v2) one record batch at a time, regrouped into chunks of
 * `chunkRows` rows. Yields one empty chunk for a file without rows.
 * @internal
 */
export async function* arrowChunks(
  path: string,
  options: ReadTableOptions & ReadTableTextOption,
  chunkRows: number,
): AsyncGenerator<TableColumns> {
  const arrow = await loadOptional('apache-arrow', 'readTable (Arrow)', () => import('apache-arrow'));
  const { RecordBatchReader, Type, Float, Int, Precision } = arrow;
  // Large reads: the IPC reader otherwise waits on 64 KB pieces of a file of hundreds of MB.
  const stream = createReadStream(path, { highWaterMark: 8 << 20 });
  let reader: Awaited<ReturnType<typeof RecordBatchReader.from>>;
  try {
    reader = await RecordBatchReader.from(stream);
    await reader.open();
    // A file without the Arrow magic opens as a reader without a schema.
    if (!reader.schema) throw new Error('no Arrow schema found');
  } catch (e) {
    stream.destroy();
    throw new DataError(
      'invalid-value',
      `${path} is not an Arrow IPC file or stream (Feather v2): ${(e as Error).message}`,
    );
  }
  try {
    const fields = reader.schema.fields;
    // A field without a name is the empty name (apache-arrow writes '' that way and reads it back as null).
    const names = fields.map((f) => (f.name as string | null) ?? '');
    const byName = new Map(fields.map((f, i) => [names[i]!, f]));
    // Children are taken by position: apache-arrow's getChild('') finds nothing, and '' is a name too.
    const position = new Map(names.map((n, i) => [n, i]));
    const plan = planColumns(names, options.mapping, options.columns, path);
    const kinds = plan.target.map((name, k) => {
      const field = byName.get(plan.source[k]!)!;
      const kind = kindOf(field.type, Type);
      if (kind === null) {
        throw new DataError(
          'invalid-value',
          `column '${plan.source[k]}' of ${path} has Arrow type ${String(field.type)}; only numbers, booleans, dates and strings can be read`,
          { column: plan.source[k]! },
        );
      }
      const asked = ownValue(options.types, name);
      return asked === undefined ? kind : asked === 'string' ? 'text' : 'numeric';
    });
    const direct = plan.source.map((s) => {
      const t = byName.get(s)!.type;
      return (t instanceof Float && t.precision !== Precision.HALF) || (t instanceof Int && t.bitWidth <= 32);
    });
    const shared = plan.target.map(() => new Map<string, string>());
    // text: 'factor' on a whole-file read: dictionary text as codes, never as strings per cell.
    const coded = plan.target.map((_, k) =>
      options.text === 'factor' && chunkRows === Number.POSITIVE_INFINITY && kinds[k] === 'text'
        ? { of: new Map<string, number>(), seen: [] as string[] }
        : null,
    );
    let offset = 0;
    async function* pieces(): AsyncGenerator<TableColumns> {
      for await (const batch of reader) {
        const piece: TableColumns = {};
        for (let k = 0; k < plan.target.length; k++) {
          const vec = batch.getChildAt(position.get(plan.source[k]!)!)!;
          const name = plan.target[k]!;
          const column =
            directColumn(vec, kinds[k]!, name, offset, Type, shared[k]!, coded[k]!) ??
            decodedToColumn(values(vec, direct[k]!), kinds[k]!, name, offset);
          setOwn(piece, name, column as TableColumn);
        }
        offset += batch.numRows;
        yield piece;
      }
    }
    for await (const chunk of rechunk(pieces(), plan.target, chunkRows, emptyTable(plan.target, kinds))) {
      // Coded columns (Int32Array, joined across batches by rechunk) get their sorted levels here.
      for (let k = 0; k < plan.target.length; k++) {
        const c = chunk[plan.target[k]!] as unknown;
        if (coded[k] && c instanceof Int32Array) {
          setOwn(chunk, plan.target[k]!, sortFactor(c, coded[k]!.seen) as unknown as TableColumn);
        }
      }
      yield chunk;
    }
  } finally {
    await reader.cancel();
    stream.destroy();
  }
}
