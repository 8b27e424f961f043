import { DataError, SpecError } from '../errors.js';
import { normalQuantile, tQuantileAt } from '../internal/distributions.js';
import { numberIn } from '../internal/options.js';
import {
  COLORS,
  chartSize,
  describeValue,
  expressionLiteral,
  noDuplicate,
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
 * @throws {DataError} for an empty input, a row that is not an object, a missing or non-finite estimate or
 *   standard error, a negative standard error, a `dfResidual` that is not a positive number, an indicator
 *   given twice, or an interval that overflows
 * @throws {SpecError} for an unknown option or a bad option value
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
  const { common, level, groupNames } = resolveGroupComparisonPlotOptions(options);
  const [deficitName, surplusName] = groupNames;
  const data: Record<string, unknown>[] = [];
  const indicators: string[] = [];
  const seen = new Map<string, number>();
  requireRows(rows, what).forEach((r, i) => {
    const indicator = requireLabel(own(r, 'indicator'), 'indicator', i, what);
    noDuplicate(seen, indicator, 'indicator', i, what);
    indicators.push(indicator);
    const df = own(r, 'dfResidual');
    // Absent (or Infinity): normal intervals; a positive number: t intervals; anything else is a mistake.
    if (df != null && !(typeof df === 'number' && df > 0)) {
      throw new DataError(
        'invalid-value',
        `${what} row ${i + 1} ('${indicator}'): dfResidual must be a positive number of degrees of freedom; got ${describeValue(df)}`,
        { column: 'dfResidual', row: i + 1 },
      );
    }
    const p = 1 - (1 - level) / 2;
    const q = typeof df === 'number' && Number.isFinite(df) ? tQuantileAt(p, df) : normalQuantile(p);
    if (!Number.isFinite(q)) {
      throw new DataError(
        'out-of-range',
        `${what} row ${i + 1} ('${indicator}'): dfResidual ${String(df)} is too small for a ${level} interval`,
        { column: 'dfResidual', row: i + 1 },
      );
    }
    for (const [group, prefix] of [
      [deficitName, 'deficit'],
      [surplusName, 'surplus'],
    ] as const) {
      const groupKey = prefix;
      const e = requireFinite(own(r, `${prefix}Estimate`), `${prefix}Estimate`, i, what);
      const s = requireFinite(own(r, `${prefix}StdError`), `${prefix}StdError`, i, what);
      if (s < 0)
        throw new DataError('out-of-range', `${what} row ${i + 1}: ${prefix}StdError is negative`, {
          column: `${prefix}StdError`,
          row: i + 1,
        });
      const low = e - q * s;
      const high = e + q * s;
      if (!Number.isFinite(low) || !Number.isFinite(high)) {
        throw new DataError(
          'not-finite',
          `${what} row ${i + 1} ('${indicator}'): the interval ${prefix}Estimate ± ${q.toFixed(3)} × ${prefix}StdError overflows`,
          { column: `${prefix}StdError`, row: i + 1 },
        );
      }
      data.push({ indicator, group, groupKey, estimate: e, low, high });
    }
  });
  // The height grows with the number of indicators unless it is given.
  const { width, height } = chartSize(common, Math.max(140, 34 * indicators.length));
  const y = {
    field: 'indicator',
    type: 'nominal',
    title: null,
    // An explicit domain, not a sort array (a value named 'constructor' breaks Vega's sort lookup).
    sort: null,
    scale: { domain: indicators },
    axis: { labelLimit: 280, grid: false },
  };
  // Groups are drawn by fixed keys and the legend shows the names: Vega keys a legend shared by two marks
  // by value in a plain object, where a group named 'constructor' breaks the drawing.
  const yOffset = {
    field: 'groupKey',
    type: 'nominal',
    sort: null,
    scale: { domain: ['deficit', 'surplus'] },
  };
  const color = {
    field: 'groupKey',
    type: 'nominal',
    title: null,
    scale: { domain: ['deficit', 'surplus'], range: [COLORS.deficit, COLORS.surplus] },
    legend: {
      labelExpr: `datum.value === 'deficit' ? ${expressionLiteral(deficitName)} : ${expressionLiteral(surplusName)}`,
    },
  };
  const pct = Math.round(level * 100);
  return topLevel({
    title: titleBlock(
      common,
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

/** The two legend names: distinct non-empty strings. */
function groupNamesOf(value: unknown, what: string): readonly [string, string] {
  if (value === undefined) return ['deficit municipalities', 'surplus municipalities'];
  if (
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((v) => typeof v === 'string' && v.length > 0) &&
    value[0] !== value[1]
  ) {
    return [value[0] as string, value[1] as string];
  }
  throw new SpecError(
    'invalid-option',
    `${what}: groupNames must be two different non-empty names, [deficit, surplus]; got ${describeValue(value)}`,
    { option: 'groupNames' },
  );
}

/** The one check of {@link GroupComparisonPlotOptions}, with defaults. @internal */
export function resolveGroupComparisonPlotOptions(options: GroupComparisonPlotOptions | undefined) {
  const what = 'groupComparisonPlot';
  const { common, options: o } = resolveChartOptions(options, ['level', 'groupNames'], what);
  return {
    common,
    level: o.level === undefined ? 0.95 : numberIn(o.level, 0, 1, 'level', what, { min: true, max: true }),
    groupNames: groupNamesOf(o.groupNames, what),
  };
}
