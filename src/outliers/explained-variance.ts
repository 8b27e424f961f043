import { SpecError } from '../errors.js';
import { formatFixed, formatPercent } from '../format/numbers.js';
import { labelledColumns, renderTextTable } from '../format/text-table.js';
import { checkOptions, oneOf } from '../internal/options.js';
import { withView } from '../internal/with-summary.js';
import { resolveYears } from './balances.js';
import { OutlierInputError } from './errors.js';
import { isConstant } from './feature-table.js';
import { columnOption, summaryFlag, yearsOption } from './options.js';
import { indexPanel } from './panel.js';
import { idKey, numberAt, type RecordsInput, readFrame, readNumbers, type UnitId } from './records.js';
import { scaledMoments, stableMean } from './stable.js';

/** Options of {@link explainedVariance}. */
export interface ExplainedVarianceOptions {
  /** Column with the balance component (e.g. `volume` or `price` from `decomposeSpendingGap`; < 0 = deficit). */
  readonly component: string;
  /** Column with the outcome measure (e.g. inflow as a share of the stock). */
  readonly measure: string;
  /** Column with the municipality id. @default 'municipality' */
  readonly municipality?: string;
  /** Column with the year. @default 'year' */
  readonly year?: string;
  /** Years to use. Municipalities may miss years (benchmark participation varies). @default every year in the rows */
  readonly years?: readonly number[];
  /** A null/undefined component or measure: `'error'` throws naming municipality and year; `'omit'` drops that municipality-year. @default 'error' */
  readonly na?: 'error' | 'omit';
}

/** Fit and group means of one year. */
export interface ExplainedVarianceYear {
  readonly year: number;
  readonly n: number;
  /** R² of the OLS of the component on the measure across municipalities. */
  readonly r2: number;
  /** Unweighted mean measure of municipalities with component < 0 (null when there are none). */
  readonly deficitMean: number | null;
  /** Unweighted mean measure of municipalities with component > 0 (null when there are none). */
  readonly surplusMean: number | null;
  readonly nDeficit: number;
  readonly nSurplus: number;
}

/** Result of {@link explainedVariance}. */
export interface ExplainedVariance {
  readonly options: {
    readonly component: string;
    readonly measure: string;
    readonly municipality: string;
    readonly year: string;
    readonly years: readonly number[];
    readonly na: 'error' | 'omit';
  };
  readonly yearly: readonly ExplainedVarianceYear[];
  /**
   * The period: R² across municipalities of their period means (one point per municipality, as S3's
   * Annex E scatters; not the mean of the yearly R²s). The group means are the means of the yearly
   * group means, which reproduces S3's "Gemiddelde (2016-2021)" column from its yearly columns.
   */
  readonly period: {
    readonly n: number;
    readonly r2: number;
    readonly deficitMean: number | null;
    readonly surplusMean: number | null;
  };
  /** R² of one OLS over all municipality-years (the pooled-panel alternative). */
  readonly pooled: { readonly n: number; readonly r2: number };
  /**
   * Text table laid out as S3 §3.2 (years as columns, then the period). Group means print as
   * percentages unless `measureAsPercent` is false (for measures such as a duration in months).
   */
  summary(options?: { readonly measureAsPercent?: boolean }): string;
}

/**
 * Explained variance ("verklaringsgraad") of a balance component by an outcome measure, as AEF report
 * it (S3 §3.2, Annex E.2; DOMAIN D.7): per year, the R² of a simple OLS of the component on the
 * measure across municipalities, and the unweighted mean measure of the deficit group (component < 0)
 * and the surplus group (component > 0); for the period, the R² on period means per municipality;
 * and the pooled-panel R² (the R² of `lm(component ~ measure)`, computed as the squared correlation so
 * that it is exact at any scale and 1 for an exact linear relation).
 *
 * @param rows - one row per municipality-year with the component and the measure
 * @param options - columns, years and the missing-value policy
 * @returns yearly, period and pooled R² with group means
 * @throws {OutlierInputError} `missing-value` (with `na: 'error'`; null, undefined and NaN are missing),
 *   `not-finite` (±Infinity), `too-few-rows` (under 3 points in a year or in the period), `zero-variance`
 *   (a constant measure or component), `out-of-range`, `duplicate`, `missing-column`
 * @throws {SpecError} `unknown-option`, `invalid-option`
 * @example
 * ```ts
 * import { decomposeSpendingGap, explainedVariance, type RecordsInput } from 'verdeelmodel/outliers';
 * declare const rows: RecordsInput; // one row per municipality and year (see decomposeSpendingGap)
 * declare const inflow: readonly number[]; // the inflow of each row of gap.yearly
 * const gap = decomposeSpendingGap(rows);
 * const withInflow = gap.yearly.map((r, i) => ({ ...r, inflow: inflow[i] }));
 * explainedVariance(withInflow, { component: 'volume', measure: 'inflow' }).period.r2; // => e.g. 0.18
 * ```
 */
