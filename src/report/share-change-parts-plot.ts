import { DataError } from '../errors.js';
import { integerIn, oneOf } from '../internal/options.js';
import {
  chartSize,
  noDuplicate,
  own,
  requireFinite,
  requireInput,
  requireLabel,
  requireRows,
  resolveChartOptions,
  titleBlock,
  topLevel,
  zeroLine,
} from './chart-helpers.js';
import type { ChartOptions, VegaLiteSpec } from './types.js';

/** One municipality of {@link ShareChangePartsInput}: `explainShareChanges().municipalities` rows have these fields. */
export interface ShareChangePartsRow {
  readonly municipality: string;
  readonly sizeClass?: string | null;
  /** Budget share of the previous year (> 0). */
  readonly previousShare: number;
  /** currentShare − previousShare. */
  readonly change: number;
  /** The parts of `change`, one per entry of the input's `parts`. */
  readonly parts: readonly number[];
}

/** Input of {@link shareChangePartsPlot}: the result of explainShareChanges, or the same fields. */
export interface ShareChangePartsInput {
  readonly parts: readonly { readonly name: string }[];
  readonly municipalities: readonly ShareChangePartsRow[];
  readonly previousYear?: number;
  readonly currentYear?: number;
}

/** Options of {@link shareChangePartsPlot}. */
export interface ShareChangePartsPlotOptions extends ChartOptions {
  /** Municipalities shown: those with the largest |relative change|. @default 15 */
  readonly top?: number;
  /**
   * `'relative'` draws each part divided by the previous share (the budgetmutatie of S0 ch.3, +5 % = 0.05);
   * `'share'` draws it in percentage points of the national budget. @default 'relative'
   */
  readonly scale?: 'relative' | 'share';
}

/**
 * Categorical colours, one per part and cycled beyond 18: Tableau 10 followed by eight hues far from those
 * (navy, olive, violet, dark teal, dark grey, magenta, dark green, sand), so that neighbouring parts differ.
 */
const PART_COLORS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
  '#1b3a6b',
  '#bcbd22',
  '#7b1fa2',
  '#00695c',
  '#555555',
  '#c51b7d',
  '#2d6a1f',
  '#e6c89c',
];

/**
 * The largest budget-share changers by part: one bar per municipality (the `top` with the largest
 * |relative change|, largest on top), split into the parts of explainShareChanges (re-estimation, each feature
 * group, households, interaction, size-class mix, historical, LKS, DTI, macro totals). Positive parts stack to
 * the right of zero and negative ones to the left, so a bar's two ends show how much moved each way; a black
 * diamond marks the net change, which the parts add up to.
 *
 * @param input - `explainShareChanges(...)`, or `{ parts, municipalities }` with the same fields.
 * @throws {DataError} for no municipalities, a row whose `parts` has another length than `parts`, a
 *   non-finite value, a previous share that is not positive, a municipality given twice.
 * @throws {SpecError} for an unknown option or a bad value.
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { renderSvg, shareChangePartsPlot } from 'verdeelmodel/report';
 * const spec = shareChangePartsPlot({
 *   parts: [{ name: 're-estimation' }, { name: 'health' }, { name: 'historical' }],
 *   municipalities: [
 *     { municipality: 'GM0363', previousShare: 0.1, change: 0.004, parts: [0.001, 0.004, -0.001] },
 *     { municipality: 'GM0014', previousShare: 0.02, change: -0.001, parts: [-0.0005, -0.0005, 0] },
 *   ],
 * });
 * await writeFile('share-change-parts.svg', await renderSvg(spec));
 * ```
 */
