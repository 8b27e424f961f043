import { SpecError } from '../errors.js';
import { type Stars, stars } from '../format/stars.js';
import { ols, waldTest } from '../glm/index.js';
import { withView } from '../internal/with-summary.js';
import { OutlierInputError } from './errors.js';
import {
  checkIndicators,
  comparisonMoments,
  featureTable,
  indicatorValues,
  resolveGroup,
} from './feature-table.js';
import { formatComparison } from './format-comparison.js';
import type { MemberLike, RecordsInput, UnitId } from './records.js';

/** Variance types offered for the group comparison (DOMAIN D.4: classical by default, HC as an option). */
export type ComparisonVcov = 'model' | 'HC0' | 'HC1';

/** Options of {@link compareGroups}. */
export interface CompareGroupsOptions {
  /** Indicator (feature) columns to compare, one regression each. */
  readonly indicators: readonly string[];
  /** The deficit municipalities ("tekortgemeenten"), e.g. `selectExtremes(...).deficit`. */
  readonly deficit: readonly MemberLike[];
  /** The surplus municipalities ("overschotgemeenten"). */
  readonly surplus: readonly MemberLike[];
  /** The comparison group ("vergelijkingsgroep"), e.g. `comparisonGroup(...).members`. */
  readonly comparison: readonly MemberLike[];
  /**
   * Control columns added to every regression, unstandardised (S1 Tab 4.3 controls for the regional
   * client potential, RKP). An indicator that is itself a control is skipped (S1 prints "–").
   * @default []
   */
  readonly controls?: readonly string[];
  /**
   * Standard errors: `'model'` (classical OLS, t and F tests; DOMAIN D.4 default), `'HC0'` or `'HC1'`
   * (heteroskedasticity-robust, `sandwich::vcovHC`). @default 'model'
   */
  readonly vcov?: ComparisonVcov;
  /** Level for the "systematic difference" verdict (S1 lists features with any star, i.e. 10 %). @default 0.1 */
  readonly alpha?: number;
  /** Column with the municipality id. @default 'municipality' */
  readonly municipality?: string;
}

/** One indicator: a row of S1 Tab 4.2 / 4.3 with everything behind it (tidy, one row per indicator). */
export interface ComparisonRow {
  readonly indicator: string;
  /** Mean of the raw indicator in the comparison group. */
  readonly comparisonMean: number;
  /** SD (n − 1) of the raw indicator in the comparison group: the unit of the coefficients. */
  readonly comparisonSd: number;
  readonly nobs: number;
  readonly dfResidual: number;
  /** β_D: mean difference deficit − comparison, in comparison-group SDs. */
  readonly deficitEstimate: number;
  readonly deficitStdError: number;
  /** t statistic of β_D. */
  readonly deficitStatistic: number;
  readonly deficitPValue: number;
  readonly deficitStars: Stars;
  /** β_S: mean difference surplus − comparison, in comparison-group SDs. */
  readonly surplusEstimate: number;
  readonly surplusStdError: number;
  readonly surplusStatistic: number;
  readonly surplusPValue: number;
  readonly surplusStars: Stars;
  /** β_D − β_S. */
  readonly differenceEstimate: number;
  /** `sqrt(V_DD + V_SS − 2 V_DS)` under the chosen vcov. */
  readonly differenceStdError: number;
  /** Wald F statistic of β_D = β_S (= t² of the difference), with (1, dfResidual) df. */
  readonly differenceStatistic: number;
  readonly differenceDf1: number;
  readonly differenceDf2: number;
  readonly differencePValue: number;
  readonly differenceStars: Stars;
  /** S1's verdict: β_D or β_S differs from 0, or β_D ≠ β_S, at level `alpha`. */
  readonly systematic: boolean;
}

