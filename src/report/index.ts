// The library's error classes, so every subpath can catch what it throws.
export * from '../errors.js';
export { type FormatTableOptions, formatTable, type TableColumnSpec } from '../format/format-table.js';
export {
  type BudgetChangePlotOptions,
  type BudgetChangeRow,
  budgetChangePlot,
} from './budget-change-plot.js';
export { type CoefficientPlotOptions, type CoefficientRow, coefficientPlot } from './coefficient-plot.js';
export {
  type GroupComparisonPlotOptions,
  type GroupComparisonRow,
  groupComparisonPlot,
} from './group-comparison-plot.js';
export { type HtmlReportOptions, htmlReport } from './html-report.js';
export {
  type PlaceboPlotInput,
  type PlaceboPlotOptions,
  type PlaceboSeries,
  placeboPlot,
} from './placebo-plot.js';
export {
  type PredictedActualRow,
  type PredictedVsActualPlotOptions,
  predictedVsActualPlot,
} from './predicted-vs-actual-plot.js';
export { type RenderPngOptions, renderPng } from './render-png.js';
export { type RenderSvgOptions, renderSvg } from './render-svg.js';
export {
  type ShareChangePartsInput,
  type ShareChangePartsPlotOptions,
  type ShareChangePartsRow,
  shareChangePartsPlot,
} from './share-change-parts-plot.js';
export { type SynthPlotInput, type SynthPlotOptions, synthPlot } from './synth-plot.js';
export { findSystemFont, type SystemFont } from './system-font.js';
export type { ChartOptions, VegaLiteSpec } from './types.js';
export { writeChart } from './write-chart.js';
