import { SpecError } from '../errors.js';
import { formatDecimals } from '../format/numbers.js';
import { labelledColumns, renderTextTable } from '../format/text-table.js';
import { integerIn, oneOf, seedOption } from '../internal/options.js';
import { availableParallelism } from '../internal/platform.js';
import { createRng, mixSeed, type Rng } from '../internal/random.js';
import {
  buildContext,
  checkSynthOptions,
  type SyntheticControlOptions,
  treatmentIndexOf,
} from '../synth/context.js';
import { quantileType7 } from '../synth/dispersion.js';
import type { SynthFit } from '../synth/fit-synth.js';
import { withSummary } from '../synth/format.js';
import { type Panel, type PanelInput, readPanel, type SynthTime } from '../synth/read-panel.js';
import { type FitJob, type RunInfo, runFitsParallel, runFitsSync } from '../synth/run-fits.js';
import { rootMeanSquare } from '../synth/scale.js';
import { attachSummary, type SyntheticControlResult } from '../synth/synthetic-control.js';

/** Which per-month statistic decides significance and the placebo bands; see {@link placeboGroups}. */
export type PlaceboGroupStatistic = 'standardized' | 'raw';

/** Options of {@link placeboGroups}: the synthetic-control options plus the placebo draw. */
export interface PlaceboGroupsOptions extends SyntheticControlOptions {
  /**
   * Number of placebo groups drawn. When fewer distinct groups exist, every one of them is used
   * once (an exact permutation test) and `exhaustive` says so.
   * @default 200
   */
  readonly groups?: number;
  /** Units per placebo group. @default the number of treated units */
  readonly groupSize?: number;
  /**
   * The fewest donors each placebo group's synthetic control may borrow from. When the pool
   * cannot give a group of `groupSize` and still leave this many, groups are of the largest size
   * that does (pool − minDonors) and `notes` says so.
   * @default half the donor pool, rounded up (at least 2)
   */
  readonly minDonors?: number;
  /**
   * Per-month statistic behind `significant5`, `significant10` and the bands: `'standardized'`
   * (|gap| / the fit's `scale`, the default) or `'raw'` (|gap|). Both p-values are always given.
   * @default 'standardized'
   */
  readonly statistic?: PlaceboGroupStatistic;
  /**
   * Last pre-treatment months kept out of the weight fit: every fit (treated and placebo) gets its
   * weights from the earlier months, and its gaps are divided by its RMS gap over these held-out
   * months, an out-of-sample scale like the post-treatment gaps themselves. 0 fits on the whole
   * pre-period and scales by the pre-period RMSPE. Giving `preperiod` instead holds out the
   * pre-treatment months outside it.
   * @default min(6, ⌊pre-treatment months / 4⌋) (6 for the LKS design's 36 months)
   */
  readonly holdout?: number;
  /** Seed of the group draw. @default 1 */
  readonly seed?: number;
}

/** Options of {@link placeboGroupsParallel}. */
export interface PlaceboGroupsParallelOptions extends PlaceboGroupsOptions {
  /** Worker threads (1 to 1024; at most `os.availableParallelism()` are used). @default 2 */
  readonly threads?: number;
}

/** One placebo group: an average of donors fitted as if it had been treated. */
export interface PlaceboGroupRun {
  /** The donors averaged into the placebo's treated series (sorted). */
  readonly units: readonly string[];
  readonly preRmspe: number;
  readonly postRmspe: number;
  /** Post-treatment RMSPE / `scale`. */
  readonly rmspeRatio: number;
  /** The scale its gaps are divided by: RMS gap over the held-out pre-treatment months (all pre months without a holdout). */
  readonly scale: number;
  /** Scale at most 1e-6 × the RMS of the group's pre-period outcome. */
  readonly exactPreFit: boolean;
  /** treated − synthetic per time (all times). */
  readonly gap: readonly number[];
}

