// The library's error classes, so every subpath can catch what it throws.
export * from '../errors.js';
export {
  type ArqueroLike,
  type Column,
  type ColumnInput,
  type ColumnRecord,
  type DataInput,
  type FactorColumn,
  type FactorInput,
  type Frame,
  type NumericColumn,
  type RowObjects,
  toFrame,
} from './frame.js';
export { spreadsheetSafe } from './io/cells.js';
export { readTable } from './io/read-table.js';
export { readTableChunks } from './io/read-table-chunks.js';
export { toArquero } from './io/to-arquero.js';
export { type ToJsonOptions, toJson } from './io/to-json.js';
export { toTable } from './io/to-table.js';
export type {
  ColumnMapping,
  ColumnType,
  ReadTableChunksOptions,
  ReadTableOptions,
  TableColumn,
  TableColumns,
  TableFormat,
  WriteTableOptions,
} from './io/types.js';
export { writeTable } from './io/write-table.js';
export { groupCodes, rowsWhere, selectRows } from './select.js';
