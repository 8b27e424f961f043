import { SpecError } from '../errors.js';
import { formatDecimals } from '../format/numbers.js';
import { labelledColumns, renderTextTable } from '../format/text-table.js';
import { integerIn, numberIn } from '../internal/options.js';
import { availableParallelism } from '../internal/platform.js';
import { buildContext, checkSynthOptions, type SyntheticControlOptions } from './context.js';
import type { SynthFit } from './fit-synth.js';
import { withSummary } from './format.js';
import type { Panel, PanelInput, SynthTime } from './read-panel.js';
import { type FitJob, type RunInfo, runFitsParallel, runFitsSync } from './run-fits.js';
import { rootMeanSquare } from './scale.js';
import { attachSummary, type SyntheticControlResult } from './synthetic-control.js';

/** Options of {@link placeboInSpace}. */
export interface PlaceboInSpaceOptions extends SyntheticControlOptions {
  /**
   * Leave out placebos whose pre-period MSPE exceeds this multiple of the treated unit's
   * (Abadie, Diamond & Hainmueller 2010 show 20, 5 and 2). The treated unit always stays. When
   * the treated unit's pre-period fit is exact (pre-RMSPE ≈ 0) every ratio is undefined: a finite
   * limit then keeps only the placebos whose pre-period fit is exact too (see `diagnostics`).
   * @default Infinity (keep every placebo)
   */
  readonly maxPreMspeRatio?: number;
  /**
   * The donor pool of each placebo. `'donors-and-treated'`: all other units, the treated unit
   * included, as Abadie, Diamond & Hainmueller (2010) do ("shifting California to the donor
   * pool"); under the sharp null of no effect every unit is then treated alike, which is what the
   * permutation test assumes. `'donors'`: only the other donors, as R SCtools'
   * `generate.placebos` does; the natural choice when the treated series is an average of units
   * kept out of the pool on purpose (the LKS study's large municipalities).
   * @default 'donors-and-treated' for one treated unit, 'donors' for an average of several
   */
  readonly placeboPool?: PlaceboPool;
}

/** Which units a placebo may borrow from: see {@link PlaceboInSpaceOptions.placeboPool}. */
export type PlaceboPool = 'donors-and-treated' | 'donors';

/** Options of {@link placeboInSpaceParallel}. */
export interface PlaceboInSpaceParallelOptions extends PlaceboInSpaceOptions {
  /**
   * Worker threads: an integer from 1 to 1024. More threads than the machine has
   * (`os.availableParallelism()`) or than there are fits only wait for each other, so the run
   * uses at most that many; `run.threads` says how many ran and `run.note` why fewer.
   * @default 2
   */
  readonly threads?: number;
}

/** The largest `threads` accepted; anything above is a typo rather than a machine. */
const MAX_THREADS = 1024;

/** The `threads` option of {@link placeboInSpaceParallel}, validated, and the number of threads to use. */
function resolveThreads(options: PlaceboInSpaceParallelOptions): { asked: number; used: number } {
  if (Object.hasOwn(options, 'workers')) {
    throw new SpecError(
      'unknown-option',
      "placeboInSpaceParallel: the option 'workers' is now called 'threads'",
      { option: 'workers' },
    );
  }
  const asked = integerIn(options.threads ?? 2, 1, MAX_THREADS, 'threads', 'placeboInSpaceParallel');
  return { asked, used: Math.min(asked, availableParallelism()) };
}

/** One placebo: a donor treated as if it had been treated, against its placebo pool. */
export interface PlaceboRun {
  readonly unit: string;
  readonly preRmspe: number;
  readonly postRmspe: number;
  readonly rmspeRatio: number;
  /** Pre-period MSPE relative to the treated unit's; `null` when the treated unit's pre-period fit is exact. */
  readonly preMspeRatio: number | null;
  /** Whether the pre-period fit is exact: pre-RMSPE at most 1e-6 × the RMS of the unit's pre-period outcome. */
  readonly exactPreFit: boolean;
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
  /**
   * The same with gaps divided by each unit's pre-period RMSPE; `null` when a compared unit's
   * pre-period fit is exact (division by ≈ 0), explained in `diagnostics`.
   */
  readonly pValueStandardized: number | null;
}

