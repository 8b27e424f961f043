import { DataError } from '../errors.js';
import { integerIn } from '../internal/options.js';
import {
  booleanOption,
  COLORS,
  chartSize,
  namesOption,
  noDuplicate,
  orderGroups,
  own,
  requireFinite,
  requireLabel,
  requireRows,
  resolveChartOptions,
  textOption,
  titleBlock,
  topLevel,
} from './chart-helpers.js';
import type { ChartOptions, VegaLiteSpec } from './types.js';

/** One municipality's predicted and actual spending; `spendingFit` rows have these fields. */
export interface PredictedActualRow {
  /** The municipality code. */
  readonly municipality: string;
  readonly predicted: number;
  readonly actual: number;
  /** Colour group, e.g. the size class. */
  readonly group?: string | null;
  /** Name to show for labelled points. @default municipality */
  readonly name?: string;
}

/** Options of {@link predictedVsActualPlot}. */
export interface PredictedVsActualPlotOptions extends ChartOptions {
  /**
   * Logarithmic axes, so that small municipalities are not squeezed into a corner by the four big cities
   * (a symmetric log scale when some values are 0).
   * @default true when no value is negative and the positive ones span more than a factor 100
   */
  readonly log?: boolean;
  /** Label this many municipalities furthest from the diagonal (largest |log(actual / predicted)|). @default 5 */
  readonly label?: number;
  /** What is compared, for the axis titles. @default 'spending' */
  readonly quantity?: string;
  /** Colour groups in this order. @default by mean predicted value, smallest first (size classes in size order) */
  readonly groupOrder?: readonly string[];
}

/**
 * Ticks for a log axis between `min` > 0 and `max`: 1, 2 and 5 times the powers of ten over a few decades,
 * else every k-th power of ten (about a dozen ticks however wide the range; never beyond the doubles).
 */
function logTicks(min: number, max: number): number[] {
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  const multiples = hi - lo <= 4 ? [1, 2, 5] : [1];
  const step = Math.max(1, Math.ceil((hi - lo) / 12));
  const out: number[] = [];
  for (let k = lo; k <= hi; k += step) {
    for (const m of multiples) {
      const v = m * 10 ** k;
      if (Number.isFinite(v) && v > 0 && v * 1.0001 >= min && v / 1.0001 <= max) out.push(v);
    }
  }
  return out;
}

/** Pick labels greedily, skipping one that would sit on top of a label already placed. */
function spreadLabels<T>(candidates: readonly T[], at: (d: T) => [number, number]): T[] {
  const placed: [number, number][] = [];
  const out: T[] = [];
  for (const d of candidates) {
    const [x, y] = at(d);
    if (placed.some(([px, py]) => Math.abs(px - x) < 0.15 && Math.abs(py - y) < 0.04)) continue;
    placed.push([x, y]);
    out.push(d);
  }
  return out;
}

/**
 * Observed against predicted spending per municipality: one dot per municipality, the 45° line of a perfect
 * prediction, the R² (squared correlation, as `spendingFit`'s `'ols'` method) in the subtitle, and labels on
 * the municipalities the model misses most.
 *
 * @param rows - rows with municipality, predicted and actual (e.g. `predictSpending()` rows mapped to
 *   `{ municipality: r.municipality, predicted: r.expectedSpending, actual: r.actualSpending }`)
 * @throws {DataError} for an empty input, a row that is not an object, a missing or non-finite value, a
 *   municipality given twice, or `log: true` with a negative value or no positive one
 * @throws {SpecError} for an unknown option or a bad option value
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { generateHouseholds } from 'verdeelmodel/generate';
 * import { fitPriceModel, predictSpending } from 'verdeelmodel/price';
 * import { predictedVsActualPlot, renderPng } from 'verdeelmodel/report';
 * import { fitVolumeModel } from 'verdeelmodel/volume';
 * const households = generateHouseholds({ households: 20_000, seed: 1 }).columns();
 * const volume = fitVolumeModel(households);
 * const price = fitPriceModel(households);
 * const rows = predictSpending({ volume, price, households }).map((r) => ({
 *   municipality: r.municipality, predicted: r.expectedSpending, actual: r.actualSpending ?? Number.NaN,
 * }));
 * await writeFile('predicted-vs-actual.png', await renderPng(predictedVsActualPlot(rows)));
 * ```
 */
