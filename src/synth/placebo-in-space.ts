import { SpecError } from '../errors.js';
import { buildContext, type SyntheticControlOptions } from './context.js';
import type { SynthFit } from './fit-synth.js';
import { fmt, textTable, withSummary } from './format.js';
import type { Panel, PanelInput, SynthTime } from './read-panel.js';
import { type FitJob, type RunInfo, runFitsParallel, runFitsSync } from './run-fits.js';
import { attachSummary, type SyntheticControlResult } from './synthetic-control.js';

/** Options of {@link placeboInSpace}. */
export interface PlaceboInSpaceOptions extends SyntheticControlOptions {
  /**
   * Leave out placebos whose pre-period MSPE exceeds this multiple of the treated unit's
   * (Abadie, Diamond & Hainmueller 2010 show 20, 5 and 2). The treated unit always stays.
   * @default Infinity (keep every placebo)
   */
  readonly maxPreMspeRatio?: number;
}

/** Options of {@link placeboInSpaceParallel}. */
export interface PlaceboInSpaceParallelOptions extends PlaceboInSpaceOptions {
  /** Worker threads. @default 2 */
  readonly workers?: number;
}

/** One placebo: a donor treated as if it had been treated, against the other donors. */
export interface PlaceboRun {
  readonly unit: string;
  readonly preRmspe: number;
  readonly postRmspe: number;
  readonly rmspeRatio: number;
  /** Pre-period MSPE relative to the treated unit's. */
  readonly preMspeRatio: number;
  /** Whether it passed the `maxPreMspeRatio` filter. */
  readonly kept: boolean;
  readonly gap: readonly number[];
  readonly diagnostics: readonly string[];
}

/** Permutation p-value of one post-treatment period. */
export interface PeriodPValue {
  readonly time: SynthTime;
  readonly gap: number;
  /** Share of kept units (treated included) with |gap| at least the treated unit's. */
  readonly pValue: number;
  /** The same with gaps divided by each unit's pre-period RMSPE. */
  readonly pValueStandardized: number;
}

/** Result of {@link placeboInSpace}: plain data plus `summary()`. */
export interface PlaceboInSpaceResult {
  readonly treatedFit: SyntheticControlResult;
  readonly placebos: readonly PlaceboRun[];
  /** Kept units (treated included) by decreasing RMSPE ratio. */
  readonly ranking: readonly {
    readonly unit: string;
    readonly rmspeRatio: number;
    readonly treated: boolean;
  }[];
  /** Rank of the treated unit's RMSPE ratio (1 = largest); ties count against the treated unit. */
  readonly rank: number;
  /** Number of units compared (kept placebos + treated). */
  readonly n: number;
  /** Permutation p-value rank / n of the RMSPE ratio. */
  readonly pValue: number;
  readonly periodPValues: readonly PeriodPValue[];
  readonly run: RunInfo;
  summary(): string;
}

/**
 * Placebo-in-space inference (Abadie, Diamond & Hainmueller 2010): refit the synthetic control
 * with every donor in turn as the treated unit and the other donors as its pool (the treated
 * units never serve as donors). The treated unit's post/pre RMSPE ratio is ranked among all
 * ratios; p = rank / n. Per post-treatment period, p is the share of units whose absolute gap
 * (raw, or divided by their pre-period RMSPE) is at least the treated unit's. Deterministic.
 *
 * @example
 * ```ts
 * const res = placeboInSpace(smoking, { unit: 'state', time: 'year', outcome: 'cigsale',
 *   treated: 'California', treatmentTime: 1989, predictors });
 * res.rank; // => 1
 * res.pValue; // => 1 / 39
 * ```
 */
export function placeboInSpace(
  panel: PanelInput | Panel,
  options: PlaceboInSpaceOptions,
): PlaceboInSpaceResult {
  const { context, treated, donors, jobs } = prepare(panel, options);
  const fits = runFitsSync(context, [{ treated, donors }, ...jobs]);
  return assemble(fits, options, { workers: 1, note: null });
}

/**
 * {@link placeboInSpace} on worker threads; the same result, faster on several cores.
 *
 * @example
 * ```ts
 * const res = await placeboInSpaceParallel(panel, { ...options, workers: 2 });
 * ```
 */
export async function placeboInSpaceParallel(
  panel: PanelInput | Panel,
  options: PlaceboInSpaceParallelOptions,
): Promise<PlaceboInSpaceResult> {
  const { context, treated, donors, jobs } = prepare(panel, options);
  const { fits, info } = await runFitsParallel(context, [{ treated, donors }, ...jobs], options.workers ?? 2);
  return assemble(fits, options, info);
}

