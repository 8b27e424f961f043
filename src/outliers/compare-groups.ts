import { AliasingError, DataError, SpecError } from '../errors.js';
import { type Stars, stars } from '../format/stars.js';
import { ols, waldTest } from '../glm/index.js';
import { resolveVcovSpec } from '../inference/registry.js';
import type { ResolvedVcov, VcovSpec } from '../inference/types.js';
import { checkOptions, numberIn } from '../internal/options.js';
import { withView } from '../internal/with-summary.js';
import { OutlierInputError } from './errors.js';
import {
  comparisonMoments,
  featureTable,
  indicatorValues,
  isConstant,
  resolveGroup,
  zScore,
} from './feature-table.js';
import { formatComparison } from './format-comparison.js';
import { columnOption, membersOption, namesOption, summaryFlag } from './options.js';
import type { MemberLike, RecordsInput, UnitId } from './records.js';

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
   * Standard errors, any variance type of the inference registry that a cross-section of
   * municipalities allows: `'model'` (classical OLS, t and F tests; DOMAIN D.4 default) or the
   * heteroskedasticity-robust `'HC0'` … `'HC3'` (`sandwich::vcovHC`). @default 'model'
   */
  readonly vcov?: VcovSpec;
  /**
   * Confidence level of the "systematic difference" verdict: an indicator is systematic when a p-value
   * is below `1 − level` (S1 lists features with any star, i.e. 10 %, so level 0.9). @default 0.9
   */
  readonly level?: number;
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
  /** S1's verdict: β_D or β_S differs from 0, or β_D ≠ β_S, at significance `1 − level`. */
  readonly systematic: boolean;
}

/** Result of {@link compareGroups}. */
export interface GroupComparison {
  readonly options: {
    readonly indicators: readonly string[];
    readonly controls: readonly string[];
    readonly vcov: ResolvedVcov;
    readonly level: number;
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
 * "systematic" when either coefficient or their difference is significant at `1 − level`. Regressions
 * use the GLM engine's `ols` and `waldTest`; p-values are t/F based, as `lm` + `lmtest` + `car`.
 * The differences are descriptive, not causal (S1 §4.2). Indicator and control names are data: any
 * column name works (the regression uses its own internal term names).
 *
 * @param data - one row per municipality with the indicator and control columns (other rows are ignored)
 * @param options - indicators, the three groups, controls, vcov and level
 * @returns the tidy table and a `summary()` view
 * @throws {OutlierInputError} `unknown-unit` (a group member not in the data), `duplicate` (in two groups),
 *   `missing-value`, `not-finite`, `too-few-rows` (comparison group under 2, or no residual df),
 *   `zero-variance` (an indicator constant in the comparison group, or a constant control), `too-large`
 * @throws {SpecError} `unknown-option`, `invalid-option` (no indicators, an unknown vcov, a level outside (0, 1))
 * @example
 * ```ts
 * import { type ComparisonGroup, compareGroups, type ExtremeSelection, type RecordsInput } from 'verdeelmodel/outliers';
 * declare const features: RecordsInput; // one row per municipality: municipality, movingIndex, divorces, rkp
 * declare const sel: ExtremeSelection; // selectExtremes(...)
 * declare const cmp: ComparisonGroup; // comparisonGroup(...)
 * const res = compareGroups(features, {
 *   indicators: ['movingIndex', 'divorces'],
 *   deficit: sel.deficit, surplus: sel.surplus, comparison: cmp.members,
 *   controls: ['rkp'],
 * });
 * res.table[0]?.deficitStars; // => '***' when deficit municipalities differ at 1 %
 * console.log(res.summary({ onlySystematic: true }));
 * ```
 */
export function compareGroups(data: RecordsInput, options: CompareGroupsOptions): GroupComparison {
  const fn = 'compareGroups';
  const opts = resolveCompareGroupsOptions(options);
  const { controls, vcov, level } = opts;
  // The significance bound 1 − level, rounded so that level 0.9 gives exactly 0.1 (not 0.0999…98).
  const alpha = Number((1 - level).toPrecision(15));

  const table = featureTable(data, opts.municipality, fn);
  const taken = new Map<string, string>();
  const deficit = resolveGroup(table, opts.deficit, 'deficit', fn, taken);
  const surplus = resolveGroup(table, opts.surplus, 'surplus', fn, taken);
  const comparison = resolveGroup(table, opts.comparison, 'comparison', fn, taken);
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
  // Regression columns under internal names, so that user names ('deficit', '__proto__', 'a:b') are
  // never read as terms or as object keys.
  const columns = new Map<string, Float64Array>([
    ['deficit', dummy(0, deficit.length)],
    ['surplus', dummy(deficit.length, deficit.length + surplus.length)],
  ]);
  const controlTerms = controls.map((_, j) => `control${j + 1}`);
  controls.forEach((c, j) => {
    const values = indicatorValues(table, ids, c);
    if (isConstant(values)) {
      throw new OutlierInputError(
        'zero-variance',
        `${fn}: control '${c}' is constant (${values[0]}) in the sample`,
        { indicator: c, column: c },
      );
    }
    columns.set(controlTerms[j] as string, values);
  });

  const rows: ComparisonRow[] = [];
  const skipped: { indicator: string; reason: string }[] = [];
  for (const indicator of opts.indicators) {
    if (controls.includes(indicator)) {
      skipped.push({ indicator, reason: 'the indicator is also a control' });
      continue;
    }
    const values = indicatorValues(table, ids, indicator);
    const moments = comparisonMoments(values.subarray(deficit.length + surplus.length), indicator, fn);
    const z = Float64Array.from(values, (v, i) =>
      zScore(v, moments, { municipality: ids[i] as UnitId, indicator, fn }),
    );
    if (n - 3 - controls.length < 1) {
      throw new OutlierInputError(
        'too-few-rows',
        `${fn}: ${n} municipalities leave no residual degrees of freedom for indicator '${indicator}'`,
        { indicator },
      );
    }
    const named = engineNames(indicator, controls);
    let fit: ReturnType<typeof ols>;
    try {
      fit = ols(Object.fromEntries([...columns, ['z', z]]), {
        y: 'z',
        x: ['deficit', 'surplus', ...controlTerms],
        vcov,
      });
    } catch (e) {
      throw inUserNames(e, named, fn, indicator);
    }
    const coef = new Map(fit.tidy({ vcov }).map((r) => [r.term, r]));
    const d = coef.get('deficit');
    const s = coef.get('surplus');
    if (d === undefined || s === undefined) throw new Error(`${fn}: the fit lost the group dummies`);
    const v = fit.vcov(vcov);
    const iD = fit.terms.indexOf('deficit');
    const iS = fit.terms.indexOf('surplus');
    const wald = waldTest(fit, 'deficit = surplus', { vcov });
    const vDD = v[iD]?.[iD] as number;
    const vSS = v[iS]?.[iS] as number;
    const vDS = v[iD]?.[iS] as number;
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
      differenceStdError: Math.sqrt(vDD + vSS - 2 * vDS),
      differenceStatistic: wald.statistic,
      differenceDf1: wald.df1,
      differenceDf2: wald.df2 ?? fit.dfResidual,
      differencePValue: wald.pValue,
      differenceStars: stars(wald.pValue),
      systematic: Math.min(d.pValue, s.pValue, wald.pValue) < alpha,
    });
  }
  const result = {
    options: {
      indicators: opts.indicators,
      controls,
      vcov,
      level,
      municipality: opts.municipality,
    },
    groups: { deficit, surplus, comparison },
    table: rows,
    skipped,
  };
  return withView(result, 'summary', (summaryOptions: { onlySystematic?: boolean } = {}) =>
    formatComparison(result, summaryFlag(summaryOptions, 'onlySystematic', false, 'compareGroups summary')),
  );
}