/** Result of {@link compareGroups}. */
export interface GroupComparison {
  readonly options: {
    readonly indicators: readonly string[];
    readonly controls: readonly string[];
    readonly vcov: ComparisonVcov;
    readonly alpha: number;
    readonly municipality: string;
  };
  readonly groups: {
    readonly deficit: readonly UnitId[];
    readonly surplus: readonly UnitId[];
    readonly comparison: readonly UnitId[];
  };
  /** One row per compared indicator, in the order asked. */
  readonly table: readonly ComparisonRow[];
  /** Indicators not compared, with the reason (an indicator that is also a control). */
  readonly skipped: readonly { readonly indicator: string; readonly reason: string }[];
  /**
   * Text table shaped like S1 Tab 4.2-4.3 (coefficients with stars, stars of the difference).
   * `onlySystematic` keeps the systematic rows only, as the study prints them.
   */
  summary(options?: { readonly onlySystematic?: boolean }): string;
}

/**
 * Compare deficit and surplus municipalities with the comparison group, indicator by indicator
 * (S1 ch. 4, Tab 4.2, 4.3, D.1; DOMAIN D.4). Each indicator is standardised on the comparison group,
 * `z = (x − mean_C) / SD_C` (SD with n − 1), and regressed by OLS on a deficit and a surplus dummy
 * (plus controls): `z = α + β_D·DEF + β_S·SUR (+ γ'controls) + ε`. Reported per indicator: both
 * coefficients with stars (* p<.10, ** p<.05, *** p<.01), the Wald F test of β_D = β_S, and the verdict
 * "systematic" when either coefficient or their difference is significant at `alpha`. Regressions use
 * the GLM engine's `ols` and `waldTest`; p-values are t/F based, as `lm` + `lmtest` + `car`.
 * The differences are descriptive, not causal (S1 §4.2).
 *
 * @param data - one row per municipality with the indicator and control columns (other rows are ignored)
 * @param options - indicators, the three groups, controls, vcov and alpha
 * @returns the tidy table and a `summary()` view
 * @throws {OutlierInputError} `unknown-unit` (a group member not in the data), `duplicate` (in two groups),
 *   `missing-value`, `too-few-rows` (comparison group under 2, or no residual df), `zero-variance`
 *   (an indicator constant in the comparison group, or a constant control)
 * @throws {SpecError} for bad options (no indicators, a reserved control name, an unknown vcov)
 * @example
 * ```ts
 * const res = compareGroups(features, {
 *   indicators: ['movingIndex', 'divorces'],
 *   deficit: sel.deficit, surplus: sel.surplus, comparison: cmp.members,
 *   controls: ['rkp'],
 * });
 * res.table[0].deficitStars; // => '***' when deficit municipalities differ at 1 %
 * console.log(res.summary({ onlySystematic: true }));
 * ```
 */
