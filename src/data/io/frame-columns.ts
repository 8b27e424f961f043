import { type Frame, textFromCodes } from '../frame.js';
import { setOwn } from './own.js';
import type { TableColumn, TableColumns } from './types.js';

/** Materialise one frame column: numbers as Float64Array (no copy when it already is one), factors as text. @internal */
export function frameColumn(frame: Frame, name: string): TableColumn {
  const col = frame.column(name);
  if (col.kind === 'numeric') {
    return col.values instanceof Float64Array ? col.values : Float64Array.from(col.values);
  }
  return textFromCodes(col.codes, col.levels);
}

/** All (or the named) columns of a frame as a {@link TableColumns}. @internal */
export function frameColumns(frame: Frame, names: readonly string[] = frame.names): TableColumns {
  const out: TableColumns = {};
  for (const n of names) setOwn(out, n, frameColumn(frame, n));
  return out;
}
