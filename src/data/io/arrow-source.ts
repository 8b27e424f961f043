import { createReadStream } from 'node:fs';
import type { DataType, Vector } from 'apache-arrow';
import { DataError } from '../../errors.js';
import { planColumns } from './column-mapping.js';
import { decodedToColumn } from './decoded-values.js';
import { ownValue, setOwn } from './own.js';
import { emptyTable, rechunk } from './rechunk.js';
import type { ReadTableOptions, TableColumn, TableColumns } from './types.js';

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
): TableColumn | null {
  const n = vec.length;
  const chunks = vec.data as unknown as readonly ArrowData[];
  const typeId = vec.type.typeId;
  if (kind === 'numeric') {
    if (typeId !== Type.Int && typeId !== Type.Float && typeId !== Type.Bool) return null;
    if (typeId === Type.Float && (vec.type as DataType & { precision: number }).precision === 0) return null;
    const out = new Float64Array(n);
    let at = 0;
    for (const d of chunks) {
      const valid = d.nullCount > 0 ? d.nullBitmap : undefined;
      const values = d.values;
      for (let i = 0; i < d.length; i++) {
        const p = d.offset + i;
        if (valid && (valid[p >> 3]! & (1 << (p & 7))) === 0) {
          out[at + i] = Number.NaN;
        } else if (typeId === Type.Bool) {
          out[at + i] = (values[p >> 3]! as number) & (1 << (p & 7)) ? 1 : 0;
        } else {
          const v = values[p]!;
          if (typeof v === 'bigint') {
            if (v > MAX_SAFE || v < MIN_SAFE) {
              const row = offset + at + i + 1;
              throw new DataError(
                'lossy-value',
                `column '${name}' row ${row} holds the 64-bit integer ${v}, beyond the ±2^53 that a double holds exactly; read it as text with types: { '${name}': 'string' }`,
                { column: name, row },
              );
            }
            out[at + i] = Number(v);
          } else out[at + i] = v;
        }
      }
      at += d.length;
    }
    return out;
  }
  if (typeId !== Type.Dictionary) return null;
  const valueType = (vec.type as DataType & { dictionary: DataType }).dictionary.typeId;
  if (valueType !== Type.Utf8 && valueType !== Type.LargeUtf8) return null;
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
    const valid = d.nullCount > 0 ? d.nullBitmap : undefined;
    const codes = d.values as ArrayLike<number | bigint>;
    for (let i = 0; i < d.length; i++) {
      const p = d.offset + i;
      out[at + i] = valid && (valid[p >> 3]! & (1 << (p & 7))) === 0 ? null : levels[Number(codes[p]!)]!;
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
  options: ReadTableOptions,
  chunkRows: number,
): AsyncGenerator<TableColumns> {
  const arrow = await import('apache-arrow');
  const { RecordBatchReader, Type, Float, Int, Precision } = arrow;
  const stream = createReadStream(path);
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
    let offset = 0;
    async function* pieces(): AsyncGenerator<TableColumns> {
      for await (const batch of reader) {
        const piece: TableColumns = {};
        for (let k = 0; k < plan.target.length; k++) {
          const vec = batch.getChildAt(position.get(plan.source[k]!)!)!;
          const name = plan.target[k]!;
          const column =
            directColumn(vec, kinds[k]!, name, offset, Type, shared[k]!) ??
            decodedToColumn(values(vec, direct[k]!), kinds[k]!, name, offset);
          setOwn(piece, name, column);
        }
        offset += batch.numRows;
        yield piece;
      }
    }
    yield* rechunk(pieces(), plan.target, chunkRows, emptyTable(plan.target, kinds));
  } finally {
    await reader.cancel();
    stream.destroy();
  }
}
