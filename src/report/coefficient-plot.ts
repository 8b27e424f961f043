import { DataError, SpecError } from '../errors.js';
import {
  booleanOption,
  COLORS,
  chartSize,
  expressionLiteral,
  namesOption,
  own,
  requireFinite,
  requireLabel,
  requireRows,
  resolveChartOptions,
  textOption,
  titleBlock,
  topLevel,
  zeroLine,
} from './chart-helpers.js';
import type { ChartOptions, VegaLiteSpec } from './types.js';

/** One coefficient with its interval; `fit.tidy()` rows have these fields. */
export interface CoefficientRow {
  readonly term: string;
  readonly estimate: number;
  readonly confLow: number;
  readonly confHigh: number;
  /** Model name, to compare models side by side (e.g. 'HC1' vs 'cluster', or 2023 vs 2024). */
  readonly model?: string;
}

/** Options of {@link coefficientPlot}. */
export interface CoefficientPlotOptions extends ChartOptions {
  /** Leave out the intercept (`'(Intercept)'`), whose scale usually dwarfs the rest. @default true */
  readonly dropIntercept?: boolean;
  /** Only these terms, in this order. @default every term, in the order of the rows */
  readonly terms?: readonly string[];
  /** Sort terms by estimate (largest on top) instead of keeping their order. @default false */
  readonly sortByEstimate?: boolean;
  /** Axis title of the estimates. @default 'estimate (95% interval)' */
  readonly xTitle?: string;
}

/**
 * Coefficient plot: each term's estimate as a point with its confidence interval as a line, and a reference
 * line at zero. Rows with a `model` field are drawn side by side per term, one colour per model.
 *
 * @param rows - `fit.tidy()` rows (or any rows with term, estimate, confLow, confHigh)
 * @throws {DataError} for an empty input, a row that is not an object, a missing or non-finite estimate or
 *   bound, `confLow > confHigh`, or a term given twice for one model
 * @throws {SpecError} for an unknown option or a bad option value (`unknown-term` for a `terms` entry that is
 *   not in the rows)
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { generateHouseholds } from 'verdeelmodel/generate';
 * import { logit } from 'verdeelmodel/glm';
 * import { coefficientPlot, renderPng } from 'verdeelmodel/report';
 * const households = generateHouseholds({ households: 10_000, seed: 1 }).columns();
 * const fit = logit(households, { y: 'receipt', x: ['hhtype', 'age_50_aow'] });
 * await writeFile('coefficients.png', await renderPng(coefficientPlot(fit.tidy({ vcov: { type: 'HC1' } }))));
 * ```
 */