function prepare(panel: PanelInput | Panel, options: PlaceboInSpaceOptions) {
  if (options.maxPreMspeRatio !== undefined && !(options.maxPreMspeRatio > 0)) {
    throw new SpecError('maxPreMspeRatio must be positive', 'invalid-option');
  }
  const { context, units, panel: p } = buildContext(panel, options);
  const index = new Map(context.units.map((u, i) => [u, i]));
  const treated = units.treated.map((u) => index.get(p.units[u]!)!);
  const donors = units.donors.map((u) => index.get(p.units[u]!)!);
  if (donors.length < 3) {
    throw new SpecError(
      'placebo-in-space needs at least three donors (each placebo needs two)',
      'too-few-donors',
    );
  }
  const jobs: FitJob[] = donors.map((d) => ({ treated: [d], donors: donors.filter((x) => x !== d) }));
  return { context, treated, donors, jobs };
}

function assemble(fits: SynthFit[], options: PlaceboInSpaceOptions, run: RunInfo): PlaceboInSpaceResult {
  const treatedFit = attachSummary({ ...fits[0]!, options });
  const limit = options.maxPreMspeRatio ?? Number.POSITIVE_INFINITY;
  const mspe0 = treatedFit.preRmspe ** 2;
  const placebos: PlaceboRun[] = fits.slice(1).map((f) => {
    const preMspeRatio = mspe0 > 0 ? f.preRmspe ** 2 / mspe0 : Number.POSITIVE_INFINITY;
    return {
      unit: f.treated[0]!,
      preRmspe: f.preRmspe,
      postRmspe: f.postRmspe,
      rmspeRatio: f.rmspeRatio,
      preMspeRatio,
      kept: preMspeRatio <= limit,
      gap: f.gap,
      diagnostics: f.diagnostics.map((d) => d.code),
    };
  });
  const kept = placebos.filter((p) => p.kept);
  const ranking = [
    { unit: treatedFit.treated.join('+'), rmspeRatio: treatedFit.rmspeRatio, treated: true },
    ...kept.map((p) => ({ unit: p.unit, rmspeRatio: p.rmspeRatio, treated: false })),
  ].sort((a, b) => b.rmspeRatio - a.rmspeRatio || Number(a.treated) - Number(b.treated));
  const n = kept.length + 1;
  const atLeast = 1 + kept.filter((p) => p.rmspeRatio >= treatedFit.rmspeRatio).length;
  const T0 = treatedFit.times.indexOf(treatedFit.treatmentTime);
  const periodPValues: PeriodPValue[] = [];
  for (let t = T0; t < treatedFit.times.length; t++) {
    const g0 = Math.abs(treatedFit.gap[t]!);
    const s0 = g0 / treatedFit.preRmspe;
    let raw = 1;
    let std = 1;
    for (const p of kept) {
      if (Math.abs(p.gap[t]!) >= g0) raw++;
      if (Math.abs(p.gap[t]!) / p.preRmspe >= s0) std++;
    }
    periodPValues.push({
      time: treatedFit.times[t]!,
      gap: treatedFit.gap[t]!,
      pValue: raw / n,
      pValueStandardized: std / n,
    });
  }
  const result = {
    treatedFit,
    placebos,
    ranking,
    rank: atLeast,
    n,
    pValue: atLeast / n,
    periodPValues,
    run,
  };
  return withSummary(result, summarizePlacebos) as PlaceboInSpaceResult;
}

function summarizePlacebos(r: Omit<PlaceboInSpaceResult, 'summary'>): string {
  const lines = [
    `Placebo-in-space test for ${r.treatedFit.treated.join(' + ')} (${r.n} units compared, ${r.placebos.length - r.n + 1} placebos dropped for poor pre-period fit)`,
    `RMSPE ratio ${fmt(r.treatedFit.rmspeRatio, 3)}: rank ${r.rank} of ${r.n}, permutation p = ${fmt(r.pValue, 4)}`,
    '',
    textTable(
      ['Rank', 'Unit', 'RMSPE ratio'],
      r.ranking
        .slice(0, 10)
        .map((x, i) => [String(i + 1), x.treated ? `${x.unit} (treated)` : x.unit, fmt(x.rmspeRatio, 3)]),
    ),
    '',
    textTable(
      ['Time', 'Gap', 'p', 'p (standardised)'],
      r.periodPValues.map((p) => [
        String(p.time),
        fmt(p.gap, 3),
        fmt(p.pValue, 3),
        fmt(p.pValueStandardized, 3),
      ]),
    ),
  ];
  return lines.join('\n');
}
