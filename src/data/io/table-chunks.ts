import { SpecError } from '../../errors.js';
import { arrowChunks } from './arrow-source.js';
import { csvChunks } from './csv-source.js';
import { checkReadable, fileError } from './file-errors.js';
import { jsonChunks } from './json-source.js';
import { parquetChunks } from './parquet-source.js';
import { tableFormat } from './table-format.js';
import type { ReadTableChunksOptions, TableColumns } from './types.js';

/**
 * Chunks of a table file in any supported format; the first chunk may be empty (a file without rows), so
 * that the caller still learns the columns. The options are checked by the caller. A missing or unreadable
 * file is a `DataError` (`file-not-found`, `unreadable-file`) naming the path, whichever reader meets it.
 * @internal
 */
export async function* tableChunks(
  path: string,
  options: ReadTableChunksOptions,
  chunkRows: number,
): AsyncGenerator<TableColumns> {
  if (typeof path !== 'string' || path.length === 0) {
    throw new SpecError('invalid-option', `path must be a file name, got ${JSON.stringify(path)}`, {
      option: 'path',
    });
  }
  if (!(chunkRows === Number.POSITIVE_INFINITY || (Number.isInteger(chunkRows) && chunkRows >= 1))) {
    throw new SpecError('invalid-option', `chunkRows must be a positive integer, got ${chunkRows}`, {
      option: 'chunkRows',
    });
  }
  if (options.columns !== undefined && options.columns.length === 0) {
    throw new SpecError('invalid-option', 'columns is empty; leave it out to read every column', {
      option: 'columns',
    });
  }
  const format = tableFormat(path, options.format);
  await checkReadable(path);
  const source =
    format === 'csv'
      ? csvChunks(path, options, chunkRows)
      : format === 'parquet'
        ? parquetChunks(path, options, chunkRows)
        : format === 'arrow'
          ? arrowChunks(path, options, chunkRows)
          : jsonChunks(path, options, chunkRows);
  try {
    yield* source;
  } catch (e) {
    // The file may vanish or turn unreadable between the check and the read.
    throw fileError(path, e);
  }
}
