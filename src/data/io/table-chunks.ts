import { SpecError } from '../../errors.js';
import { arrowChunks } from './arrow-source.js';
import { csvChunks } from './csv-source.js';
import { jsonChunks } from './json-source.js';
import { parquetChunks } from './parquet-source.js';
import { tableFormat } from './table-format.js';
import type { ReadTableChunksOptions, TableColumns } from './types.js';

/**
 * Chunks of a table file in any supported format; the first chunk may be empty (a file without rows), so
 * that the caller still learns the columns. @internal
 */
export function tableChunks(
  path: string,
  options: ReadTableChunksOptions,
  chunkRows: number,
): AsyncGenerator<TableColumns> {
  if (!(chunkRows === Number.POSITIVE_INFINITY || (Number.isInteger(chunkRows) && chunkRows >= 1))) {
    throw new SpecError('invalid-option', `chunkRows must be a positive integer, got ${chunkRows}`);
  }
  if (options.columns !== undefined && options.columns.length === 0) {
    throw new SpecError('invalid-option', 'columns is empty; leave it out to read every column');
  }
  switch (tableFormat(path, options.format)) {
    case 'csv':
      return csvChunks(path, options, chunkRows);
    case 'parquet':
      return parquetChunks(path, options, chunkRows);
    case 'arrow':
      return arrowChunks(path, options, chunkRows);
    case 'json':
      return jsonChunks(path, options, chunkRows);
  }
}
