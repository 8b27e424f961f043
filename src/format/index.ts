// The library's error classes, so every subpath can catch what it throws.
export * from '../errors.js';
export {
  type CoefficientTableOptions,
  type CoefficientTableRow,
  formatCoefficientTable,
} from './coefficient-table.js';
export { type FormatTableOptions, formatTable, type TableColumnSpec } from './format-table.js';
export {
  type DecimalsOptions,
  type FixedOptions,
  formatDecimals,
  formatFixed,
  formatPercent,
  formatPValue,
  formatPValueColumn,
  formatSignificant,
  formatSignificantColumn,
  MISSING_TEXT,
  type PValueOptions,
  type SignificantOptions,
} from './numbers.js';
export {
  type LegendOptions,
  STAR_LEVELS,
  type StarLevel,
  type Stars,
  type StarsOptions,
  significanceCodesLegend,
  stars,
} from './stars.js';
export {
  labelledColumns,
  renderTextTable,
  type TextAlign,
  type TextColumn,
  type TextTableOptions,
} from './text-table.js';
export { displayWidth } from './width.js';
