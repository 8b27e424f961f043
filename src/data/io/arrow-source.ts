import { createReadStream } from 'node:fs';
import type { DataType, Vector } from 'apache-arrow';
import { DataError } from '../../errors.js';
import { planColumns } from './column-mapping.js';
import { decodedToColumn } from './decoded-values.js';
import { ownValue, setOwn } from './own.js';
import { emptyTable, rechunk } from './rechunk.js';
import type { ReadTableOptions, TableColumns } from './types.js';

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
    let offset = 0;
    async function* pieces(): AsyncGenerator<TableColumns> {
      for await (const batch of reader) {
        const piece: TableColumns = {};
        for (let k = 0; k < plan.target.length; k++) {
          const vec = batch.getChildAt(position.get(plan.source[k]!)!)!;
          setOwn(
            piece,
            plan.target[k]!,
            decodedToColumn(values(vec, direct[k]!), kinds[k]!, plan.target[k]!, offset),
          );
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