/** Inference for one post-treatment month. */
export interface PlaceboGroupPeriod {
  readonly time: SynthTime;
  /** The treated group's gap (treated mean − synthetic). */
  readonly gap: number;
  /** (1 + placebo groups with |gap| ≥ the treated |gap|) / (groups + 1). */
  readonly pValueRaw: number;
  /**
   * The same on gaps divided by each fit's `scale`; `null` when an exact fit (scale ≈ 0)
   * makes that division meaningless (see `diagnostics`).
   */
  readonly pValueStandardized: number | null;
  /** The p-value of `statistic` (the raw one when the standardised one is `null`). */
  readonly pValue: number;
  readonly significant5: boolean;
  readonly significant10: boolean;
  /**
   * Half-widths of the placebo bands in gap units: the 95th and 90th percentiles of the placebo
   * groups' |statistic| (times the treated `scale` for `'standardized'`). A gap outside
   * ±band95 has p ≈ 0.05 or less.
   */
  readonly band95: number;
  readonly band90: number;
}

/** Result of {@link placeboGroups}: plain data plus `summary()`. */
export interface PlaceboGroupsResult {
  readonly treatedFit: SyntheticControlResult;
  /** Units per placebo group, and the size asked for (the treated group's unless `groupSize`). */
  readonly groupSize: number;
  readonly requestedGroupSize: number;
  /** Donors left for each placebo group's synthetic control: pool − groupSize. */
  readonly placeboDonors: number;
  /** Whether every possible group was used (fewer exist than `groups` asked). */
  readonly exhaustive: boolean;
  readonly statistic: PlaceboGroupStatistic;
  readonly placebos: readonly PlaceboGroupRun[];
  /** Held-out pre-treatment months (see {@link PlaceboGroupsOptions.holdout}). */
  readonly holdout: number;
  /** The treated fit's scale: its RMS gap over the held-out pre-treatment months (all pre months without a holdout). */
  readonly scale: number;
  /** The treated fit's post-treatment RMSPE / its scale (the held-out RMSPE; the pre-period RMSPE without a holdout). */
  readonly rmspeRatio: number;
  /** Rank of the treated RMSPE ratio among treated + placebos (1 = largest; ties count against it). */
  readonly rank: number;
  /** Number of fits compared: placebo groups + 1. */
  readonly n: number;
  /** rank / n. */
  readonly pValue: number;
  readonly periodPValues: readonly PlaceboGroupPeriod[];
  /** Post-treatment months significant at 5 % and at 10 % (by `statistic`). */
  readonly monthsSignificant5: number;
  readonly monthsSignificant10: number;
  /** What was changed or could not be computed, in words (group size reduced, exact fits, ...). */
  readonly notes: readonly string[];
  readonly run: RunInfo;
  summary(): string;
}

/** The keys {@link placeboGroups} adds to the synthetic-control options. */
const GROUP_KEYS = ['groups', 'groupSize', 'minDonors', 'statistic', 'holdout', 'seed'] as const;
const MAX_GROUPS = 100000;
const MAX_THREADS = 1024;
/** Same exact-fit rule as placebo-in-space: the QP leaves ≈ sqrt(eps) × scale, not 0. */
const EXACT_PRE_FIT = 1e-6;

