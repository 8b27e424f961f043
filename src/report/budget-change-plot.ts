import { parseDecimal } from '../data/parse-number.js';
import { DataError } from '../errors.js';
import {
  COLORS,
  chartSize,
  expressionLiteral,
  namesOption,
  noDuplicate,
  orderGroups,
  own,
  requireFinite,
  requireLabel,
  requireRows,
  resolveChartOptions,
  titleBlock,
  topLevel,
  zeroLine,
} from './chart-helpers.js';
import type { ChartOptions, VegaLiteSpec } from './types.js';

/** One municipality's budget-share change; `budgetShareChange().municipalities` rows have these fields. */
export interface BudgetChangeRow {
  /** The municipality code (a `budgetShareChange()` row's `municipality`). */
  readonly municipality: string;
  /** Size-class label; null or absent puts the municipality in one group 'all'. */
  readonly sizeClass?: string | null;
  /** Relative change of the budget share, (s_t − s_{t−1}) / s_{t−1} (0.05 = +5 %). */
  readonly change: number;
}

/** Options of {@link budgetChangePlot}. */
export interface BudgetChangePlotOptions extends ChartOptions {
  /**
   * Size classes top to bottom. @default smallest first when every label holds a number (`'<15k'`,
   * `'15k-40k'`, `'>=250k (G4)'`), else the order in which they first appear
   */
  readonly sizeClassOrder?: readonly string[];
}

/** A relative change beyond this (a share a million times its last one) is not a budget-share change. */
const MAX_CHANGE = 1e6;

/** Deterministic jitter in [−1, 1] from an id (FNV-1a hash), so the same data give the same picture. */
function jitter(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // Murmur3 finaliser: FNV alone leaves the high bits nearly equal for ids that differ in the last character.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return (h / 0xffffffff) * 2 - 1;
}

function percent(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

/** Labels in size order when each holds a number ('<15k' < '15k-40k' < '>=250k'); else as given. */
function sizeOrder(labels: readonly string[]): string[] {
  const key = (label: string): number | null => {
    const m = /(\d+(?:[.,]\d+)?)\s*([kKmM]?)/.exec(label);
    if (!m) return null;
    const n = parseDecimal(m[1]!.replace(',', '.')) * (/k/i.test(m[2]!) ? 1e3 : /m/i.test(m[2]!) ? 1e6 : 1);
    if (!Number.isFinite(n)) return null;
    return /^\s*</.test(label) ? n - 0.5 : /^\s*>/.test(label) ? n + 0.5 : n;
  };
  const keys = labels.map(key);
  if (keys.some((k) => k === null)) return [...labels];
  return labels
    .map((l, i) => [l, keys[i]!] as const)
    .sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([l]) => l);
}

/** Quartiles (R type 7) and Tukey whiskers (most extreme values within 1.5 IQR of the box). */
function fiveNumbers(values: readonly number[]): {
  q1: number;
  median: number;
  q3: number;
  low: number;
  high: number;
} {
  const v = [...values].sort((a, b) => a - b);
  const q = (p: number) => {
    const h = (v.length - 1) * p;
    const lo = Math.floor(h);
    const a = v[lo]!;
    const b = v[Math.min(lo + 1, v.length - 1)]!;
    // A weighted mean, not a + f·(b − a): b − a overflows for values of opposite sign near the double range.
    return h === lo ? a : (1 - (h - lo)) * a + (h - lo) * b;
  };
  const q1 = q(0.25);
  const q3 = q(0.75);
  const fence = 1.5 * (q3 - q1);
  const inside = v.filter((x) => x >= q1 - fence && x <= q3 + fence);
  if (inside.length === 0) inside.push(...v);
  return { q1, median: q(0.5), q3, low: inside[0]!, high: inside[inside.length - 1]! };
}

/**
 * Budget-share changes by size class: per size class a box plot of the municipalities' relative change in
 * budget share from one year to the next, with every municipality as a dot. The axis labels give the number
 * of municipalities and the mean absolute change (MAPC), the stability statistic of the allocation reports.
 *
 * @param rows - `budgetShareChange(...).municipalities`, or any rows with municipality, sizeClass and change
 * @throws {DataError} for an empty input, a row that is not an object, a missing or non-finite change (or
 *   one beyond ±1e6), a municipality given twice
 * @throws {SpecError} for an unknown option or a bad option value
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { budgetShareChange } from 'verdeelmodel/allocation';
 * import { budgetChangePlot, renderPng } from 'verdeelmodel/report';
 * const budgets2023 = { GM0014: 120e6, GM0034: 40e6, GM0363: 900e6 };
 * const budgets2024 = { GM0014: 118e6, GM0034: 43e6, GM0363: 905e6 };
 * const inhabitants = { GM0014: 235_000, GM0034: 215_000, GM0363: 930_000 };
 * const change = budgetShareChange({ previous: budgets2023, current: budgets2024, inhabitants });
 * await writeFile('budget-change.png', await renderPng(budgetChangePlot(change.municipalities)));
 * ```
 */