export function coefficientPlot(
  rows: readonly CoefficientRow[],
  options: CoefficientPlotOptions = {},
): VegaLiteSpec {
  const what = 'coefficientPlot';
  const { common, dropIntercept, terms, sortByEstimate, xTitle } = resolveCoefficientPlotOptions(options);
  // A term twice for one model would draw two intervals on one line: one row per (model, term).
  const seen = new Map<string, number>();
  let data = requireRows(rows, what).map((r, i) => {
    const term = requireLabel(own(r, 'term'), 'term', i, what);
    const estimate = requireFinite(own(r, 'estimate'), 'estimate', i, what);
    const confLow = requireFinite(own(r, 'confLow'), 'confLow', i, what);
    const confHigh = requireFinite(own(r, 'confHigh'), 'confHigh', i, what);
    const m = own(r, 'model');
    const model = m == null ? null : requireLabel(m, 'model', i, what);
    if (confLow > confHigh) {
      throw new DataError(
        'invalid-value',
        `${what} row ${i + 1} ('${term}'): confLow ${confLow} exceeds confHigh ${confHigh}`,
        { column: 'confLow', row: i + 1 },
      );
    }
    const key = JSON.stringify([model, term]);
    const first = seen.get(key);
    if (first !== undefined) {
      throw new DataError(
        'duplicate',
        `${what} rows ${first + 1} and ${i + 1} are both term '${term}'${model === null ? '' : ` of model '${model}'`}; give each term once per model (a 'model' field tells models apart)`,
        { column: 'term', row: i + 1 },
      );
    }
    seen.set(key, i);
    return { term, estimate, confLow, confHigh, model };
  });
  if (dropIntercept) data = data.filter((d) => d.term !== '(Intercept)');
  if (terms) {
    const known = new Set(data.map((d) => d.term));
    const unknown = terms.filter((t) => !known.has(t));
    if (unknown.length > 0) {
      throw new SpecError(
        'unknown-term',
        `${what}: terms ${unknown.map((t) => `'${t}'`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in the rows${dropIntercept && unknown.includes('(Intercept)') ? ' (the intercept is left out unless dropIntercept is false)' : ''}; the terms are ${[...known].map((t) => `'${t}'`).join(', ')}`,
        { option: 'terms' },
      );
    }
    const keep = new Set(terms);
    data = data.filter((d) => keep.has(d.term));
  }
  if (data.length === 0) {
    throw new DataError(
      'empty',
      `${what}: no terms left to plot (only the intercept, which dropIntercept leaves out)`,
    );
  }
  let order = terms ? [...terms] : [...new Set(data.map((d) => d.term))];
  if (sortByEstimate) {
    const first = new Map<string, number>();
    for (const d of data) if (!first.has(d.term)) first.set(d.term, d.estimate);
    order = [...order].sort((a, b) => {
      const ea = first.get(a)!;
      const eb = first.get(b)!;
      return eb > ea ? 1 : eb < ea ? -1 : 0;
    });
  }
  const models = [...new Set(data.map((d) => d.model).filter((m): m is string => m !== null))];
  const byModel = models.length > 1;
  const band = byModel ? 14 + 8 * models.length : 22;
  // The height grows with the number of terms unless it is given.
  const { width, height } = chartSize(common, Math.max(120, Math.min(2000, order.length * band)));
  const y = {
    field: 'term',
    type: 'nominal',
    title: null,
    // An explicit domain, not a sort array: Vega sorts by array through a plain-object lookup of each value,
    // where a term named 'constructor' or 'toString' breaks the drawing.
    sort: null,
    scale: { domain: order },
    axis: { labelLimit: 260, grid: false },
  };
  // Models are drawn by their position (modelIndex) and the legend shows the names: Vega keys a legend
  // shared by two marks by value in a plain object, where a model named 'constructor' breaks the drawing.
  const modelIndex = new Map(models.map((m, k) => [m, k]));
  const plotted = data.map((d) => ({ ...d, modelIndex: d.model === null ? 0 : modelIndex.get(d.model)! }));
  const indices = models.map((_, k) => k);
  const yOffset = byModel
    ? { yOffset: { field: 'modelIndex', type: 'nominal', sort: null, scale: { domain: indices } } }
    : {};
  const color = byModel
    ? {
        color: {
          field: 'modelIndex',
          type: 'nominal',
          title: null,
          sort: null,
          scale: { domain: indices },
          legend: { labelExpr: `${expressionLiteral(models)}[datum.value]` },
        },
      }
    : {};
  return topLevel({
    title: titleBlock(common, 'Coefficients'),
    width,
    height,
    layer: [
      zeroLine('x', { strokeDash: [3, 3] }),
      {
        data: { values: plotted },
        layer: [
          {
            mark: { type: 'rule', strokeWidth: 2, ...(byModel ? {} : { color: COLORS.point }) },
            encoding: {
              y,
              ...yOffset,
              x: { field: 'confLow', type: 'quantitative', title: xTitle },
              x2: { field: 'confHigh' },
              ...color,
            },
          },
          {
            mark: {
              type: 'point',
              filled: true,
              size: 60,
              opacity: 1,
              ...(byModel ? {} : { color: COLORS.point }),
            },
            encoding: {
              y,
              ...yOffset,
              x: { field: 'estimate', type: 'quantitative' },
              ...color,
              tooltip: [
                { field: 'term' },
                { field: 'estimate', format: '.4f' },
                { field: 'confLow', format: '.4f' },
                { field: 'confHigh', format: '.4f' },
              ],
            },
          },
        ],
      },
    ],
  });
}

/** The one check of {@link CoefficientPlotOptions}, with defaults. @internal */
export function resolveCoefficientPlotOptions(options: CoefficientPlotOptions | undefined) {
  const what = 'coefficientPlot';
  const { common, options: o } = resolveChartOptions(
    options,
    ['dropIntercept', 'terms', 'sortByEstimate', 'xTitle'],
    what,
  );
  return {
    common,
    dropIntercept: booleanOption(o.dropIntercept, true, 'dropIntercept', what),
    terms: namesOption(o.terms, 'terms', what),
    sortByEstimate: booleanOption(o.sortByEstimate, false, 'sortByEstimate', what),
    xTitle: textOption(o.xTitle, 'xTitle', what) ?? 'estimate (95% interval)',
  };
}