export function predictedVsActualPlot(
  rows: readonly PredictedActualRow[],
  options: PredictedVsActualPlotOptions = {},
): VegaLiteSpec {
  const what = 'predictedVsActualPlot';
  const { common, logAsked, nLabelAsked, quantity, groupOrder } =
    resolvePredictedVsActualPlotOptions(options);
  const seenIds = new Map<string, number>();
  const data = requireRows(rows, what).map((r, i) => {
    const municipality = requireLabel(own(r, 'municipality'), 'municipality', i, what);
    noDuplicate(seenIds, municipality, 'municipality', i, what);
    const name = own(r, 'name');
    const group = own(r, 'group');
    return {
      municipality,
      name: name === undefined ? municipality : requireLabel(name, 'name', i, what),
      predicted: requireFinite(own(r, 'predicted'), 'predicted', i, what),
      actual: requireFinite(own(r, 'actual'), 'actual', i, what),
      group: group == null ? null : requireLabel(group, 'group', i, what),
    };
  });
  // Loops, not Math.min(...all): spreading a long array overflows the call stack.
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let smallestPositive = Number.POSITIVE_INFINITY;
  let scaleOfValues = 0;
  for (const d of data) {
    for (const v of [d.predicted, d.actual]) {
      if (v < min) min = v;
      if (v > max) max = v;
      if (v > 0 && v < smallestPositive) smallestPositive = v;
      if (Math.abs(v) > scaleOfValues) scaleOfValues = Math.abs(v);
    }
  }
  const anyPositive = smallestPositive < Number.POSITIVE_INFINITY;
  const wide = min >= 0 && anyPositive && max / smallestPositive > 100;
  const log = logAsked ?? wide;
  if (log && min < 0) {
    const bad = data.findIndex((d) => d.predicted < 0 || d.actual < 0);
    throw new DataError(
      'out-of-range',
      `${what} row ${bad + 1} ('${data[bad]!.municipality}'): log axes need values ≥ 0`,
      { column: data[bad]!.predicted < 0 ? 'predicted' : 'actual', row: bad + 1 },
    );
  }
  if (log && !anyPositive) {
    throw new DataError(
      'out-of-range',
      `${what}: log axes need at least one value above 0, and every predicted and actual value is 0; leave log out`,
      { column: 'predicted' },
    );
  }
  // Zeros (a municipality without recipients in a small sample) have no logarithm: a symmetric log scale
  // is logarithmic away from 0 and still shows them.
  const scaleType = !log ? 'linear' : min > 0 ? 'log' : 'symlog';
  const positive = min > 0;
  const n = data.length;
  // R² is scale-free: compute it on values divided by the largest |value|, so sums cannot overflow.
  const unit = scaleOfValues > 0 ? scaleOfValues : 1;
  const mean = (f: (d: (typeof data)[number]) => number) => data.reduce((a, d) => a + f(d), 0) / n;
  const mp = mean((d) => d.predicted / unit);
  const ma = mean((d) => d.actual / unit);
  const cov = mean((d) => (d.predicted / unit - mp) * (d.actual / unit - ma));
  const vp = mean((d) => (d.predicted / unit - mp) ** 2);
  const va = mean((d) => (d.actual / unit - ma) ** 2);
  const r2raw = vp > 0 && va > 0 ? (cov * cov) / (vp * va) : null;
  const r2 = r2raw === null || !Number.isFinite(r2raw) ? null : Math.min(1, r2raw);
  const nLabel = Math.min(n, nLabelAsked);
  const miss = (d: (typeof data)[number]) =>
    positive
      ? Math.abs(Math.log(d.actual) - Math.log(d.predicted))
      : Math.abs(d.actual / 2 - d.predicted / 2);
  // Position on the drawn axis (for spreading labels): log1p(v / smallest) on log axes, v on linear ones;
  // halves keep differences finite near the double range.
  const t = (v: number) => {
    if (!log) return v / 2;
    const r = v / smallestPositive;
    return Number.isFinite(r) ? Math.log1p(r) : Math.log(v) - Math.log(smallestPositive);
  };
  const span = t(max) - t(min) || 1;
  const labelled = spreadLabels(
    [...data].sort((a, b) => {
      const ma2 = miss(a);
      const mb2 = miss(b);
      return mb2 > ma2 ? 1 : mb2 < ma2 ? -1 : 0;
    }),
    (d) => [(t(d.predicted) - t(min)) / span, (t(d.actual) - t(min)) / span],
  ).slice(0, nLabel);
  const byMean = new Map<string, { sum: number; n: number }>();
  for (const d of data) {
    if (d.group === null) continue;
    const m = byMean.get(d.group) ?? { sum: 0, n: 0 };
    m.sum += d.predicted / unit;
    m.n++;
    byMean.set(d.group, m);
  }
  const sorted = [...byMean]
    .map(([g, m]) => [g, m.sum / m.n] as const)
    .sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([g]) => g);
  const groups = orderGroups(sorted, groupOrder);
  // As tall as it is wide when a width is given.
  const { width, height } = chartSize(common, common.width ?? 460);
  const scale =
    scaleType === 'linear'
      ? { zero: false }
      : scaleType === 'log'
        ? { type: 'log' }
        : { type: 'symlog', constant: Math.max(smallestPositive / 10, Number.MIN_VALUE) };
  // SI prefixes, but billions as B rather than G (giga).
  const axis = {
    labelExpr: "replace(format(datum.value, '~s'), 'G', 'B')",
    ...(log ? { values: [...(min > 0 ? [] : [0]), ...logTicks(smallestPositive, max)] } : {}),
  };
  const x = { field: 'predicted', type: 'quantitative', title: `predicted ${quantity}`, scale, axis };
  const y = { field: 'actual', type: 'quantitative', title: `actual ${quantity}`, scale, axis };
  const subtitle = `${n} municipalities; R² = ${r2 === null ? 'not defined' : r2.toFixed(3)}${log ? '; log scales' : ''}; line: actual = predicted`;
  return topLevel({
    title: titleBlock(common, `Actual and predicted ${quantity} per municipality`, subtitle),
    width,
    height,
    layer: [
      {
        data: {
          values: [
            { predicted: min, actual: min },
            { predicted: max, actual: max },
          ],
        },
        mark: { type: 'line', color: COLORS.reference, strokeDash: [4, 4], strokeWidth: 1.2 },
        encoding: { x, y },
      },
      {
        data: { values: data },
        mark: {
          type: 'circle',
          size: 30,
          opacity: 0.7,
          ...(groups.length > 0 ? {} : { color: COLORS.point }),
        },
        encoding: {
          x,
          y,
          ...(groups.length > 0
            ? {
                color: {
                  field: 'group',
                  type: 'nominal',
                  title: null,
                  // An explicit domain, not a sort array (a group named 'constructor' breaks Vega's sort lookup).
                  sort: null,
                  scale: { domain: groups },
                },
              }
            : {}),
          tooltip: [
            { field: 'name', title: 'municipality' },
            { field: 'predicted', format: ',.0f' },
            { field: 'actual', format: ',.0f' },
          ],
        },
      },
      {
        data: { values: labelled },
        mark: { type: 'text', align: 'left', dx: 6, dy: -4, fontSize: 10, color: '#333333' },
        encoding: { x, y, text: { field: 'name' } },
      },
    ],
  });
}

/** The one check of {@link PredictedVsActualPlotOptions}; `logAsked` is undefined when the data decide. @internal */
export function resolvePredictedVsActualPlotOptions(options: PredictedVsActualPlotOptions | undefined) {
  const what = 'predictedVsActualPlot';
  const { common, options: o } = resolveChartOptions(
    options,
    ['log', 'label', 'quantity', 'groupOrder'],
    what,
  );
  return {
    common,
    logAsked: o.log === undefined ? undefined : booleanOption(o.log, false, 'log', what),
    nLabelAsked: o.label === undefined ? 5 : integerIn(o.label, 0, Number.MAX_SAFE_INTEGER, 'label', what),
    quantity: textOption(o.quantity, 'quantity', what) ?? 'spending',
    groupOrder: namesOption(o.groupOrder, 'groupOrder', what),
  };
}
