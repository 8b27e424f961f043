import { readFile } from 'node:fs/promises';
import { DataError } from '../../errors.js';
import { type DataInput, toFrame } from '../frame.js';
import { planColumns } from './column-mapping.js';
import { frameColumn } from './frame-columns.js';
import { ownValue, setOwn } from './own.js';
import { rechunk } from './rechunk.js';
import type { ReadTableOptions, TableColumns } from './types.js';

async function* once(piece: TableColumns): AsyncGenerator<TableColumns> {
  yield piece;
}

/**
 * Read a JSON file holding an array of row objects or an object of columns (not streamed: JSON is
 * parsed whole), then cut into chunks of `chunkRows` rows.
 * @internal
 */
export async function* jsonChunks(
  path: string,
  options: ReadTableOptions,
  chunkRows: number,
): AsyncGenerator<TableColumns> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new DataError('invalid-value', `${path} is not valid JSON: ${(e as Error).message}`);
  }
  const frame = toFrame(parsed as DataInput);
  const plan = planColumns(frame.names, options.mapping, options.columns, path);
  const table: TableColumns = {};
  plan.target.forEach((name, k) => {
    const col = frameColumn(frame, plan.source[k]!);
    const asked = ownValue(options.types, name);
    setOwn(
      table,
      name,
      asked === 'string' && col instanceof Float64Array
        ? Array.from(col, (v) => (Number.isNaN(v) ? null : String(v)))
        : col,
    );
    if (asked !== undefined && asked !== 'string' && !(col instanceof Float64Array)) {
      throw new DataError('invalid-value', `column '${name}' of ${path} holds text, not numbers`, {
        column: name,
      });
    }
  });
  // A table of no rows comes back as one empty chunk with its columns.
  yield* rechunk(once(table), plan.target, chunkRows, table);
}
