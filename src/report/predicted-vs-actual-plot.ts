import { DataError } from '../errors.js';
import {
  COLORS,
  orderGroups,
  requireFinite,
  requireLabel,
  requireRows,
  resolveSize,
  titleBlock,
  topLevel,
} from './chart-helpers.js';
import type { ChartOptions, VegaLiteSpec } from './types.js';

/** One municipality's predicted and actual spending; `spendingFit` rows have these fields. */
export interface PredictedActualRow {
  readonly id: string;
  readonly predicted: number;
  readonly actual: number;
  /** Colour group, e.g. the size class. */
  readonly group?: string | null;
  /** Name to show for labelled points. @default id */
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

/** 1, 2 and 5 times the powers of ten between `min` and `max`, for a log axis. */
function logTicks(min: number, max: number): number[] {
  const out: number[] = [];
  for (let k = Math.floor(Math.log10(min)); k <= Math.ceil(Math.log10(max)); k++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** k;
      if (v >= min / 1.0001 && v <= max * 1.0001) out.push(v);
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
 * @param rows - rows with id, predicted and actual (e.g. `predictSpending()` rows mapped to
 *   `{ id: r.municipality, predicted: r.expectedSpending, actual: r.actualSpending }`)
 * @throws {DataError} for an empty input, a non-finite value, or `log: true` with a negative value
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
 *   id: r.municipality, predicted: r.expectedSpending, actual: r.actualSpending ?? Number.NaN,
 * }));
 * await writeFile('predicted-vs-actual.png', await renderPng(predictedVsActualPlot(rows)));
 * ```
 */
export function predictedVsActualPlot(
  rows: readonly PredictedActualRow[],
  options: PredictedVsActualPlotOptions = {},
): VegaLiteSpec {
  const what = 'predictedVsActualPlot';
  requireRows(rows, what);
  const data = rows.map((r, i) => ({
    id: requireLabel(r?.id, 'id', i, what),
    name: r.name ?? r.id,
    predicted: requireFinite(r.predicted, 'predicted', i, what),
    actual: requireFinite(r.actual, 'actual', i, what),
    group: r.group == null ? null : String(r.group),
  }));
  const all = data.flatMap((d) => [d.predicted, d.actual]);
  const min = Math.min(...all);
  const max = Math.max(...all);
  const smallestPositive = Math.min(...all.filter((v) => v > 0));
  const wide = min >= 0 && max / smallestPositive > 100;
  const log = options.log ?? wide;
  if (log && min < 0) {
    const bad = data.findIndex((d) => d.predicted < 0 || d.actual < 0);
    throw new DataError(
      'out-of-range',
      `${what} row ${bad + 1} ('${data[bad]!.id}'): log axes need values ≥ 0`,
      {
        row: bad + 1,
      },
    );
  }
  // Zeros (a municipality without recipients in a small sample) have no logarithm: a symmetric log scale
  // is logarithmic away from 0 and still shows them.
  const scaleType = !log ? 'linear' : min > 0 ? 'log' : 'symlog';
  const positive = min > 0;
  const n = data.length;
  const mean = (f: (d: (typeof data)[number]) => number) => data.reduce((a, d) => a + f(d), 0) / n;
  const mp = mean((d) => d.predicted);
  const ma = mean((d) => d.actual);
  const cov = mean((d) => (d.predicted - mp) * (d.actual - ma));
  const vp = mean((d) => (d.predicted - mp) ** 2);
  const va = mean((d) => (d.actual - ma) ** 2);
  const r2 = vp > 0 && va > 0 ? (cov * cov) / (vp * va) : null;
  const nLabel = Math.max(0, Math.min(n, Math.floor(options.label ?? 5)));
  const miss = (d: (typeof data)[number]) =>
    positive ? Math.abs(Math.log(d.actual / d.predicted)) : Math.abs(d.actual - d.predicted);
  const t = (v: number) => (log ? Math.log1p(v / smallestPositive) : v);
  const span = t(max) - t(min) || 1;
  const labelled = spreadLabels(
    [...data].sort((a, b) => miss(b) - miss(a)),
    (d) => [(t(d.predicted) - t(min)) / span, (t(d.actual) - t(min)) / span],
  ).slice(0, nLabel);
  const byMean = new Map<string, { sum: number; n: number }>();
  for (const d of data) {
    if (d.group === null) continue;
    const m = byMean.get(d.group) ?? { sum: 0, n: 0 };
    m.sum += d.predicted;
    m.n++;
    byMean.set(d.group, m);
  }
  const sorted = [...byMean].sort((a, b) => a[1].sum / a[1].n - b[1].sum / b[1].n).map(([g]) => g);
  const groups = orderGroups(sorted, options.groupOrder);
  const { width, height } = resolveSize(options, options.width ?? 460);
  const quantity = options.quantity ?? 'spending';
  const scale =
    scaleType === 'linear'
      ? { zero: false }
      : scaleType === 'log'
        ? { type: 'log' }
        : { type: 'symlog', constant: smallestPositive / 10 };
  // SI prefixes, but billions as B rather than G (giga).
  const axis = {
    labelExpr: "replace(format(datum.value, '~s'), 'G', 'B')",
    ...(log ? { values: [...(min > 0 ? [] : [0]), ...logTicks(smallestPositive, max)] } : {}),
  };
  const x = { field: 'predicted', type: 'quantitative', title: `predicted ${quantity}`, scale, axis };
  const y = { field: 'actual', type: 'quantitative', title: `actual ${quantity}`, scale, axis };
  const subtitle = `${n} municipalities; R² = ${r2 === null ? 'not defined' : r2.toFixed(3)}${log ? '; log scales' : ''}; line: actual = predicted`;
  return topLevel({
    title: titleBlock(options, `Actual and predicted ${quantity} per municipality`, subtitle),
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
            ? { color: { field: 'group', type: 'nominal', title: null, sort: groups } }
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