export function explainedVariance(rows: RecordsInput, options: ExplainedVarianceOptions): ExplainedVariance {
  const fn = 'explainedVariance';
  const opts = resolveExplainedVarianceOptions(options);
  const { na, years: requested, ...col } = opts;
  const frame = readFrame(rows, fn);
  const panel = indexPanel(frame, col.municipality, col.year, fn);
  const years = resolveYears(requested, panel.years);
  const components = readNumbers(frame, col.component, fn, 'balance components');
  const measures = readNumbers(frame, col.measure, fn, 'measures', true);

  const points: { id: UnitId; year: number; component: number; measure: number }[] = [];
  for (const id of panel.ids) {
    const unit = panel.rows.get(idKey(id)) as ReadonlyMap<number, number>;
    for (const year of years) {
      const i = unit.get(year);
      if (i === undefined) continue; // not a participant that year
      // A Frame holds a missing value as NaN, so null, undefined and NaN are all "missing" here.
      const missing = Number.isNaN(components[i]) || Number.isNaN(measures[i]);
      if (missing && na === 'omit') continue;
      const at = { index: i, municipality: id, year };
      points.push({
        id,
        year,
        component: numberAt(components, col.component, fn, at),
        measure: numberAt(measures, col.measure, fn, { ...at, indicator: col.measure }),
      });
    }
  }

  const yearly = years.map((year): ExplainedVarianceYear => {
    const pts = points.filter((p) => p.year === year);
    const deficit = pts.filter((p) => p.component < 0).map((p) => p.measure);
    const surplus = pts.filter((p) => p.component > 0).map((p) => p.measure);
    return {
      year,
      n: pts.length,
      r2: rSquared(pts, `year ${year}`, col, year),
      deficitMean: deficit.length ? stableMean(deficit) : null,
      surplusMean: surplus.length ? stableMean(surplus) : null,
      nDeficit: deficit.length,
      nSurplus: surplus.length,
    };
  });

  const byUnit = new Map<string, { component: number[]; measure: number[] }>();
  for (const p of points) {
    const u = byUnit.get(idKey(p.id)) ?? { component: [], measure: [] };
    u.component.push(p.component);
    u.measure.push(p.measure);
    byUnit.set(idKey(p.id), u);
  }
  const means = [...byUnit.values()].map((u) => ({
    component: stableMean(u.component),
    measure: stableMean(u.measure),
  }));
  const meanOf = (values: (number | null)[]) => {
    const present = values.filter((v): v is number => v !== null);
    return present.length ? stableMean(present) : null;
  };
  const period = {
    n: means.length,
    r2: rSquared(means, 'the period means', col),
    deficitMean: meanOf(yearly.map((y) => y.deficitMean)),
    surplusMean: meanOf(yearly.map((y) => y.surplusMean)),
  };
  const pooled = { n: points.length, r2: rSquared(points, 'the pooled panel', col) };
  const result = { options: { ...col, years, na }, yearly, period, pooled };
  return withView(result, 'summary', (summaryOptions: { measureAsPercent?: boolean } = {}) =>
    formatExplained(
      result,
      summaryFlag(summaryOptions, 'measureAsPercent', true, 'explainedVariance summary'),
    ),
  );
}