/** The engine's internal term names and what they are in the user's words. */
function engineNames(indicator: string, controls: readonly string[]): ReadonlyMap<string, string> {
  const names = new Map<string, string>([
    ['z', `${indicator} (standardised)`],
    ['deficit', 'the deficit dummy'],
    ['surplus', 'the surplus dummy'],
  ]);
  controls.forEach((c, j) => {
    names.set(`control${j + 1}`, `control ${c}`);
  });
  return names;
}

/**
 * An error from the regression engine, retold in the user's names (the engine only saw the internal
 * names 'z', 'deficit', 'surplus', 'control1', …): a data problem becomes an OutlierInputError with the
 * same code naming the indicator, an aliasing error keeps its class with the terms renamed.
 */
function inUserNames(e: unknown, names: ReadonlyMap<string, string>, fn: string, indicator: string): unknown {
  if (!(e instanceof DataError) && !(e instanceof AliasingError)) return e;
  const rename = (text: string) =>
    text.replace(/'(z|deficit|surplus|control\d+)'/g, (m, n: string) =>
      names.get(n) !== undefined ? `'${names.get(n)}'` : m,
    );
  const message = `${fn}: indicator '${indicator}': ${rename(e.message)}`;
  if (e instanceof AliasingError) {
    return new AliasingError('aliased', message, {
      terms: e.terms.map((t) => names.get(t) ?? t),
      cause: e,
    });
  }
  const hint =
    e.code === 'perfect-fit'
      ? '; here a control reproduces the indicator: drop that control, or list the indicator among the controls to skip it'
      : '';
  return new OutlierInputError(e.code, `${message}${hint}`, { indicator, cause: e });
}

const COMPARE_GROUPS_OPTIONS = [
  'indicators',
  'deficit',
  'surplus',
  'comparison',
  'controls',
  'vcov',
  'level',
  'municipality',
] as const;

/** Check the options of {@link compareGroups} once. */
export function resolveCompareGroupsOptions(options: CompareGroupsOptions): {
  readonly indicators: string[];
  readonly deficit: readonly MemberLike[];
  readonly surplus: readonly MemberLike[];
  readonly comparison: readonly MemberLike[];
  readonly controls: string[];
  readonly vcov: ResolvedVcov;
  readonly level: number;
  readonly municipality: string;
} {
  const fn = 'compareGroups';
  if (options === undefined || options === null) {
    throw new SpecError(
      'invalid-option',
      `${fn}: give the options { indicators, deficit, surplus, comparison }`,
    );
  }
  const o = checkOptions(options, COMPARE_GROUPS_OPTIONS, fn);
  return {
    indicators: namesOption(o.indicators, 'indicators', fn, { required: true }),
    deficit: membersOption<MemberLike>(o.deficit, 'deficit', fn),
    surplus: membersOption<MemberLike>(o.surplus, 'surplus', fn),
    comparison: membersOption<MemberLike>(o.comparison, 'comparison', fn),
    controls: namesOption(o.controls, 'controls', fn, { required: false }),
    // The regression has no cluster column: the registry refuses cluster types with its own message.
    vcov: resolveVcovSpec(o.vcov ?? 'model', []),
    level: o.level === undefined ? 0.9 : numberIn(o.level, 0, 1, 'level', fn, { min: true, max: true }),
    municipality: columnOption(o.municipality, 'municipality', 'municipality', fn),
  };
}
