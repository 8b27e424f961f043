import { SpecError } from '../errors.js';
import { numberIn } from '../internal/options.js';
import {
  buildContext,
  checkSynthOptions,
  type SyntheticControlOptions,
  treatmentIndexOf,
} from './context.js';
import { fitSynth, type SynthFit } from './fit-synth.js';
import type { PredictorSpec, SynthPredictor } from './predictors.js';
import { type Panel, type PanelInput, readPanel, type SynthTime } from './read-panel.js';
import { attachSummary, type SyntheticControlResult, syntheticControl } from './synthetic-control.js';

/** Options of {@link placeboInTime}. */
export interface PlaceboInTimeOptions extends SyntheticControlOptions {
  /** The fake treatment time, before the real one. */
  readonly placeboTime: SynthTime;
  /**
   * Predictors for the placebo fit. @default the predictors shifted back by as many periods as
   * the placebo time lies before the real treatment (as Abadie, Diamond & Hainmueller 2015)
   */
  readonly placeboPredictors?: readonly PredictorSpec[];
}

/**
 * Placebo-in-time ("in-time placebo"): pretend the treatment happened at `placeboTime`, using only
 * data before the real treatment. A gap that opens at the fake date casts doubt on the design.
 *
 * @example
 * ```ts
 * import { type PanelInput, placeboInTime, type SyntheticControlOptions } from 'verdeelmodel/synth';
 * declare const smoking: PanelInput; // Abadie's Proposition 99 panel (R: tidysynth::smoking)
 * declare const options: SyntheticControlOptions; // as for syntheticControl
 * const fake = placeboInTime(smoking, { ...options, placeboTime: 1980 });
 * fake.rmspeRatio; // => small when nothing happened in 1980
 * ```
 */
export function placeboInTime(
  panel: PanelInput | Panel,
  options: PlaceboInTimeOptions,
): SyntheticControlResult {
  checkSynthOptions(options, 'placeboInTime', ['placeboTime', 'placeboPredictors']);
  const full = isPanel(panel) ? panel : readPanel(panel, options.unit, options.time);
  const real = treatmentIndexOf(full, options.treatmentTime);
  const fake = treatmentIndexOf(full, options.placeboTime);
  if (fake >= real) {
    throw new SpecError(
      'invalid-placebo-time',
      `placeboTime ${JSON.stringify(options.placeboTime)} must be before the treatment ${JSON.stringify(options.treatmentTime)}`,
    );
  }
  const shift = real - fake;
  const predictors =
    options.placeboPredictors ?? (options.predictors ?? []).map((p) => shiftPredictor(full, p, shift, real));
  const sub = restrictTimes(full, real);
  const { placeboTime, placeboPredictors: _, ...rest } = options;
  return syntheticControl(sub, { ...rest, treatmentTime: placeboTime, predictors, preperiod: undefined });
}

function shiftPredictor(panel: Panel, spec: PredictorSpec, shift: number, real: number): SynthPredictor {
  const p: SynthPredictor = typeof spec === 'string' ? { column: spec } : spec;
  const move = (t: SynthTime | undefined, fallback: number): SynthTime => {
    const i = t === undefined ? fallback : panel.times.indexOf(t);
    if (i < 0)
      throw new SpecError(
        'invalid-predictor',
        `predictor '${p.column}': time ${JSON.stringify(t)} is not in the panel`,
      );
    const j = i - shift;
    if (j < 0) {
      throw new SpecError(
        'invalid-predictor',
        `predictor '${p.name ?? p.column}' shifted back ${shift} periods starts before the data; give placeboPredictors`,
      );
    }
    return panel.times[j]!;
  };
  if (p.at !== undefined) return { column: p.column, at: move(p.at, 0), ...(p.name ? { name: p.name } : {}) };
  return {
    column: p.column,
    from: move(p.from, 0 + shift),
    to: move(p.to, real - 1),
    ...(p.name ? { name: p.name } : {}),
  };
}

/** The panel limited to its first `n` times. */
function restrictTimes(panel: Panel, n: number): Panel {
  const nT = panel.times.length;
  const cache = new Map<string, Float64Array>();
  return {
    units: panel.units,
    times: panel.times.slice(0, n),
    unitIndex: panel.unitIndex,
    column(name: string) {
      const hit = cache.get(name);
      if (hit) return hit;
      const all = panel.column(name);
      const out = new Float64Array(panel.units.length * n);
      for (let u = 0; u < panel.units.length; u++) out.set(all.subarray(u * nT, u * nT + n), u * n);
      cache.set(name, out);
      return out;
    },
  };
}

function isPanel(x: unknown): x is Panel {
  const p = x as Panel;
  return typeof p?.column === 'function' && Array.isArray(p.units) && p.unitIndex instanceof Map;
}

/** One leave-one-out refit. */
export interface LeaveOneOutRun {
  /** The donor left out. */
  readonly dropped: string;
  readonly fit: SynthFit;
}

/** Result of {@link leaveOneOut}. */
export interface LeaveOneOutResult {
  readonly fit: SyntheticControlResult;
  readonly runs: readonly LeaveOneOutRun[];
  /** Range of the post-period mean gap over the refits (with the full fit's value). */
  readonly meanPostGap: { readonly full: number; readonly min: number; readonly max: number };
}

/**
 * Leave-one-out robustness (Abadie, Diamond & Hainmueller 2015): refit without each donor whose
 * weight exceeds `minWeight`, to see whether one donor drives the estimate.
 *
 * @example
 * ```ts
 * import { leaveOneOut, type PanelInput, type SyntheticControlOptions } from 'verdeelmodel/synth';
 * declare const smoking: PanelInput; // Abadie's Proposition 99 panel (R: tidysynth::smoking)
 * declare const options: SyntheticControlOptions; // as for syntheticControl
 * const loo = leaveOneOut(smoking, options);
 * loo.runs.map((r) => r.dropped); // => ['Colorado', 'Connecticut', 'Montana', 'Nevada', 'Utah']
 * ```
 */
export function leaveOneOut(
  panel: PanelInput | Panel,
  options: SyntheticControlOptions & { readonly minWeight?: number },
): LeaveOneOutResult {
  checkSynthOptions(options, 'leaveOneOut', ['minWeight']);
  const minWeight =
    options.minWeight === undefined ? 0.001 : numberIn(options.minWeight, 0, 1, 'minWeight', 'leaveOneOut');
  const { context, units, panel: p } = buildContext(panel, options);
  const index = new Map(context.units.map((u, i) => [u, i]));
  const treated = units.treated.map((u) => index.get(p.units[u]!)!);
  const donors = units.donors.map((u) => index.get(p.units[u]!)!);
  const full = fitSynth(context, treated, donors);
  const runs: LeaveOneOutRun[] = [];
  donors.forEach((d, j) => {
    if (full.weights[j]! <= minWeight || donors.length <= 2) return;
    runs.push({
      dropped: context.units[d]!,
      fit: fitSynth(
        context,
        treated,
        donors.filter((x) => x !== d),
      ),
    });
  });
  const T0 = full.times.indexOf(full.treatmentTime);
  const post = (f: SynthFit) => f.gap.slice(T0).reduce((a, b) => a + b, 0) / (f.gap.length - T0);
  const values = runs.map((r) => post(r.fit));
  return {
    fit: attachSummary({ ...full, options }),
    runs,
    meanPostGap: {
      full: post(full),
      min: Math.min(post(full), ...values),
      max: Math.max(post(full), ...values),
    },
  };
}
