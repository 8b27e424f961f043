import { SpecError } from '../errors.js';
import { renderTextTable } from '../format/text-table.js';
import { checkOptions, numberIn } from '../internal/options.js';
import { withView } from '../internal/with-summary.js';
import { comparisonMoments, featureTable, indicatorValues, resolveGroup, zScore } from './feature-table.js';
import { columnOption, membersOption, namesOption } from './options.js';
import type { MemberLike, RecordsInput, UnitId } from './records.js';

/** Options of {@link flagOutliers}. */
export interface FlagOutliersOptions {
  /** Indicator columns to check. */
  readonly indicators: readonly string[];
  /** Municipalities to check (e.g. the deficit and surplus groups, or the case municipalities). */
  readonly group: readonly MemberLike[];
  /** The comparison group ("vergelijkingsgroep") that defines mean and SD. */
  readonly comparison: readonly MemberLike[];
  /** Threshold in comparison-group SDs (S1: 2, "a <5 % chance of noise"). @default 2 */
  readonly k?: number;
  /** Column with the municipality id. @default 'municipality' */
  readonly municipality?: string;
}

/** One indicator for one checked municipality. */
export interface OutlierFlag {
  readonly indicator: string;
  readonly municipality: UnitId;
  readonly value: number;
  /** `(value − mean_C) / SD_C`. */
  readonly z: number;
  /** True when `|z| > k` (strictly, as "meer dan twee SD's"). */
  readonly outlier: boolean;
  /** `'above'` / `'below'` for outliers, `'none'` otherwise. */
  readonly direction: 'above' | 'below' | 'none';
}

/** Comparison-group moments of one indicator, with the outliers above and below (S1 Tab 4.1 layout). */
export interface IndicatorOutliers {
  readonly indicator: string;
  readonly comparisonMean: number;
  /** SD with denominator n − 1. */
  readonly comparisonSd: number;
  readonly above: readonly UnitId[];
  readonly below: readonly UnitId[];
}

/** Result of {@link flagOutliers}. */
export interface OutlierFlags {
  readonly options: {
    readonly indicators: readonly string[];
    readonly k: number;
    readonly municipality: string;
    readonly group: readonly UnitId[];
    readonly comparison: readonly UnitId[];
  };
  /** One row per indicator × checked municipality (indicator-major). */
  readonly flags: readonly OutlierFlag[];
  /** One entry per indicator. */
  readonly byIndicator: readonly IndicatorOutliers[];
  /** Text table in the layout of S1 Tab 4.1 (indicators without outliers left out). */
  summary(): string;
}

/**
 * Flag outliers ("uitbijters"): municipality i is an outlier on indicator x when
 * `|x_i − mean_C(x)| > k · SD_C(x)`, with mean and SD (n − 1) taken over the comparison group C only
 * (S1 §4.1, Tab 4.1; DOMAIN D.3). Outliers above and below are reported separately.
 *
 * @param data - one row per municipality with the indicator columns
 * @param options - indicators, the municipalities to check, the comparison group and `k`
 * @returns per-indicator flags with z-scores, and the Tab 4.1 view
 * @throws {OutlierInputError} `unknown-unit`, `duplicate`, `missing-value`, `not-finite`, `too-few-rows`
 *   (comparison group under 2), `zero-variance` (an indicator constant in the comparison group), `too-large`
 * @throws {SpecError} `unknown-option`, `invalid-option`
 * @example
 * ```ts
 * import { flagOutliers, type RecordsInput } from 'verdeelmodel/outliers';
 * declare const features: RecordsInput; // one row per municipality: municipality, movingIndex
 * const comparison = ['GM0344', 'GM0599', 'GM0363']; // or comparisonGroup(...).members
 * const res = flagOutliers(features, { indicators: ['movingIndex'], group: ['GM0518'], comparison });
 * res.byIndicator[0]?.above; // => ['GM0518'] when The Hague is more than 2 SD above the comparison mean
 * ```
 */
export function flagOutliers(data: RecordsInput, options: FlagOutliersOptions): OutlierFlags {
  const fn = 'flagOutliers';
  const opts = resolveFlagOutliersOptions(options);
  const { k } = opts;
  const table = featureTable(data, opts.municipality, fn);
  const taken = new Map<string, string>();
  const comparison = resolveGroup(table, opts.comparison, 'comparison', fn, taken);
  // A checked municipality may also be a comparison member (S1 checks only group municipalities, but
  // nothing forbids it), so the checked group gets its own duplicate check.
  const group = resolveGroup(table, opts.group, 'checked', fn, new Map());

  const flags: OutlierFlag[] = [];
  const byIndicator: IndicatorOutliers[] = [];
  for (const indicator of opts.indicators) {
    const moments = comparisonMoments(indicatorValues(table, comparison, indicator), indicator, fn);
    const values = indicatorValues(table, group, indicator);
    const above: UnitId[] = [];
    const below: UnitId[] = [];
    group.forEach((municipality, i) => {
      const value = values[i] as number;
      const z = zScore(value, moments, { municipality, indicator, fn });
      const outlier = Math.abs(z) > k;
      const direction = !outlier ? 'none' : z > 0 ? 'above' : 'below';
      if (direction === 'above') above.push(municipality);
      if (direction === 'below') below.push(municipality);
      flags.push({ indicator, municipality, value, z, outlier, direction });
    });
    byIndicator.push({ indicator, comparisonMean: moments.mean, comparisonSd: moments.sd, above, below });
  }
  const result = {
    options: { indicators: opts.indicators, k, municipality: opts.municipality, group, comparison },
    flags,
    byIndicator,
  };
  return withView(result, 'summary', () => formatOutliers(byIndicator, k));
}

/** Check the options of {@link flagOutliers} once. */
export function resolveFlagOutliersOptions(options: FlagOutliersOptions): {
  readonly indicators: string[];
  readonly group: readonly MemberLike[];
  readonly comparison: readonly MemberLike[];
  readonly k: number;
  readonly municipality: string;
} {
  const fn = 'flagOutliers';
  if (options === undefined || options === null) {
    throw new SpecError('invalid-option', `${fn}: give the options { indicators, group, comparison }`);
  }
  const o = checkOptions(options, ['indicators', 'group', 'comparison', 'k', 'municipality'], fn);
  return {
    indicators: namesOption(o.indicators, 'indicators', fn, { required: true }),
    group: membersOption<MemberLike>(o.group, 'group', fn),
    comparison: membersOption<MemberLike>(o.comparison, 'comparison', fn),
    k: o.k === undefined ? 2 : numberIn(o.k, 0, Number.MAX_VALUE, 'k', fn, { min: true }),
    municipality: columnOption(o.municipality, 'municipality', 'municipality', fn),
  };
}

function formatOutliers(byIndicator: readonly IndicatorOutliers[], k: number): string {
  const rows = byIndicator
    .filter((r) => r.above.length + r.below.length > 0)
    .map((r) => [r.indicator, r.above.join(', '), r.below.join(', ')]);
  const header = ['Indicator', `More than ${k} SD above`, `More than ${k} SD below`];
  if (rows.length === 0) return `No outliers beyond ${k} SD of the comparison group.`;
  return renderTextTable({
    columns: header,
    rows,
    footers: [
      `Mean and SD (n - 1) over the comparison group; ${rows.length} of ${byIndicator.length} indicators have outliers.`,
    ],
  });
}
