import { DataError, SpecError } from '../errors.js';
import { checkOptions, numberIn, oneOf } from '../internal/options.js';
import {
  type MissingPredictorValue,
  type PredictorSpec,
  predictorValues,
  resolvePredictors,
} from './predictors.js';
import {
  checkTimeKind,
  compareTime,
  type Panel,
  type PanelInput,
  readPanel,
  type SynthTime,
} from './read-panel.js';
import type { VStarts } from './v-search.js';

/** A unit id as it appears in the data (compared as a string). */
export type UnitId = string | number;

/** Options of {@link syntheticControl}. */
export interface SyntheticControlOptions {
  /** Unit (municipality, state) id column. */
  readonly unit: string;
  /** Time column: year numbers, or strings that sort chronologically such as `'2022-01'`. */
  readonly time: string;
  /** Outcome column. */
  readonly outcome: string;
  /** The treated unit, or several units whose simple mean is the treated series. */
  readonly treated: UnitId | readonly UnitId[];
  /** First treated period; every earlier time is pre-treatment. */
  readonly treatmentTime: SynthTime;
  /** Donor pool. @default every unit except the treated */
  readonly donors?: readonly UnitId[];
  /**
   * Predictors (window means of covariates, outcome values at chosen times); they are divided by
   * their standard deviation across treated and donors (as R Synth). With none, W minimises the
   * pre-period MSPE of the outcome directly and V plays no role.
   * @default [] (match the pre-period outcome path)
   */
  readonly predictors?: readonly PredictorSpec[];
  /** Window `[from, to]` of pre-treatment times whose outcome MSPE V minimises. @default all pre-treatment times */
  readonly preperiod?: readonly [SynthTime, SynthTime];
  /** A fixed diagonal V (one non-negative number per predictor, rescaled to sum 1). @default searched */
  readonly v?: readonly number[];
  /** Starting points of the V search (see the V search in the `syntheticControl` docs). @default 'extended' */
  readonly vStarts?: VStarts;
  /**
   * A pre-period RMSPE above this fraction of the treated unit's mean absolute pre-period outcome
   * is flagged as a poor fit in `diagnostics`.
   * @default 0.1
   */
  readonly poorFitThreshold?: number;
}

/**
 * Everything a fit needs, for a fixed set of units, as plain serialisable data (so placebo runs
 * can share it, also with worker threads). Units and predictors are kept in canonical order.
 */
export interface SynthContext {
  readonly outcome: string;
  readonly units: readonly string[];
  readonly times: readonly SynthTime[];
  readonly treatmentIndex: number;
  /** Time indices of the V loss window. */
  readonly lossIndex: readonly number[];
  /** units × times, row-major. */
  readonly y: Float64Array;
  /** Predictor names in the user's order. */
  readonly predictorNames: readonly string[];
  /** k × units, row-major, user order of predictors. */
  readonly x: Float64Array;
  readonly missing: readonly MissingPredictorValue[];
  readonly v: readonly number[] | null;
  readonly vStarts: VStarts;
  readonly poorFitThreshold: number;
}

/** The option keys every synthetic-control function takes (see {@link SyntheticControlOptions}). */
export const SYNTH_OPTION_KEYS = [
  'unit',
  'time',
  'outcome',
  'treated',
  'treatmentTime',
  'donors',
  'predictors',
  'preperiod',
  'v',
  'vStarts',
  'poorFitThreshold',
] as const;

/**
 * Check a synthetic-control options object once: unknown keys (`SpecError('unknown-option')`,
 * naming the allowed ones), the required column names and the enumerated or numeric values.
 * `extra` lists the keys the calling function adds.
 */
