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
  toFrame,
} from './frame.js';
export { groupCodes, rowsWhere, selectRows } from './select.js';
