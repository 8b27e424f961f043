import { DataError } from '../errors.js';
import { normalQuantile, tQuantileAt } from '../internal/distributions.js';
import {
  COLORS,
  requireFinite,
  requireLabel,
  requireRows,
  resolveSize,
  titleBlock,
  topLevel,
  zeroLine,
} from './chart-helpers.js';
import type { ChartOptions, VegaLiteSpec } from './types.js';

/** One indicator compared between groups; `compareGroups().table` rows have these fields. */
export interface GroupComparisonRow {
  readonly indicator: string;
  /** Mean difference deficit − comparison group, in comparison-group standard deviations. */
  readonly deficitEstimate: number;
  readonly deficitStdError: number;
  /** Mean difference surplus − comparison group. */
  readonly surplusEstimate: number;
  readonly surplusStdError: number;
  /** Residual degrees of freedom: t intervals when given, normal ones otherwise. */
  readonly dfResidual?: number;
}

/** Options of {@link groupComparisonPlot}. */
export interface GroupComparisonPlotOptions extends ChartOptions {
  /** Confidence level of the intervals. @default 0.95 */
  readonly level?: number;
  /** Legend names of the two groups. @default ['deficit municipalities', 'surplus municipalities'] */
  readonly groupNames?: readonly [string, string];
}

/**
 * Deficit and surplus municipalities against the comparison group (the SEO/Atlas-style outlier analysis):
 * per indicator, how far each group's mean lies from the comparison group's, in comparison-group standard
 * deviations, with confidence intervals. Zero is the comparison group; an interval that does not cross it
 * is a systematic difference.
 *
 * @param rows - `compareGroups(...).table`, or rows with the fields of {@link GroupComparisonRow}
 * @throws {DataError} for an empty input or a non-finite estimate or standard error
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { type ComparisonGroup, compareGroups, type ExtremeSelection, type RecordsInput } from 'verdeelmodel/outliers';
 * import { groupComparisonPlot, renderPng } from 'verdeelmodel/report';
 * declare const municipalities: RecordsInput; // one row per municipality: municipality, movingIndex, divorces
 * declare const sel: ExtremeSelection; // selectExtremes(...)
 * declare const group: ComparisonGroup; // comparisonGroup(...)
 * const comparison = compareGroups(municipalities, {
 *   indicators: ['movingIndex', 'divorces'], deficit: sel.deficit, surplus: sel.surplus, comparison: group.members,
 * });
 * await writeFile('groups.png', await renderPng(groupComparisonPlot(comparison.table)));
 * ```
 */
export function groupComparisonPlot(
  rows: readonly GroupComparisonRow[],
  options: GroupComparisonPlotOptions = {},
): VegaLiteSpec {
  const what = 'groupComparisonPlot';
  requireRows(rows, what);
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) {
    throw new DataError('out-of-range', `${what}: level must be in (0, 1), got ${level}`);
  }
  const [deficitName, surplusName] = options.groupNames ?? [
    'deficit municipalities',
    'surplus municipalities',
  ];
  const data: Record<string, unknown>[] = [];
  const indicators: string[] = [];
  rows.forEach((r, i) => {
    const indicator = requireLabel(r?.indicator, 'indicator', i, what);
    indicators.push(indicator);
    const df = r.dfResidual;
    const q =
      df !== undefined && Number.isFinite(df) && df > 0
        ? tQuantileAt(1 - (1 - level) / 2, df)
        : normalQuantile(1 - (1 - level) / 2);
    for (const [group, est, se] of [
      [deficitName, r.deficitEstimate, r.deficitStdError],
      [surplusName, r.surplusEstimate, r.surplusStdError],
    ] as const) {
      const prefix = group === deficitName ? 'deficit' : 'surplus';
      const e = requireFinite(est, `${prefix}Estimate`, i, what);
      const s = requireFinite(se, `${prefix}StdError`, i, what);
      if (s < 0)
        throw new DataError('out-of-range', `${what} row ${i + 1}: ${prefix}StdError is negative`, {
          row: i + 1,
        });
      data.push({ indicator, group, estimate: e, low: e - q * s, high: e + q * s });
    }
  });
  // The height grows with the number of indicators unless it is given.
  const { width, height } = resolveSize(options, Math.max(140, 34 * indicators.length));
  const y = {
    field: 'indicator',
    type: 'nominal',
    title: null,
    sort: indicators,
    axis: { labelLimit: 280, grid: false },
  };
  const yOffset = { field: 'group', type: 'nominal', sort: [deficitName, surplusName] };
  const color = {
    field: 'group',
    type: 'nominal',
    title: null,
    scale: { domain: [deficitName, surplusName], range: [COLORS.deficit, COLORS.surplus] },
  };
  const pct = Math.round(level * 100);
  return topLevel({
    title: titleBlock(
      options,
      'Deficit and surplus municipalities against the comparison group',
      `difference in means, in comparison-group standard deviations, with ${pct}% intervals; 0 = comparison group`,
    ),
    width,
    height,
    layer: [
      zeroLine('x', { strokeWidth: 1.5 }),
      {
        data: { values: data },
        layer: [
          {
            mark: { type: 'rule', strokeWidth: 2 },
            encoding: {
              y,
              yOffset,
              x: { field: 'low', type: 'quantitative', title: 'difference from the comparison group (SD)' },
              x2: { field: 'high' },
              color,
            },
          },
          {
            mark: { type: 'point', filled: true, size: 55, opacity: 1 },
            encoding: {
              y,
              yOffset,
              x: { field: 'estimate', type: 'quantitative' },
              color,
              tooltip: [{ field: 'indicator' }, { field: 'group' }, { field: 'estimate', format: '.2f' }],
            },
          },
        ],
      },
    ],
  });
}
