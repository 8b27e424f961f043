import type { SchemaElement } from 'hyparquet';
import { DataError } from '../../errors.js';
import { planColumns } from './column-mapping.js';
import { decodedToColumn } from './decoded-values.js';
import { ownValue, setOwn } from './own.js';
import { emptyTable, rechunk } from './rechunk.js';
import type { ReadTableOptions, TableColumns } from './types.js';

const KEEP_BOM = new TextDecoder('utf-8', { ignoreBOM: true });
const NUMERIC_TYPES = new Set(['BOOLEAN', 'INT32', 'INT64', 'INT96', 'FLOAT', 'DOUBLE']);

function isNumeric(e: SchemaElement): boolean {
  if (e.type && NUMERIC_TYPES.has(e.type)) return true;
  const logical = e.logical_type?.type;
  return e.converted_type === 'DECIMAL' || logical === 'DECIMAL' || logical === 'FLOAT16';
}

/**
 * Stream a Parquet file one row group at a time (only the selected columns are read and decompressed),
 * regrouped into chunks of `chunkRows` rows. Yields one empty chunk for a file without rows.
 * @internal
 */
export async function* parquetChunks(
  path: string,
  options: ReadTableOptions,
  chunkRows: number,
): AsyncGenerator<TableColumns> {
  const { asyncBufferFromFile, parquetMetadataAsync, parquetSchema, parquetScan } = await import('hyparquet');
  const { compressors } = await import('hyparquet-compressors');
  const file = await asyncBufferFromFile(path);
  let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (e) {
    throw new DataError('invalid-value', `${path} is not a readable Parquet file: ${(e as Error).message}`);
  }
  const tree = parquetSchema(metadata);
  const byName = new Map(tree.children.map((c) => [c.element.name, c]));
  const plan = planColumns([...byName.keys()], options.mapping, options.columns, path);
  const kinds = plan.target.map((name, k) => {
    const node = byName.get(plan.source[k]!)!;
    if (node.children.length > 0) {
      throw new DataError(
        'invalid-value',
        `column '${plan.source[k]}' of ${path} is nested (a list, map or struct); only flat columns can be read`,
        { column: plan.source[k]! },
      );
    }
    const asked = ownValue(options.types, name);
    if (asked !== undefined) return asked === 'string' ? 'text' : 'numeric';
    return isNumeric(node.element) ? 'numeric' : 'text';
  });
  const scan = await parquetScan({
    file,
    metadata,
    columns: [...new Set(plan.source)],
    compressors,
    // The default decoder drops a leading U+FEFF from every string; text comes back as written.
    parsers: { stringFromBytes: (bytes: Uint8Array) => bytes && KEEP_BOM.decode(bytes) },
  });
  async function* pieces(): AsyncGenerator<TableColumns> {
    for (const range of scan.ranges) {
      const piece: TableColumns = {};
      for (let k = 0; k < plan.target.length; k++) {
        const values = await scan.readColumn({
          column: plan.source[k]!,
          rowStart: range.rowStart,
          rowEnd: range.rowEnd,
        });
        setOwn(piece, plan.target[k]!, decodedToColumn(values, kinds[k]!, plan.target[k]!, range.rowStart));
      }
      yield piece;
    }
  }
  yield* rechunk(pieces(), plan.target, chunkRows, emptyTable(plan.target, kinds));
}