/** Why part of a placebo-in-space result is missing or should be read with care. */
export interface PlaceboInSpaceDiagnostic {
  /**
   * `'exact-pre-fit-treated'`: the treated unit's pre-period RMSPE is ≈ 0, so its RMSPE ratio (and
   * with it `rank` and `pValue`) is driven by rounding and the standardised p-values are `null`.
   * `'exact-pre-fit-placebo'`: kept placebos with pre-period RMSPE ≈ 0 make the standardised p-values `null`.
   */
  readonly code: 'exact-pre-fit-treated' | 'exact-pre-fit-placebo';
  /** The units concerned. */
  readonly units: readonly string[];
  readonly message: string;
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
  /** Findings that limit the inference (empty when all is well). */
  readonly diagnostics: readonly PlaceboInSpaceDiagnostic[];
  /** The placebo donor pool used (see {@link PlaceboInSpaceOptions.placeboPool}). */
  readonly placeboPool: PlaceboPool;
  readonly run: RunInfo;
  summary(): string;
}

/**
 * Placebo-in-space inference (Abadie, Diamond & Hainmueller 2010): refit the synthetic control
 * with every donor in turn as the treated unit and all other units as its pool: the other
 * donors and, when one unit is treated, the treated unit too (`placeboPool`). The treated unit's post/pre RMSPE ratio is ranked among all
 * ratios; p = rank / n. Per post-treatment period, p is the share of units whose absolute gap
 * (raw, or divided by their pre-period RMSPE) is at least the treated unit's. Deterministic.
 * A pre-period RMSPE ≈ 0 (an exact fit, common without predictors when donors outnumber
 * pre-periods) makes a division by it meaningless: the standardised p-values are then `null` and
 * `diagnostics` says which units fit exactly.
 *
 * @example
 * ```ts
 * import { type PanelInput, placeboInSpace } from 'verdeelmodel/synth';
 * declare const smoking: PanelInput; // Abadie's Proposition 99 panel (R: tidysynth::smoking)
 * const res = placeboInSpace(smoking, { unit: 'state', time: 'year', outcome: 'cigsale',
 *   treated: 'California', treatmentTime: 1989, predictors: ['lnincome', 'beer', 'retprice'] });
 * res.rank; // => 1
 * res.pValue; // => 1 / 39
 * ```
 */
export function placeboInSpace(
  panel: PanelInput | Panel,
  options: PlaceboInSpaceOptions,
): PlaceboInSpaceResult {
  const { context, treated, donors, jobs, pool } = prepare(panel, options, 'placeboInSpace');
  const fits = runFitsSync(context, [{ treated, donors }, ...jobs]);
  return assemble(fits, options, pool, { threads: 1, note: null });
}

/**
 * {@link placeboInSpace} on worker threads; the same result, faster on several cores. Workers
 * that cannot start (a bundle without the worker module) or that fail or die during the run
 * (out of memory, terminated) never hang it or change it: their fits run on the other threads or
 * on this one, and `run.threads` and `run.note` say so. A fit that throws rejects with the same
 * typed error as {@link placeboInSpace}.
 *
 * @example
 * ```ts
 * import { type PanelInput, placeboInSpaceParallel, type SyntheticControlOptions } from 'verdeelmodel/synth';
 * declare const panel: PanelInput;
 * declare const options: SyntheticControlOptions; // as for placeboInSpace
 * const res = await placeboInSpaceParallel(panel, { ...options, threads: 2 });
 * ```
 */
export async function placeboInSpaceParallel(
  panel: PanelInput | Panel,
  options: PlaceboInSpaceParallelOptions,
): Promise<PlaceboInSpaceResult> {
  const threads = resolveThreads(options);
  const { context, treated, donors, jobs, pool } = prepare(panel, options, 'placeboInSpaceParallel');
  const { fits, info } = await runFitsParallel(context, [{ treated, donors }, ...jobs], threads.used);
  const capped =
    threads.used < threads.asked
      ? `threads: ${threads.asked} capped at ${threads.used} (os.availableParallelism())`
      : null;
  const note = [capped, info.note].filter((x) => x !== null).join('; ') || null;
  return assemble(fits, options, pool, { ...info, note });
}

/** The keys placebo-in-space adds to the synthetic-control options. */
const PLACEBO_KEYS = ['maxPreMspeRatio', 'placeboPool'] as const;

