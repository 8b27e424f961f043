import { DataError, SpecError } from '../errors.js';
import { checkTimeKind, compareTime, type Panel, type SynthTime } from './read-panel.js';

/**
 * One predictor of the synthetic control, as in Abadie–Diamond–Hainmueller: the mean of a column
 * over a window of pre-treatment times, or its value at one time (`at`). A plain string is the
 * column's mean over the whole pre-period.
 */
export interface SynthPredictor {
  /** Column to average (a covariate, or the outcome itself). */
  readonly column: string;
  /** First time of the window (inclusive). @default the first time in the panel */
  readonly from?: SynthTime;
  /** Last time of the window (inclusive). @default the last time before the treatment */
  readonly to?: SynthTime;
  /** A single time: shorthand for `from = to = at`. @default not set */
  readonly at?: SynthTime;
  /** Label in results. @default `column[from..to]`, or `column[at]` for a single time */
  readonly name?: string;
}

/** A predictor given as a column name (mean over the pre-period) or a full {@link SynthPredictor}. */
export type PredictorSpec = string | SynthPredictor;

/** A predictor after resolving its window against the panel. */
export interface ResolvedPredictor {
  readonly name: string;
  readonly column: string;
  readonly from: SynthTime;
  readonly to: SynthTime;
  /** Panel time indices inside the window. */
  readonly timeIndex: readonly number[];
}

/** Values skipped when forming a window mean (missing in the data). */
export interface MissingPredictorValue {
  readonly unit: string;
  readonly predictor: string;
  readonly times: readonly SynthTime[];
}

/** Resolve predictor windows; all must lie before the treatment. */
export function resolvePredictors(
  panel: Panel,
  specs: readonly PredictorSpec[],
  treatmentIndex: number,
): ResolvedPredictor[] {
  const out: ResolvedPredictor[] = [];
  const seen = new Set<string>();
  for (const spec of specs) {
    const p: SynthPredictor = typeof spec === 'string' ? { column: spec } : spec;
    if (!p || typeof p.column !== 'string')
      throw new SpecError('invalid-predictor', 'each predictor needs a column name');
    if (p.at !== undefined && (p.from !== undefined || p.to !== undefined)) {
      throw new SpecError(
        'invalid-predictor',
        `predictor '${p.column}': give either 'at' or 'from'/'to', not both`,
      );
    }
    const from = p.at ?? p.from ?? panel.times[0]!;
    const to = p.at ?? p.to ?? panel.times[treatmentIndex - 1]!;
    checkTimeKind(panel, from, `predictor '${p.column}' window start`);
    checkTimeKind(panel, to, `predictor '${p.column}' window end`);
    const name =
      p.name ?? (compareTime(from, to) === 0 ? `${p.column}[${from}]` : `${p.column}[${from}..${to}]`);
    if (compareTime(from, to) > 0) {
      throw new SpecError(
        'invalid-predictor',
        `predictor '${name}': window start ${from} is after its end ${to}`,
      );
    }
    const timeIndex: number[] = [];
    panel.times.forEach((t, i) => {
      if (compareTime(t, from) >= 0 && compareTime(t, to) <= 0) timeIndex.push(i);
    });
    if (timeIndex.length === 0) {
      throw new SpecError('invalid-predictor', `predictor '${name}': no panel time lies in its window`);
    }
    if (timeIndex[timeIndex.length - 1]! >= treatmentIndex) {
      throw new SpecError(
        'invalid-predictor',
        `predictor '${name}' uses times from the treatment on (${panel.times[treatmentIndex]}); predictors must be pre-treatment`,
      );
    }
    if (seen.has(name)) throw new SpecError('duplicate-predictor', `predictor '${name}' is given twice`);
    seen.add(name);
    out.push({ name, column: p.column, from, to, timeIndex });
  }
  return out;
}

/**
 * Window means of each predictor for each unit (skipping missing values), as a k × units matrix
 * (row-major). Lists every skipped value; a unit with no value at all in a window is an error.
 */
export function predictorValues(
  panel: Panel,
  predictors: readonly ResolvedPredictor[],
  units: readonly number[],
): { values: Float64Array; missing: MissingPredictorValue[] } {
  const nT = panel.times.length;
  const nU = units.length;
  const values = new Float64Array(predictors.length * nU);
  const missing: MissingPredictorValue[] = [];
  predictors.forEach((p, m) => {
    const col = panel.column(p.column);
    units.forEach((u, j) => {
      let sum = 0;
      let count = 0;
      const skipped: SynthTime[] = [];
      for (const t of p.timeIndex) {
        const v = col[u * nT + t]!;
        if (Number.isNaN(v)) skipped.push(panel.times[t]!);
        else {
          sum += v;
          count++;
        }
      }
      if (count === 0) {
        throw new DataError(
          'missing-value',
          `predictor '${p.name}' has no value for unit '${panel.units[u]}' (column '${p.column}' is missing at every time in the window); widen the window or drop the predictor`,
          { column: p.column },
        );
      }
      if (skipped.length > 0) missing.push({ unit: panel.units[u]!, predictor: p.name, times: skipped });
      values[m * nU + j] = sum / count;
    });
  });
  return { values, missing };
}