/**
 * Placebo inference for an **average** of treated units (the LKS evaluation's treated series is
 * the mean of ~130 large municipalities). Single-donor placebos are far noisier than a mean of
 * 130 units, so their gaps say little about the mean's gap; here each placebo is itself an
 * average: `groups` groups of `groupSize` donors are drawn without replacement (seeded), each is
 * fitted as a treated unit against the remaining donors, and the treated group's gap is ranked
 * among theirs, per post-treatment month and by the post/pre RMSPE ratio.
 *
 * Why gaps are standardised by a held-out scale (the default). The per-month p-value is valid
 * when, under no effect, the treated gap and a placebo group's gap come from the same
 * distribution. Raw gaps only do when the placebo groups average as many units as the treated
 * group, of the same noise. In the LKS design neither holds: the donor pool (≈ 45–100 small and
 * medium municipalities) is smaller than the treated group, so the groups are smaller than it
 * (see `minDonors`), and a small municipality's rate per 10,000 is far noisier than a large
 * one's, so raw placebo gaps are wider and the raw p-value almost never rejects. Dividing by the
 * usual pre-period RMSPE does not repair this: with more donors than pre-treatment months the
 * weights reproduce the treated mean almost exactly before the treatment, so its in-sample RMSPE
 * is ≈ 0 and says nothing about its post-treatment noise (the p-value then rejects far too
 * often). So every fit (treated and placebo) takes its weights from the pre-treatment months
 * before the last `holdout` ones and divides its gaps by its RMS gap over those held-out months:
 * an out-of-sample scale, like the post-treatment gaps, that carries each fit's own noise (group
 * size, municipality size, synthetic-control noise). The RMSPE ratio is post-treatment RMSPE /
 * that scale. `bench/lks-calibration.ts` measures all three choices over 200 seeded draws of an
 * LKS-shaped panel without effect: shares of p < 0.05 of 0.02–0.075 with the default for every
 * S4 pool, 0.000 with raw gaps, 0.26 with the in-sample RMSPE. A scale ≈ 0 (an exact fit of the
 * held-out months) makes the division meaningless: the standardised p-values are then `null`,
 * `pValue` falls back to the raw one and `notes` says so.
 *
 * p-values are (1 + placebos at least as extreme) / (groups + 1), so never 0. Deterministic for
 * a given seed. Donors are drawn from the `donors` option (default: every non-treated unit).
 *
 * @param panel - long panel: one row per unit and month (or year)
 * @param options - the {@link SyntheticControlOptions} of the treated fit plus the draw
 * @throws SpecError `invalid-option` for a bad option (a group size ≤ 0 or larger than the
 *   panel, groups < 1), `too-few-donors` when the pool cannot give a group of one and leave two
 *   donors; DataError `unknown-unit` for a treated or donor unit that is not in the panel, and
 *   the panel errors of {@link syntheticControl}
 * @example
 * ```ts
 * import { placeboGroups } from 'verdeelmodel/lks';
 * import { simulateSynthPanel } from 'verdeelmodel/synth';
 * const rows = simulateSynthPanel({ units: 30, treated: 10, effect: 3, seed: 2, noise: 0.2 });
 * const treated = Array.from({ length: 10 }, (_, i) => `u${String(i).padStart(3, '0')}`);
 * const res = placeboGroups(rows, { unit: 'unit', time: 'time', outcome: 'y', treated,
 *   treatmentTime: '2022-01', groups: 19, seed: 1 });
 * res.groupSize; // => 10 (the 20 donors give groups of 10 and leave 10 for each fit)
 * res.periodPValues[0]!.pValue; // => 0.05 (the treated gap beats all 19 placebo groups)
 * ```
 */
export function placeboGroups(panel: PanelInput | Panel, options: PlaceboGroupsOptions): PlaceboGroupsResult {
  const prep = prepare(panel, options, 'placeboGroups', []);
  const fits = runFitsSync(prep.context, prep.jobs);
  return assemble(fits, prep, { threads: 1, note: null });
}

/**
 * {@link placeboGroups} on worker threads (the synth fit workers of `src/workers`): the same
 * result, faster on several cores; workers that cannot start or that die hand their fits to the
 * other threads or this one (`run.note` says so).
 *
 * @example
 * ```ts
 * import { type PlaceboGroupsOptions, placeboGroupsParallel } from 'verdeelmodel/lks';
 * import type { PanelInput } from 'verdeelmodel/synth';
 * declare const panel: PanelInput;
 * declare const options: PlaceboGroupsOptions;
 * const res = await placeboGroupsParallel(panel, { ...options, threads: 2 });
 * ```
 */
export async function placeboGroupsParallel(
  panel: PanelInput | Panel,
  options: PlaceboGroupsParallelOptions,
): Promise<PlaceboGroupsResult> {
  const where = 'placeboGroupsParallel';
  const prep = prepare(panel, options, where, ['threads']);
  const asked = integerIn(options.threads ?? 2, 1, MAX_THREADS, 'threads', where);
  const used = Math.min(asked, availableParallelism());
  const { fits, info } = await runFitsParallel(prep.context, prep.jobs, used);
  const capped = used < asked ? `threads: ${asked} capped at ${used} (os.availableParallelism())` : null;
  const note = [capped, info.note].filter((x) => x !== null).join('; ') || null;
  return assemble(fits, prep, { ...info, note });
}