function prepare(
  panel: PanelInput | Panel,
  options: PlaceboInSpaceOptions,
  where: 'placeboInSpace' | 'placeboInSpaceParallel',
) {
  // The options are checked once, here; the parallel entry also takes its thread count.
  checkSynthOptions(options, where, where === 'placeboInSpace' ? PLACEBO_KEYS : [...PLACEBO_KEYS, 'threads']);
  if (options.maxPreMspeRatio !== undefined && options.maxPreMspeRatio !== Number.POSITIVE_INFINITY) {
    numberIn(options.maxPreMspeRatio, 0, Number.MAX_VALUE, 'maxPreMspeRatio', where, { min: true });
  }
  const { context, units, panel: p } = buildContext(panel, options);
  const index = new Map(context.units.map((u, i) => [u, i]));
  const treated = units.treated.map((u) => index.get(p.units[u]!)!);
  const donors = units.donors.map((u) => index.get(p.units[u]!)!);
  if (donors.length < 3) {
    throw new SpecError(
      'too-few-donors',
      'placebo-in-space needs at least three donors (each placebo needs two)',
    );
  }
  const pool = options.placeboPool ?? (treated.length === 1 ? 'donors-and-treated' : 'donors');
  if (pool !== 'donors-and-treated' && pool !== 'donors') {
    throw new SpecError(
      'invalid-option',
      `placeboPool must be 'donors-and-treated' or 'donors', got ${JSON.stringify(pool)}`,
    );
  }
  const candidates = pool === 'donors' ? donors : [...donors, ...treated];
  const jobs: FitJob[] = donors.map((d) => ({ treated: [d], donors: candidates.filter((x) => x !== d) }));
  return { context, treated, donors, jobs, pool };
}

/**
 * A pre-period RMSPE at most this fraction of the RMS of the unit's pre-period outcome counts as
 * an exact fit: the weight QP solves for the MSPE, so an exact fit leaves an RMSPE of about
 * sqrt(machine epsilon) ≈ 1.5e-8 times the outcome scale, not 0.
 */
const EXACT_PRE_FIT = 1e-6;

function hasExactPreFit(f: SynthFit, T0: number): boolean {
  return f.preRmspe <= EXACT_PRE_FIT * rootMeanSquare(f.treatedSeries.slice(0, T0));
}