export function checkSynthOptions(
  options: SyntheticControlOptions,
  where: string,
  extra: readonly string[] = [],
): void {
  if (options === undefined || options === null) {
    throw new SpecError(
      'invalid-option',
      `${where}: options are required (unit, time, outcome, treated, treatmentTime)`,
    );
  }
  checkOptions(options, [...SYNTH_OPTION_KEYS, ...extra], where);
  for (const key of ['unit', 'time', 'outcome'] as const) {
    if (typeof options[key] !== 'string' || options[key] === '') {
      throw new SpecError('invalid-option', `${where}: ${key} must name a column of the panel`, {
        option: key,
      });
    }
  }
  if (typeof options.treatmentTime !== 'number' && typeof options.treatmentTime !== 'string') {
    throw new SpecError('invalid-option', `${where}: treatmentTime must be a year number or a time string`, {
      option: 'treatmentTime',
    });
  }
  if (options.vStarts !== undefined) oneOf(options.vStarts, ['standard', 'extended'], 'vStarts', where);
  if (options.poorFitThreshold !== undefined) {
    numberIn(options.poorFitThreshold, 0, Number.MAX_VALUE, 'poorFitThreshold', where, { min: true });
  }
}

/** Resolved treated and donor units (indices into the panel's sorted units). */
export interface ResolvedUnits {
  readonly treated: number[];
  readonly donors: number[];
}

/** Look up unit ids in the panel; unknown ids are an error naming them. */
export function unitIndices(panel: Panel, ids: readonly UnitId[], role: string): number[] {
  return ids.map((id) => {
    const u = panel.unitIndex.get(String(id));
    if (u === undefined) {
      throw new DataError('unknown-unit', `${role} unit '${String(id)}' is not in the panel`, {});
    }
    return u;
  });
}

/** Check treated/donor sets: distinct, not overlapping, at least two donors. */
export function resolveUnits(panel: Panel, options: SyntheticControlOptions): ResolvedUnits {
  const treatedIds = Array.isArray(options.treated) ? options.treated : [options.treated as UnitId];
  if (treatedIds.length === 0)
    throw new SpecError(
      'no-treated',
      'syntheticControl: option treated is an empty list; name the treated unit (or units)',
      {
        option: 'treated',
      },
    );
  const treated = [...new Set(unitIndices(panel, treatedIds, 'treated'))].sort((a, b) => a - b);
  const isTreated = new Set(treated);
  let donors: number[];
  if (options.donors) {
    donors = [...new Set(unitIndices(panel, options.donors, 'donor'))].sort((a, b) => a - b);
    const both = donors.filter((d) => isTreated.has(d));
    if (both.length > 0) {
      throw new SpecError(
        'treated-in-donors',
        `unit '${panel.units[both[0]!]}' is both treated and a donor; remove it from the donors`,
      );
    }
  } else {
    donors = panel.units.map((_, i) => i).filter((i) => !isTreated.has(i));
  }
  if (donors.length < 2) {
    throw new SpecError(
      'too-few-donors',
      `a synthetic control of ${treatedIds.map((t) => `'${String(t)}'`).join(', ')} needs at least two donors, got ${donors.length}${donors.length === 1 ? ` ('${panel.units[donors[0]!]}')` : ''}; add units to the panel or to the donors option`,
      { option: 'donors' },
    );
  }
  return { treated, donors };
}

/** Index of the first treated period; the treatment must leave at least one time on each side. */
export function treatmentIndexOf(panel: Panel, treatmentTime: SynthTime): number {
  checkTimeKind(panel, treatmentTime, 'treatmentTime');
  const times = panel.times;
  const first = times[0]!;
  const last = times[times.length - 1]!;
  if (compareTime(treatmentTime, last) > 0) {
    throw new SpecError(
      'time-outside-data',
      `treatmentTime ${JSON.stringify(treatmentTime)} is after the last time in the data (${JSON.stringify(last)})`,
    );
  }
  const idx = times.findIndex((t) => compareTime(t, treatmentTime) >= 0);
  if (idx <= 0) {
    throw new SpecError(
      'no-preperiod',
      `treatmentTime ${JSON.stringify(treatmentTime)} leaves no pre-period: the data start at ${JSON.stringify(first)}`,
    );
  }
  return idx;
}

