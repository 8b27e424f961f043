import { setOwn } from './own.js';
import type { TableColumn, TableColumns } from './types.js';

function rowCount(piece: TableColumns, names: readonly string[]): number {
  return names.length === 0 ? 0 : piece[names[0]!]!.length;
}

function slice(col: TableColumn, start: number, end: number): TableColumn {
  return col.slice(start, end);
}

function concat(parts: readonly TableColumn[], rows: number): TableColumn {
  if (parts.length === 1) return parts[0]!;
  if (parts[0] instanceof Float64Array || parts[0] instanceof Int32Array) {
    // Int32Array: factor codes of a whole-file read with text: 'factor' (the Arrow reader's).
    const out = parts[0] instanceof Float64Array ? new Float64Array(rows) : new Int32Array(rows);
    let at = 0;
    for (const p of parts) {
      out.set(p as Float64Array, at);
      at += p.length;
    }
    return out as Float64Array;
  }
  return (parts as (string | null)[][]).flat();
}

/**
 * Regroup pieces of a table (each a record of equally long columns with the same names) into chunks of
 * exactly `chunkRows` rows, the last one shorter; with `chunkRows = Infinity`, one chunk of everything.
 * Empty pieces are skipped; no chunk is empty, except `empty` (when given), which is yielded when no
 * piece had a row, so that an empty file still gives one chunk with its columns.
 * @internal
 */
export async function* rechunk(
  pieces: AsyncIterable<TableColumns>,
  names: readonly string[],
  chunkRows: number,
  empty: TableColumns | null = null,
): AsyncGenerator<TableColumns> {
  let pending: TableColumns[] = [];
  let pendingRows = 0;
  let emitted = false;
  const emit = (rows: number): TableColumns => {
    // Take `rows` rows off the front of `pending`.
    const parts = new Map<string, TableColumn[]>(names.map((n) => [n, []]));
    let need = rows;
    const rest: TableColumns[] = [];
    for (const piece of pending) {
      const len = rowCount(piece, names);
      if (need === 0) {
        rest.push(piece);
      } else if (len <= need) {
        for (const n of names) parts.get(n)!.push(piece[n]!);
        need -= len;
      } else {
        const tail: TableColumns = {};
        for (const n of names) {
          parts.get(n)!.push(slice(piece[n]!, 0, need));
          setOwn(tail, n, slice(piece[n]!, need, len));
        }
        rest.push(tail);
        need = 0;
      }
    }
    pending = rest;
    pendingRows -= rows;
    const chunk: TableColumns = {};
    for (const n of names) setOwn(chunk, n, concat(parts.get(n)!, rows));
    return chunk;
  };
  for await (const piece of pieces) {
    const len = rowCount(piece, names);
    if (len === 0) continue;
    pending.push(piece);
    pendingRows += len;
    while (pendingRows >= chunkRows) {
      emitted = true;
      yield emit(chunkRows);
    }
  }
  if (pendingRows > 0) yield emit(pendingRows);
  else if (empty && !emitted) yield empty;
}

/** A table of no rows: an empty list for text columns, an empty Float64Array for the others. @internal */
export function emptyTable(names: readonly string[], kinds: readonly string[]): TableColumns {
  // Object.fromEntries defines own properties, so a column named '__proto__' is a column.
  return Object.fromEntries(names.map((n, k) => [n, kinds[k] === 'text' ? [] : new Float64Array(0)]));
}