export function compareGroups(data: RecordsInput, options: CompareGroupsOptions): GroupComparison {
  const fn = 'compareGroups';
  checkIndicators(options.indicators, fn);
  const controls = [...(options.controls ?? [])];
  const vcov = options.vcov ?? 'model';
  const alpha = options.alpha ?? 0.1;
  if (vcov !== 'model' && vcov !== 'HC0' && vcov !== 'HC1') {
    throw new SpecError(
      'invalid-option',
      `${fn}: vcov must be 'model', 'HC0' or 'HC1', got '${String(vcov)}'`,
    );
  }
  if (!(alpha > 0 && alpha < 1))
    throw new SpecError('invalid-option', `${fn}: alpha must be in (0, 1), got ${alpha}`);
  for (const c of controls) {
    if (c === 'z' || c === 'deficit' || c === 'surplus') {
      throw new SpecError(
        'invalid-option',
        `${fn}: control '${c}' clashes with a reserved regression term; rename the column`,
      );
    }
  }
  if (new Set(controls).size !== controls.length)
    throw new SpecError('invalid-option', `${fn}: a control is listed twice`);

  const idColumn = options.municipality ?? 'municipality';
  const table = featureTable(data, idColumn, fn);
  const taken = new Map<string, string>();
  const deficit = resolveGroup(table, options.deficit, 'deficit', fn, taken);
  const surplus = resolveGroup(table, options.surplus, 'surplus', fn, taken);
  const comparison = resolveGroup(table, options.comparison, 'comparison', fn, taken);
  for (const [label, group] of [
    ['deficit', deficit],
    ['surplus', surplus],
  ] as const) {
    if (group.length === 0) {
      throw new OutlierInputError(
        'too-few-rows',
        `${fn}: the ${label} group is empty; its dummy would be all zeros`,
      );
    }
  }
  const ids = [...deficit, ...surplus, ...comparison];
  const n = ids.length;
  const dummy = (from: number, to: number) => Float64Array.from(ids, (_, i) => (i >= from && i < to ? 1 : 0));
  const columns: Record<string, Float64Array> = {
    deficit: dummy(0, deficit.length),
    surplus: dummy(deficit.length, deficit.length + surplus.length),
  };
  for (const c of controls) {
    const values = indicatorValues(table, ids, c);
    if (values.every((v) => v === values[0])) {
      throw new OutlierInputError(
        'zero-variance',
        `${fn}: control '${c}' is constant (${values[0]}) in the sample`,
        {
          indicator: c,
        },
      );
    }
    columns[c] = values;
  }

  const rows: ComparisonRow[] = [];
  const skipped: { indicator: string; reason: string }[] = [];
  for (const indicator of options.indicators) {
    if (controls.includes(indicator)) {
      skipped.push({ indicator, reason: 'the indicator is also a control' });
      continue;
    }
    const values = indicatorValues(table, ids, indicator);
    const moments = comparisonMoments(values.subarray(deficit.length + surplus.length), indicator, fn);
    const z = values.map((v) => (v - moments.mean) / moments.sd);
    if (n - 3 - controls.length < 1) {
      throw new OutlierInputError(
        'too-few-rows',
        `${fn}: ${n} municipalities leave no residual degrees of freedom for indicator '${indicator}'`,
        { indicator },
      );
    }
    const fit = ols({ ...columns, z }, { y: 'z', x: ['deficit', 'surplus', ...controls], vcov });
    const coef = new Map(fit.tidy({ vcov }).map((r) => [r.term, r]));
    const d = coef.get('deficit')!;
    const s = coef.get('surplus')!;
    const v = fit.vcov(vcov);
    const iD = fit.terms.indexOf('deficit');
    const iS = fit.terms.indexOf('surplus');
    const wald = waldTest(fit, 'deficit = surplus', { vcov });
    const differenceStars = stars(wald.pValue);
    rows.push({
      indicator,
      comparisonMean: moments.mean,
      comparisonSd: moments.sd,
      nobs: fit.nobs,
      dfResidual: fit.dfResidual,
      deficitEstimate: d.estimate,
      deficitStdError: d.stdError,
      deficitStatistic: d.statistic,
      deficitPValue: d.pValue,
      deficitStars: stars(d.pValue),
      surplusEstimate: s.estimate,
      surplusStdError: s.stdError,
      surplusStatistic: s.statistic,
      surplusPValue: s.pValue,
      surplusStars: stars(s.pValue),
      differenceEstimate: d.estimate - s.estimate,
      differenceStdError: Math.sqrt(v[iD][iD] + v[iS][iS] - 2 * v[iD][iS]),
      differenceStatistic: wald.statistic,
      differenceDf1: wald.df1,
      differenceDf2: wald.df2 ?? fit.dfResidual,
      differencePValue: wald.pValue,
      differenceStars,
      systematic: Math.min(d.pValue, s.pValue, wald.pValue) < alpha,
    });
  }
  const result = {
    options: { indicators: [...options.indicators], controls, vcov, alpha, municipality: idColumn },
    groups: { deficit, surplus, comparison },
    table: rows,
    skipped,
  };
  return withView(result, 'summary', (opts: { onlySystematic?: boolean } = {}) =>
    formatComparison(result, opts.onlySystematic ?? false),
  );
}