/** Build the shared context for the given units (treated and donors of every fit to come). */
export function buildContext(
  data: PanelInput | Panel,
  options: SyntheticControlOptions,
  pick?: (panel: Panel) => number[],
): { panel: Panel; context: SynthContext; units: ResolvedUnits } {
  const panel = isPanel(data) ? data : readPanel(data, options.unit, options.time);
  const units = resolveUnits(panel, options);
  const treatmentIndex = treatmentIndexOf(panel, options.treatmentTime);
  const lossIndex = lossWindow(panel, options.preperiod, treatmentIndex);
  const chosen = pick ? pick(panel) : [...units.treated, ...units.donors].sort((a, b) => a - b);
  const nT = panel.times.length;
  const all = panel.column(options.outcome);
  const y = new Float64Array(chosen.length * nT);
  chosen.forEach((u, i) => {
    for (let t = 0; t < nT; t++) {
      const val = all[u * nT + t]!;
      if (Number.isNaN(val)) {
        throw new DataError(
          'missing-value',
          `outcome '${options.outcome}' is missing for unit '${panel.units[u]}' at time ${JSON.stringify(panel.times[t])}`,
          { column: options.outcome },
        );
      }
      y[i * nT + t] = val;
    }
  });
  const predictors = resolvePredictors(panel, options.predictors ?? [], treatmentIndex);
  const { values, missing } = predictorValues(panel, predictors, chosen);
  if (options.v && options.v.length !== predictors.length) {
    throw new SpecError(
      'invalid-v',
      `v has ${options.v.length} entries but there are ${predictors.length} predictors`,
    );
  }
  if (options.v?.some((x) => !(x >= 0) || !Number.isFinite(x))) {
    throw new SpecError('invalid-v', 'v must hold finite non-negative numbers');
  }
  if (options.v && !options.v.some((x) => x > 0)) throw new SpecError('invalid-v', 'v is all zero');
  const poorFitThreshold = options.poorFitThreshold ?? 0.1;
  if (!(poorFitThreshold > 0)) throw new SpecError('invalid-option', 'poorFitThreshold must be positive');
  const context: SynthContext = {
    outcome: options.outcome,
    units: chosen.map((u) => panel.units[u]!),
    times: panel.times,
    treatmentIndex,
    lossIndex,
    y,
    predictorNames: predictors.map((p) => p.name),
    x: values,
    missing,
    v: options.v ? [...options.v] : null,
    vStarts: options.vStarts ?? 'extended',
    poorFitThreshold,
  };
  return { panel, context, units };
}

function isPanel(x: unknown): x is Panel {
  const p = x as Panel;
  return typeof p?.column === 'function' && Array.isArray(p.units) && p.unitIndex instanceof Map;
}

function lossWindow(
  panel: Panel,
  preperiod: readonly [SynthTime, SynthTime] | undefined,
  treatmentIndex: number,
) {
  const all = Array.from({ length: treatmentIndex }, (_, i) => i);
  if (!preperiod) return all;
  const [from, to] = preperiod;
  checkTimeKind(panel, from, 'preperiod start');
  checkTimeKind(panel, to, 'preperiod end');
  const idx = all.filter(
    (i) => compareTime(panel.times[i]!, from) >= 0 && compareTime(panel.times[i]!, to) <= 0,
  );
  if (compareTime(to, panel.times[treatmentIndex]!) >= 0) {
    throw new SpecError(
      'invalid-preperiod',
      `preperiod end ${JSON.stringify(to)} is not before the treatment`,
    );
  }
  if (idx.length === 0)
    throw new SpecError(
      'no-preperiod',
      `preperiod ${JSON.stringify(preperiod)} contains no time of the panel (times ${JSON.stringify(panel.times[0])} to ${JSON.stringify(panel.times[panel.times.length - 1])})`,
      { option: 'preperiod' },
    );
  return idx;
}