interface Prepared {
  readonly context: ReturnType<typeof buildContext>['context'];
  readonly jobs: FitJob[];
  readonly options: PlaceboGroupsOptions;
  readonly groupSize: number;
  readonly requestedGroupSize: number;
  readonly placeboDonors: number;
  readonly exhaustive: boolean;
  readonly statistic: PlaceboGroupStatistic;
  readonly holdout: number;
  readonly notes: string[];
}

/** Check the options, build the shared context and the jobs: the treated fit first, then the groups. */
function prepare(
  panel: PanelInput | Panel,
  options: PlaceboGroupsOptions,
  where: string,
  extra: readonly string[],
): Prepared {
  checkSynthOptions(options, where, [...GROUP_KEYS, ...extra]);
  const groups = integerIn(options.groups ?? 200, 1, MAX_GROUPS, 'groups', where);
  const statistic = oneOf(options.statistic ?? 'standardized', ['standardized', 'raw'], 'statistic', where);
  const seed = options.seed === undefined ? 1 : seedOption(options.seed, where);
  const read = isPanel(panel) ? panel : readPanel(panel, options.unit, options.time);
  const T0 = treatmentIndexOf(read, options.treatmentTime);
  if (options.holdout !== undefined && options.preperiod !== undefined) {
    throw new SpecError(
      'invalid-option',
      `${where}: give holdout or preperiod, not both (preperiod holds out the pre-treatment months outside it)`,
      { option: 'holdout' },
    );
  }
  const holdout =
    options.holdout === undefined
      ? options.preperiod === undefined
        ? Math.min(6, Math.floor(T0 / 4))
        : 0
      : integerIn(options.holdout, 0, T0 - 1, 'holdout', where);
  const fitOptions =
    holdout > 0
      ? { ...options, preperiod: [read.times[0]!, read.times[T0 - holdout - 1]!] as const }
      : options;
  const { context, units, panel: p } = buildContext(read, fitOptions);
  const index = new Map(context.units.map((u, i) => [u, i]));
  const treated = units.treated.map((u) => index.get(p.units[u]!)!);
  const donors = units.donors.map((u) => index.get(p.units[u]!)!);
  const J = donors.length;
  const requested =
    options.groupSize === undefined
      ? treated.length
      : integerIn(options.groupSize, 1, p.units.length, 'groupSize', where);
  const minDonors =
    options.minDonors === undefined
      ? Math.max(2, Math.ceil(J / 2))
      : integerIn(options.minDonors, 2, p.units.length, 'minDonors', where);
  if (J < 3) {
    throw new SpecError(
      'too-few-donors',
      `${where}: the donor pool has ${J} unit${J === 1 ? '' : 's'}; a placebo group needs at least one donor and leaves two for its synthetic control`,
      { option: 'donors' },
    );
  }
  const notes: string[] = [];
  const floor = Math.min(minDonors, J - 1);
  if (floor < minDonors) {
    notes.push(
      `minDonors ${minDonors} is not below the pool of ${J} donors: each placebo group leaves ${floor} donors instead`,
    );
  }
  const groupSize = Math.min(requested, J - floor);
  if (groupSize < requested) {
    notes.push(
      `the donor pool (${J}) is too small for placebo groups of ${requested} that leave ${floor} donors for each fit: groups of ${groupSize} (the largest possible) are used`,
    );
  }
  const draw = drawGroups(J, groupSize, groups, createRng(mixSeed(seed, 0x1c5)));
  if (draw.exhaustive) {
    notes.push(
      `only ${draw.groups.length} distinct groups of ${groupSize} exist in a pool of ${J}: every one is used once (exact)`,
    );
  }
  const jobs: FitJob[] = [{ treated, donors }];
  for (const g of draw.groups) {
    const inGroup = new Set(g);
    jobs.push({
      treated: g.map((j) => donors[j]!),
      donors: donors.filter((_, j) => !inGroup.has(j)),
    });
  }
  return {
    context,
    jobs,
    options,
    groupSize,
    requestedGroupSize: requested,
    placeboDonors: J - groupSize,
    exhaustive: draw.exhaustive,
    statistic,
    holdout,
    notes,
  };
}