export function budgetChangePlot(
  rows: readonly BudgetChangeRow[],
  options: BudgetChangePlotOptions = {},
): VegaLiteSpec {
  const what = 'budgetChangePlot';
  const { common, sizeClassOrder } = resolveBudgetChangePlotOptions(options);
  const seenIds = new Map<string, number>();
  const data = requireRows(rows, what).map((r, i) => {
    const municipality = requireLabel(own(r, 'municipality'), 'municipality', i, what);
    noDuplicate(seenIds, municipality, 'municipality', i, what);
    const sc = own(r, 'sizeClass');
    const change = requireFinite(own(r, 'change'), 'change', i, what);
    if (Math.abs(change) > MAX_CHANGE) {
      throw new DataError(
        'out-of-range',
        `${what} row ${i + 1} ('${municipality}'): change ${change} is beyond ±${MAX_CHANGE}; pass relative changes of the budget share (0.05 = +5 %)`,
        { column: 'change', row: i + 1 },
      );
    }
    return {
      municipality,
      sizeClass: sc == null ? 'all' : requireLabel(sc, 'sizeClass', i, what),
      change,
      jitter: jitter(municipality),
    };
  });
  const seen = sizeOrder([...new Set(data.map((d) => d.sizeClass))]);
  const stats = new Map<string, { n: number; abs: number }>();
  for (const d of data) {
    const s = stats.get(d.sizeClass) ?? { n: 0, abs: 0 };
    s.n++;
    s.abs += Math.abs(d.change);
    stats.set(d.sizeClass, s);
  }
  const label = (c: string) => {
    const s = stats.get(c);
    return s ? `${c} (n = ${s.n}, MAPC ${percent(s.abs / s.n)})` : c;
  };
  const groups = orderGroups(seen, sizeClassOrder);
  const labels = groups.map(label);
  const index = new Map(groups.map((g, k) => [g, k]));
  // Quantitative y (class index + jitter) so that boxes and dots share one exact position per class.
  const points = data.map((d) => ({ ...d, y: index.get(d.sizeClass)! + 0.22 * d.jitter }));
  const boxes = groups.map((g, k) => {
    const values = data.filter((d) => d.sizeClass === g).map((d) => d.change);
    return { y: k, ...fiveNumbers(values) };
  });
  const overall = data.reduce((a, d) => a + Math.abs(d.change), 0) / data.length;
  // The height grows with the number of classes unless it is given.
  const { width, height } = chartSize(common, Math.max(120, 56 * groups.length));
  const y = {
    field: 'y',
    type: 'quantitative',
    title: null,
    scale: { domain: [-0.5, groups.length - 0.5], reverse: true, nice: false, zero: false },
    axis: {
      values: groups.map((_, k) => k),
      labelExpr: `${expressionLiteral(labels)}[datum.value]`,
      labelLimit: 320,
      grid: false,
      ticks: false,
      domain: false,
    },
  };
  const x = {
    type: 'quantitative',
    title: 'change in budget share (relative to last year)',
    axis: { format: '+.0%' },
  };
  const box = (field: string, extra: Record<string, unknown> = {}) => ({ field, ...extra });
  return topLevel({
    title: titleBlock(
      common,
      'Budget-share changes by size class',
      `${data.length} municipalities; mean absolute change (MAPC) ${percent(overall)}`,
    ),
    width,
    height,
    layer: [
      zeroLine('x', { strokeDash: [3, 3] }),
      {
        data: { values: boxes },
        layer: [
          {
            mark: { type: 'rule', color: COLORS.surplus, strokeWidth: 1.2 },
            encoding: { y, x: box('low', x), x2: { field: 'high' } },
          },
          {
            transform: [
              { calculate: 'datum.y - 0.3', as: 'top' },
              { calculate: 'datum.y + 0.3', as: 'bottom' },
            ],
            mark: { type: 'rect', color: COLORS.surplus, opacity: 0.3 },
            encoding: {
              y: { ...y, field: 'top' },
              y2: { field: 'bottom' },
              x: box('q1', x),
              x2: { field: 'q3' },
            },
          },
          {
            transform: [
              { calculate: 'datum.y - 0.3', as: 'top' },
              { calculate: 'datum.y + 0.3', as: 'bottom' },
            ],
            mark: { type: 'rule', color: COLORS.treated, strokeWidth: 2.5 },
            encoding: { y: { ...y, field: 'top' }, y2: { field: 'bottom' }, x: box('median', x) },
          },
        ],
      },
      {
        data: { values: points },
        mark: { type: 'circle', size: 14, opacity: 0.55, color: COLORS.treated },
        encoding: {
          y,
          x: { field: 'change', ...x },
          tooltip: [
            { field: 'municipality' },
            { field: 'sizeClass', title: 'size class' },
            { field: 'change', format: '+.2%' },
          ],
        },
      },
    ],
  });
}

/** The one check of {@link BudgetChangePlotOptions}. @internal */
export function resolveBudgetChangePlotOptions(options: BudgetChangePlotOptions | undefined) {
  const what = 'budgetChangePlot';
  const { common, options: o } = resolveChartOptions(options, ['sizeClassOrder'], what);
  return { common, sizeClassOrder: namesOption(o.sizeClassOrder, 'sizeClassOrder', what) };
}
