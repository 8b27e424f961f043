import type { AsyncBuffer, SchemaElement } from 'hyparquet';
import { DataError } from '../../errors.js';
import { loadOptional } from '../../internal/optional.js';
import { planColumns } from './column-mapping.js';
import { decodedToColumn } from './decoded-values.js';
import { ownValue, setOwn } from './own.js';
import { chunkRange, type DirectColumn, directKind, readDirectChunk } from './parquet-columns.js';
import {
  codesToStrings,
  parquetParallelPays,
  parquetThreads,
  readParquetParallel,
} from './parquet-parallel.js';
import { emptyTable, rechunk } from './rechunk.js';
import { sortFactor } from './text-factor.js';
import type {
  FactorTableColumns,
  ReadTableOptions,
  ReadTableTextOption,
  TableColumn,
  TableColumns,
} from './types.js';

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
  options: ReadTableOptions & ReadTableTextOption,
  chunkRows: number,
): AsyncGenerator<TableColumns> {
  const { asyncBufferFromFile, parquetMetadataAsync, parquetSchema, parquetScan } = await loadOptional(
    'hyparquet',
    'readTable (Parquet)',
    () => import('hyparquet'),
  );
  const { compressors } = await loadOptional(
    'hyparquet-compressors',
    'readTable (Parquet)',
    () => import('hyparquet-compressors'),
  );
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
  // Columns whose schema type is also the kind asked for are decoded straight into typed columns.
  const direct: (DirectColumn | null)[] = plan.target.map((name, k) => {
    const node = byName.get(plan.source[k]!)!;
    const kind = directKind(node);
    return kind !== null && kind === kinds[k] ? { name, kind, node, levels: new Map() } : null;
  });
  const factors = options.text === 'factor';
  const decodeText = (bytes: Uint8Array) => KEEP_BOM.decode(bytes);
  const general = plan.source.filter((_, k) => direct[k] === null);
  const scan =
    general.length > 0
      ? await parquetScan({
          file,
          metadata,
          columns: [...new Set(general)],
          compressors,
          // The default decoder drops a leading U+FEFF from every string; text comes back as written.
          parsers: { stringFromBytes: (bytes: Uint8Array) => bytes && KEEP_BOM.decode(bytes) },
        })
      : null;
  const chunkIndex = new Map<string, number>();
  const first = metadata.row_groups[0];
  first?.columns.forEach((c, i) => {
    const path = c.meta_data?.path_in_schema;
    if (path?.length === 1) chunkIndex.set(path[0]!, i);
  });
  // One read per row group for all direct columns (hundreds of small reads cost more than the decoding).
  const groupFile = async (group: (typeof metadata.row_groups)[number]): Promise<AsyncBuffer> => {
    let lo = Number.POSITIVE_INFINITY;
    let hi = 0;
    for (let k = 0; k < plan.source.length; k++) {
      if (!direct[k]) continue;
      const [s, e] = chunkRange(group.columns[chunkIndex.get(plan.source[k]!)!]!);
      lo = Math.min(lo, s);
      hi = Math.max(hi, e);
    }
    if (hi === 0) return file;
    const bytes = await file.slice(lo, hi);
    return {
      byteLength: file.byteLength,
      slice: (s: number, e?: number) => bytes.slice(s - lo, (e ?? hi) - lo),
    };
  };
  const totalRows = Number(metadata.num_rows);
  if (!Number.isFinite(chunkRows) && general.length === 0 && totalRows > 0) {
    // The whole file, every column direct: each row group is decoded into its place in one column.
    const whole: TableColumns | FactorTableColumns = {};
    // text: 'factor': dictionary indices become codes straight away (no string per cell).
    const coded = direct.map((d) =>
      d!.kind === 'text' && factors ? { ...d!, codes: { of: new Map(), seen: [] } } : d!,
    );
    const columns = coded.map((d) =>
      d.kind === 'numeric'
        ? new Float64Array(totalRows)
        : d.codes
          ? new Int32Array(totalRows)
          : new Array<string | null>(totalRows),
    );
    const threads = parquetThreads();
    if (parquetParallelPays(totalRows, plan.target.length, threads)) {
      // A large file: row groups decoded on worker threads too, into shared columns.
      let at = 0;
      const groups = metadata.row_groups.map((g) => {
        const rows = Number(g.num_rows);
        const chunks = plan.source.map((name) => g.columns[chunkIndex.get(name)!]!);
        const group = { rowStart: at, rows, chunks };
        at += rows;
        return group;
      });
      const specs = direct.map((d) => ({ name: d!.name, kind: d!.kind, node: d!.node }));
      const read = await readParquetParallel(
        path,
        file.byteLength,
        specs,
        groups,
        totalRows,
        threads,
        compressors,
        decodeText,
      );
      read.forEach((c, k) => {
        const column =
          c instanceof Float64Array ? c : factors ? sortFactor(c.codes, c.seen) : codesToStrings(c);
        setOwn<unknown>(whole, plan.target[k]!, column);
      });
      yield whole as TableColumns;
      return;
    }
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      const rows = Number(group.num_rows);
      const groupBytes = await groupFile(group);
      for (let k = 0; k < plan.target.length; k++) {
        const chunk = group.columns[chunkIndex.get(plan.source[k]!)!]!;
        await readDirectChunk(groupBytes, chunk, rows, coded[k]!, rowStart, compressors, decodeText, {
          column: columns[k]!,
          at: rowStart,
        });
      }
      rowStart += rows;
    }
    for (let k = 0; k < plan.target.length; k++) {
      const c = columns[k]!;
      const codes = coded[k]!.codes;
      setOwn(whole, plan.target[k]!, codes ? sortFactor(c as Int32Array, codes.seen) : (c as TableColumn));
    }
    // A whole-file read with text: 'factor' hands readTable its factors (readTable codes the rest).
    yield whole as TableColumns;
    return;
  }
  async function* pieces(): AsyncGenerator<TableColumns> {
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      const rows = Number(group.num_rows);
      const rowEnd = rowStart + rows;
      const piece: TableColumns = {};
      const groupBytes = await groupFile(group);
      for (let k = 0; k < plan.target.length; k++) {
        const d = direct[k];
        let column: TableColumn;
        if (d) {
          const chunk = group.columns[chunkIndex.get(plan.source[k]!)!]!;
          column = (await readDirectChunk(
            groupBytes,
            chunk,
            rows,
            d,
            rowStart,
            compressors,
            decodeText,
          )) as TableColumn;
        } else {
          const values = await scan!.readColumn({ column: plan.source[k]!, rowStart, rowEnd });
          column = decodedToColumn(values, kinds[k]!, plan.target[k]!, rowStart);
        }
        setOwn(piece, plan.target[k]!, column);
      }
      rowStart = rowEnd;
      yield piece;
    }
  }
  yield* rechunk(pieces(), plan.target, chunkRows, emptyTable(plan.target, kinds));
}