function assemble(
  fits: SynthFit[],
  options: PlaceboInSpaceOptions,
  placeboPool: PlaceboPool,
  run: RunInfo,
): PlaceboInSpaceResult {
  const treatedFit = attachSummary({ ...fits[0]!, options });
  const treatedName = treatedFit.treated.join('+');
  const T0 = treatedFit.times.indexOf(treatedFit.treatmentTime);
  const limit = options.maxPreMspeRatio ?? Number.POSITIVE_INFINITY;
  const treatedExact = hasExactPreFit(treatedFit, T0);
  const placebos: PlaceboRun[] = fits.slice(1).map((f) => {
    const exactPreFit = hasExactPreFit(f, T0);
    // With an exact treated fit the ratio is undefined: keep exact placebos (equally good) and
    // the others only when there is no limit.
    // A ratio of RMSPEs, squared: MSPEs of outcomes near 1e300 would overflow.
    const preMspeRatio = treatedExact ? null : (f.preRmspe / treatedFit.preRmspe) ** 2;
    const kept =
      preMspeRatio === null ? exactPreFit || limit === Number.POSITIVE_INFINITY : preMspeRatio <= limit;
    return {
      unit: f.treated[0]!,
      preRmspe: f.preRmspe,
      postRmspe: f.postRmspe,
      rmspeRatio: f.rmspeRatio,
      preMspeRatio,
      exactPreFit,
      kept,
      gap: f.gap,
      diagnostics: f.diagnostics.map((d) => d.code),
    };
  });
  const kept = placebos.filter((p) => p.kept);
  const ranking = [
    { unit: treatedName, rmspeRatio: treatedFit.rmspeRatio, treated: true },
    ...kept.map((p) => ({ unit: p.unit, rmspeRatio: p.rmspeRatio, treated: false })),
  ].sort((a, b) => b.rmspeRatio - a.rmspeRatio || Number(a.treated) - Number(b.treated));
  const n = kept.length + 1;
  const atLeast = 1 + kept.filter((p) => p.rmspeRatio >= treatedFit.rmspeRatio).length;
  const exactPlacebos = kept.filter((p) => p.exactPreFit).map((p) => p.unit);
  const diagnostics = exactFitDiagnostics(treatedName, treatedExact, exactPlacebos, placebos.length - n + 1);
  const standardize = diagnostics.length === 0;
  const periodPValues: PeriodPValue[] = [];
  for (let t = T0; t < treatedFit.times.length; t++) {
    const g0 = Math.abs(treatedFit.gap[t]!);
    const s0 = g0 / treatedFit.preRmspe;
    let raw = 1;
    let std = 1;
    for (const p of kept) {
      if (Math.abs(p.gap[t]!) >= g0) raw++;
      if (standardize && Math.abs(p.gap[t]!) / p.preRmspe >= s0) std++;
    }
    periodPValues.push({
      time: treatedFit.times[t]!,
      gap: treatedFit.gap[t]!,
      pValue: raw / n,
      pValueStandardized: standardize ? std / n : null,
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
    diagnostics,
    placeboPool,
    run,
  };
  return withSummary(result, summarizePlacebos) as PlaceboInSpaceResult;
}

function exactFitDiagnostics(
  treated: string,
  treatedExact: boolean,
  exactPlacebos: string[],
  dropped: number,
): PlaceboInSpaceDiagnostic[] {
  const out: PlaceboInSpaceDiagnostic[] = [];
  if (treatedExact) {
    out.push({
      code: 'exact-pre-fit-treated',
      units: [treated],
      message: `${treated} is reproduced exactly before the treatment (pre-period RMSPE ≈ 0): its RMSPE ratio, rank and p-value are driven by rounding and the standardised p-values are null${dropped > 0 ? `; ${dropped} placebos without an exact pre-period fit were left out by maxPreMspeRatio` : ''}. Use predictors or a smaller donor pool, and read the raw per-period p-values`,
    });
  }
  if (exactPlacebos.length > 0) {
    out.push({
      code: 'exact-pre-fit-placebo',
      units: exactPlacebos,
      message: `${exactPlacebos.length} placebo${exactPlacebos.length > 1 ? 's are' : ' is'} reproduced exactly before the treatment (pre-period RMSPE ≈ 0: ${exactPlacebos.slice(0, 5).join(', ')}${exactPlacebos.length > 5 ? ', ...' : ''}): standardised gaps divide by ≈ 0, so the standardised p-values are null. Read the raw per-period p-values`,
    });
  }
  return out;
}

function summarizePlacebos(r: Omit<PlaceboInSpaceResult, 'summary'>): string {
  const lines = [
    `Placebo-in-space test for ${r.treatedFit.treated.join(' + ')} (${r.n} units compared, ${r.placebos.length - r.n + 1} placebos dropped for poor pre-period fit)`,
    `RMSPE ratio ${formatDecimals(r.treatedFit.rmspeRatio, { decimals: 3 })}: rank ${r.rank} of ${r.n}, permutation p = ${formatDecimals(r.pValue, { decimals: 4 })}`,
    `Placebo donor pools: ${r.placeboPool === 'donors' ? 'the other donors' : 'the other donors and the treated unit'}`,
    '',
    renderTextTable({
      columns: labelledColumns(['Rank', 'Unit', 'RMSPE ratio']),
      rows: r.ranking
        .slice(0, 10)
        .map((x, i) => [
          String(i + 1),
          x.treated ? `${x.unit} (treated)` : x.unit,
          formatDecimals(x.rmspeRatio, { decimals: 3 }),
        ]),
    }),
    '',
    renderTextTable({
      columns: labelledColumns(['Time', 'Gap', 'p', 'p (standardised)']),
      rows: r.periodPValues.map((p) => [
        String(p.time),
        formatDecimals(p.gap, { decimals: 3 }),
        formatDecimals(p.pValue, { decimals: 3 }),
        p.pValueStandardized === null ? '-' : formatDecimals(p.pValueStandardized, { decimals: 3 }),
      ]),
    }),
    ...r.diagnostics.map((d) => `Note: ${d.message}.`),
  ];
  return lines.join('\n');
}