export function shareChangePartsPlot(
  input: ShareChangePartsInput,
  options: ShareChangePartsPlotOptions = {},
): VegaLiteSpec {
  const what = 'shareChangePartsPlot';
  const { common, options: o } = resolveChartOptions(options, ['top', 'scale'], what);
  const top = integerIn(o.top ?? 15, 1, 1000, 'top', what);
  const scale = oneOf(o.scale ?? 'relative', ['relative', 'share'], 'scale', what);
  const obj = requireInput(input, what, 'parts and municipalities');
  const partsRaw = own(obj, 'parts');
  if (!Array.isArray(partsRaw) || partsRaw.length === 0) {
    throw new DataError('invalid-value', `${what}: 'parts' must be a non-empty array of { name }`, {
      column: 'parts',
    });
  }
  const names = partsRaw.map((p, j) =>
    requireLabel(p !== null && typeof p === 'object' ? own(p, 'name') : undefined, 'parts.name', j, what),
  );
  const seen = new Map<string, number>();
  const rows = requireRows(own(obj, 'municipalities'), what).map((r, i) => {
    const municipality = requireLabel(own(r, 'municipality'), 'municipality', i, what);
    noDuplicate(seen, municipality, 'municipality', i, what);
    const previousShare = requireFinite(own(r, 'previousShare'), 'previousShare', i, what);
    if (!(previousShare > 0)) {
      throw new DataError(
        'out-of-range',
        `${what} row ${i + 1} ('${municipality}'): previousShare must be > 0, got ${previousShare}`,
        {
          column: 'previousShare',
          row: i + 1,
        },
      );
    }
    const change = requireFinite(own(r, 'change'), 'change', i, what);
    const parts = own(r, 'parts');
    if (!Array.isArray(parts) || parts.length !== names.length) {
      throw new DataError(
        'length-mismatch',
        `${what} row ${i + 1} ('${municipality}'): parts must hold ${names.length} numbers, one per part (${names.join(', ')})`,
        { column: 'parts', row: i + 1 },
      );
    }
    const divisor = scale === 'relative' ? previousShare : 1;
    return {
      municipality,
      total: change / divisor,
      values: parts.map((v, j) => requireFinite(v, `parts[${j}]`, i, what) / divisor),
    };
  });
  const shown = [...rows]
    .sort((a, b) => Math.abs(b.total) - Math.abs(a.total) || (a.municipality < b.municipality ? -1 : 1))
    .slice(0, top);
  // Each part a segment [x0, x1]: positives stacked right of zero, negatives left, in the parts' order.
  const segments = shown.flatMap((m) => {
    let pos = 0;
    let neg = 0;
    return m.values.flatMap((v, j) => {
      if (v === 0) return [];
      const x0 = v > 0 ? pos : neg;
      if (v > 0) pos += v;
      else neg += v;
      return [{ municipality: m.municipality, part: names[j]!, value: v, x0, x1: v > 0 ? pos : neg }];
    });
  });
  const order = shown.map((m) => m.municipality);
  const y = { field: 'municipality', type: 'nominal', title: null, sort: order, axis: { labelLimit: 200 } };
  const format = scale === 'relative' ? '+.1%' : '+.3%';
  const x = {
    type: 'quantitative',
    title:
      scale === 'relative'
        ? 'change in budget share (relative to last year)'
        : 'change in budget share (% points of the budget)',
    axis: { format },
  };
  const prevYear = own(obj, 'previousYear');
  const curYear = own(obj, 'currentYear');
  const years =
    typeof prevYear === 'number' && typeof curYear === 'number' ? ` ${prevYear} → ${curYear}` : '';
  const { width, height } = chartSize(common, Math.max(120, 22 * shown.length));
  return topLevel({
    title: titleBlock(
      common,
      `Largest budget-share changes${years} by part`,
      `${shown.length} of ${rows.length} municipalities; bars: the parts (right: up, left: down); diamond: net change`,
    ),
    width,
    height,
    layer: [
      zeroLine('x'),
      {
        data: { values: segments },
        mark: { type: 'bar', height: { band: 0.7 } },
        encoding: {
          y,
          x: { field: 'x0', ...x },
          x2: { field: 'x1' },
          color: {
            field: 'part',
            type: 'nominal',
            title: null,
            legend: { columns: Math.min(names.length, 6) },
            scale: { domain: names, range: names.map((_, j) => PART_COLORS[j % PART_COLORS.length]!) },
          },
          tooltip: [
            { field: 'municipality' },
            { field: 'part' },
            { field: 'value', format: scale === 'relative' ? '+.2%' : '+.4%' },
          ],
        },
      },
      {
        data: { values: shown.map((m) => ({ municipality: m.municipality, total: m.total })) },
        mark: { type: 'point', shape: 'diamond', filled: true, color: 'black', size: 60 },
        encoding: {
          y,
          x: { field: 'total', ...x },
          tooltip: [
            { field: 'municipality' },
            { field: 'total', title: 'net change', format: scale === 'relative' ? '+.2%' : '+.4%' },
          ],
        },
      },
    ],
  });
}