/** Whether the input is an already read {@link Panel} (not rows or columns). @internal */
export function isPanel(x: unknown): x is Panel {
  const p = x as Panel;
  return typeof p?.column === 'function' && Array.isArray(p.units) && p.unitIndex instanceof Map;
}

/** Number of k-subsets of n, as a double (only compared with `groups`, so Infinity is fine). */
function choose(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) {
    c = (c * (n - k + i)) / i;
    if (c > MAX_GROUPS * 10) return Number.POSITIVE_INFINITY;
  }
  return Math.round(c);
}

/**
 * `count` groups of `size` positions out of `n` (sorted ascending), each a uniform draw without
 * replacement (partial Fisher–Yates); every group once when there are no more than `count`.
 */
function drawGroups(
  n: number,
  size: number,
  count: number,
  rng: Rng,
): { groups: number[][]; exhaustive: boolean } {
  if (choose(n, size) <= count) {
    const groups: number[][] = [];
    const g: number[] = [];
    const walk = (from: number) => {
      if (g.length === size) {
        groups.push([...g]);
        return;
      }
      for (let i = from; i <= n - (size - g.length); i++) {
        g.push(i);
        walk(i + 1);
        g.pop();
      }
    };
    walk(0);
    return { groups, exhaustive: true };
  }
  const perm = Array.from({ length: n }, (_, i) => i);
  const groups: number[][] = [];
  for (let r = 0; r < count; r++) {
    for (let i = 0; i < size; i++) {
      const j = i + rng.int(n - i);
      const t = perm[i]!;
      perm[i] = perm[j]!;
      perm[j] = t;
    }
    groups.push(perm.slice(0, size).sort((a, b) => a - b));
  }
  return { groups, exhaustive: false };
}

/** Pre-treatment time indices outside the loss window (the held-out months), or all pre-treatment ones. */
function scaleIndex(f: SynthFit, T0: number): number[] {
  const fitted = new Set(f.lossTimes);
  const out: number[] = [];
  for (let t = 0; t < T0; t++) if (!fitted.has(f.times[t]!)) out.push(t);
  return out.length > 0 ? out : Array.from({ length: T0 }, (_, t) => t);
}

/** RMS of the gap over the scale months. */
function scaleOf(f: SynthFit, idx: readonly number[]): number {
  return rootMeanSquare(idx.map((t) => f.gap[t]!));
}

function ratio(post: number, scale: number): number {
  return scale > 0 ? post / scale : Number.POSITIVE_INFINITY;
}

function exactFit(scale: number, f: SynthFit, idx: readonly number[]): boolean {
  return scale <= EXACT_PRE_FIT * rootMeanSquare(idx.map((t) => f.treatedSeries[t]!));
}