/** Check the options of {@link explainedVariance} once. */
export function resolveExplainedVarianceOptions(options: ExplainedVarianceOptions): {
  readonly component: string;
  readonly measure: string;
  readonly municipality: string;
  readonly year: string;
  readonly years: readonly number[] | undefined;
  readonly na: 'error' | 'omit';
} {
  const fn = 'explainedVariance';
  if (options === undefined || options === null) {
    throw new SpecError('invalid-option', `${fn}: give the component and measure column names`);
  }
  const o = checkOptions(options, ['component', 'measure', 'municipality', 'year', 'years', 'na'], fn);
  if (o.component === undefined || o.measure === undefined) {
    throw new SpecError('invalid-option', `${fn}: give the component and measure column names`, {
      option: o.component === undefined ? 'component' : 'measure',
    });
  }
  return {
    component: columnOption(o.component, '', 'component', fn),
    measure: columnOption(o.measure, '', 'measure', fn),
    municipality: columnOption(o.municipality, 'municipality', 'municipality', fn),
    year: columnOption(o.year, 'year', 'year', fn),
    years: yearsOption(o.years, fn),
    na: o.na === undefined ? 'error' : oneOf(o.na, ['error', 'omit'], 'na', fn),
  };
}

/** R² of the simple OLS of component on measure: the squared correlation of the two (standardised) columns. */
function rSquared(
  pts: readonly { component: number; measure: number }[],
  where: string,
  col: { component: string; measure: string },
  year?: number,
): number {
  const fn = 'explainedVariance';
  const loc = year === undefined ? {} : { year };
  if (pts.length < 3) {
    throw new OutlierInputError(
      'too-few-rows',
      `${fn}: ${where} has ${pts.length} municipalities; an R² needs at least 3`,
      loc,
    );
  }
  // R² of a simple regression is the squared correlation, which is invariant to affine changes of
  // either variable: both are standardised (on power-of-two-scaled values), so it is the same at any
  // scale (values near 1e300 or 1e-300 included) and exactly 1 for an exact linear relation, where a
  // regression fit would have only rounding noise left as residuals.
  const standardised: Record<'measure' | 'component', Float64Array> = {
    measure: new Float64Array(0),
    component: new Float64Array(0),
  };
  for (const [name, key] of [
    [col.measure, 'measure'],
    [col.component, 'component'],
  ] as const) {
    const values = Float64Array.from(pts, (p) => p[key]);
    const m = scaledMoments(values);
    if (isConstant(values, m)) {
      throw new OutlierInputError(
        'zero-variance',
        `${fn}: '${name}' is constant (${pts[0]?.[key]}) in ${where}, so R² is not defined`,
        { ...loc, indicator: name },
      );
    }
    standardised[key] = values.map((v) => (v * m.scale - m.mean * m.scale) / (m.sd * m.scale));
  }
  let cross = 0;
  for (let i = 0; i < pts.length; i++) {
    cross += (standardised.measure[i] as number) * (standardised.component[i] as number);
  }
  const r = cross / (pts.length - 1);
  return Math.min(1, r * r);
}

function formatExplained(
  result: Pick<ExplainedVariance, 'options' | 'yearly' | 'period' | 'pooled'>,
  measureAsPercent: boolean,
): string {
  const pct = (x: number | null) => (x === null ? '-' : formatPercent(x));
  const value = (x: number | null) =>
    x === null ? '-' : measureAsPercent ? pct(x) : formatFixed(x, { decimals: 1 });
  const { component, measure } = result.options;
  const header = ['', ...result.yearly.map((y) => String(y.year)), 'Period'];
  const rows = [
    [
      `${measure}, deficit (${component} < 0)`,
      ...result.yearly.map((y) => value(y.deficitMean)),
      value(result.period.deficitMean),
    ],
    [
      `${measure}, surplus (${component} > 0)`,
      ...result.yearly.map((y) => value(y.surplusMean)),
      value(result.period.surplusMean),
    ],
    ['R²', ...result.yearly.map((y) => pct(y.r2)), pct(result.period.r2)],
    ['n', ...result.yearly.map((y) => String(y.n)), String(result.period.n)],
  ];
  return renderTextTable({
    columns: labelledColumns(header),
    rows,
    headerRule: false,
    footers: [
      `Period R² on municipality means; pooled-panel R² ${pct(result.pooled.r2)} (n = ${result.pooled.n}).`,
    ],
  });
}