function assemble(fits: SynthFit[], prep: Prepared, run: RunInfo): PlaceboGroupsResult {
  const treatedFit = attachSummary({ ...fits[0]!, options: prep.options });
  const T0 = treatedFit.times.indexOf(treatedFit.treatmentTime);
  const idx = scaleIndex(treatedFit, T0);
  const placebos: PlaceboGroupRun[] = fits.slice(1).map((f) => {
    const scale = scaleOf(f, idx);
    return {
      units: f.treated,
      preRmspe: f.preRmspe,
      postRmspe: f.postRmspe,
      rmspeRatio: ratio(f.postRmspe, scale),
      scale,
      exactPreFit: exactFit(scale, f, idx),
      gap: f.gap,
    };
  });
  const notes = [...prep.notes];
  const treatedScale = scaleOf(treatedFit, idx);
  const treatedExact = exactFit(treatedScale, treatedFit, idx);
  const exactPlacebos = placebos.filter((p) => p.exactPreFit).length;
  const standardize = !treatedExact && exactPlacebos === 0;
  if (treatedExact) {
    notes.push(
      'the treated group is reproduced exactly in the scale months (scale ≈ 0): its RMSPE ratio and rank are driven by rounding, the standardised p-values are null and the raw ones are used',
    );
  } else if (exactPlacebos > 0) {
    notes.push(
      `${exactPlacebos} placebo group${exactPlacebos > 1 ? 's are' : ' is'} reproduced exactly in the scale months (scale ≈ 0): the standardised p-values are null and the raw ones are used`,
    );
  }
  const statistic = standardize ? prep.statistic : 'raw';
  const n = placebos.length + 1;
  const rmspeRatio = ratio(treatedFit.postRmspe, treatedScale);
  const rank = 1 + placebos.filter((p) => p.rmspeRatio >= rmspeRatio).length;
  const periodPValues: PlaceboGroupPeriod[] = [];
  const abs = new Float64Array(placebos.length);
  for (let t = T0; t < treatedFit.times.length; t++) {
    const g0 = treatedFit.gap[t]!;
    const s0 = Math.abs(g0) / treatedScale;
    let raw = 1;
    let std = 1;
    placebos.forEach((p, r) => {
      const a = Math.abs(p.gap[t]!);
      if (a >= Math.abs(g0)) raw++;
      if (standardize && a / p.scale >= s0) std++;
      abs[r] = statistic === 'standardized' ? a / p.scale : a;
    });
    abs.sort();
    const unit = statistic === 'standardized' ? treatedScale : 1;
    const pValueStandardized = standardize ? std / n : null;
    const pValue = statistic === 'standardized' ? (pValueStandardized as number) : raw / n;
    periodPValues.push({
      time: treatedFit.times[t]!,
      gap: g0,
      pValueRaw: raw / n,
      pValueStandardized,
      pValue,
      significant5: pValue <= 0.05,
      significant10: pValue <= 0.1,
      band95: unit * quantileType7(abs, 0.95),
      band90: unit * quantileType7(abs, 0.9),
    });
  }
  const result = {
    treatedFit,
    groupSize: prep.groupSize,
    requestedGroupSize: prep.requestedGroupSize,
    placeboDonors: prep.placeboDonors,
    exhaustive: prep.exhaustive,
    statistic,
    placebos,
    holdout: prep.holdout,
    scale: treatedScale,
    rmspeRatio,
    rank,
    n,
    pValue: rank / n,
    periodPValues,
    monthsSignificant5: periodPValues.filter((p) => p.significant5).length,
    monthsSignificant10: periodPValues.filter((p) => p.significant10).length,
    notes,
    run,
  };
  return withSummary(result, summarize) as PlaceboGroupsResult;
}

function summarize(r: Omit<PlaceboGroupsResult, 'summary'>): string {
  const f = r.treatedFit;
  const lines = [
    `Placebo groups for the mean of ${f.treated.length} treated units: ${r.placebos.length} groups of ${r.groupSize} donors${r.exhaustive ? ' (all possible)' : ''}, each fitted against ${r.placeboDonors} others`,
    `RMSPE ratio ${formatDecimals(r.rmspeRatio, { decimals: 3 })}: rank ${r.rank} of ${r.n}, p = ${formatDecimals(r.pValue, { decimals: 4 })}`,
    `Post-treatment months significant (${r.statistic} gaps): ${r.monthsSignificant5} at 5 %, ${r.monthsSignificant10} at 10 %, of ${r.periodPValues.length}`,
    '',
    renderTextTable({
      columns: labelledColumns(['Time', 'Gap', 'p', 'p (raw)', 'p (standardised)', '95 % band']),
      rows: r.periodPValues.map((p) => [
        String(p.time),
        formatDecimals(p.gap, { decimals: 3 }),
        formatDecimals(p.pValue, { decimals: 3 }),
        formatDecimals(p.pValueRaw, { decimals: 3 }),
        p.pValueStandardized === null ? '-' : formatDecimals(p.pValueStandardized, { decimals: 3 }),
        `±${formatDecimals(p.band95, { decimals: 3 })}`,
      ]),
    }),
    ...r.notes.map((n) => `Note: ${n}.`),
  ];
  return lines.join('\n');
}
