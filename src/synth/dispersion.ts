import { DataError, SpecError } from '../errors.js';
import { checkOptions } from '../internal/options.js';
import { type Panel, type PanelInput, readPanel, type SynthTime } from './read-panel.js';
import { powerOfTwoScale } from './scale.js';

/** Options of {@link dispersion}. */
export interface DispersionOptions {
  readonly unit: string;
  readonly time: string;
  /** The rate (or other value) whose spread over units is measured per period. */
  readonly value: string;
}

/** Spread of a value over units in one period. */
export interface DispersionRow {
  readonly time: SynthTime;
  readonly n: number;
  readonly mean: number;
  readonly median: number;
  readonly p10: number;
  readonly p25: number;
  readonly p75: number;
  readonly p90: number;
  /** Interquartile range P75 − P25 ("interkwartiele afstand"). */
  readonly iqr: number;
  /** P90 − P10. */
  readonly p90p10: number;
  /** Sample SD (n − 1). */
  readonly sd: number;
  /** Coefficient of variation SD / mean ("variatiecoëfficiënt"); null when the mean is 0 (not defined). */
  readonly cv: number | null;
}

/**
 * Quantile by linear interpolation between order statistics (R type 7, the default of `quantile`).
 * The values must be finite and sorted ascending; `p` must lie in [0, 1].
 *
 * @param sorted - the values, sorted ascending
 * @param p - the probability, in [0, 1]
 * @example
 * ```ts
 * import { quantileType7 } from 'verdeelmodel/synth';
 * quantileType7([1, 2, 3, 4], 0.25); // => 1.75
 * ```
 */
export function quantileType7(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 1)) {
    throw new SpecError('invalid-option', `quantileType7: p must lie in [0, 1] (got ${p})`);
  }
  const n = sorted.length;
  if (n === 0)
    throw new DataError('empty', 'quantileType7: no values; the quantile of an empty set is undefined');
  for (let i = 0; i < n; i++) {
    const v = sorted[i]!;
    if (!Number.isFinite(v)) {
      throw new DataError(
        Number.isNaN(v) ? 'missing-value' : 'invalid-value',
        `quantileType7: value at position ${i} is ${v}; remove missing and infinite values first`,
        { row: i },
      );
    }
    if (i > 0 && v < sorted[i - 1]!) {
      throw new DataError(
        'invalid-value',
        `quantileType7: values are not sorted ascending (position ${i}: ${v} < ${sorted[i - 1]}); sort them first`,
        { row: i },
      );
    }
  }
  return quantileSorted(sorted, p);
}

/** Type-7 quantile of values already checked to be finite, sorted and non-empty. */
function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * The values of every unit in period `t` (the panel column `col`, laid out unit by unit); a
 * missing value is an error naming the unit and the period.
 */
export function periodValues(p: Panel, col: ArrayLike<number>, t: number, value: string): Float64Array {
  const nT = p.times.length;
  const x = new Float64Array(p.units.length);
  for (let u = 0; u < x.length; u++) {
    const v = col[u * nT + t]!;
    if (Number.isNaN(v)) {
      throw new DataError(
        'missing-value',
        `'${value}' is missing for unit '${p.units[u]}' at ${JSON.stringify(p.times[t])}`,
        { column: value },
      );
    }
    x[u] = v;
  }
  return x;
}

/**
 * Dispersion over units per period, as in the LKS evaluation (S4 §3.4.1): IQR, P90 − P10 and the
 * coefficient of variation of the municipal rates each month. Quantiles are R's type 7, the SD
 * uses n − 1. Every unit must have a value in every period (a missing value is an error).
 *
 * @example
 * ```ts
 * import { dispersion, type PanelInput } from 'verdeelmodel/synth';
 * declare const panel: PanelInput; // one row per gemeente and month: gemeente, month, rate
 * dispersion(panel, { unit: 'gemeente', time: 'month', value: 'rate' })[0];
 * // => { time: '2019-01', n: 336, mean: 15.1, iqr: 10.2, p90p10: 20.4, cv: 0.61, ... }
 * ```
 */
export function dispersion(panel: PanelInput | Panel, options: DispersionOptions): DispersionRow[] {
  checkOptions(options, ['unit', 'time', 'value'], 'dispersion');
  const p = isPanel(panel) ? panel : readPanel(panel, options.unit, options.time);
  const col = p.column(options.value);
  const nU = p.units.length;
  if (nU < 2) throw new DataError('too-few-rows', 'dispersion needs at least two units');
  return p.times.map((time, t) => {
    const x = periodValues(p, col, t, options.value);
    x.sort();
    // Computed on x times a power of two (exact), so values near 1e±300 neither overflow nor underflow the
    // squares and differences; a statistic that a double cannot hold at the data's own scale is an error.
    const scale = powerOfTwoScale(x);
    for (let i = 0; i < x.length; i++) x[i] = x[i]! * scale;
    let mean = 0;
    for (const v of x) mean += v;
    mean /= nU;
    let ss = 0;
    for (const v of x) ss += (v - mean) ** 2;
    const sd = Math.sqrt(ss / (nU - 1));
    const q = (pr: number) => quantileSorted(x, pr);
    const unscaled = (name: string, v: number) => {
      const out = v / scale;
      if (!Number.isFinite(out)) {
        throw new DataError(
          'out-of-range',
          `dispersion: the ${name} of '${options.value}' at ${JSON.stringify(time)} is beyond the range of doubles; rescale the column (divide it by a power of ten)`,
          { column: options.value },
        );
      }
      return out;
    };
    return {
      time,
      n: nU,
      mean: unscaled('mean', mean),
      median: unscaled('median', q(0.5)),
      p10: unscaled('10th percentile', q(0.1)),
      p25: unscaled('25th percentile', q(0.25)),
      p75: unscaled('75th percentile', q(0.75)),
      p90: unscaled('90th percentile', q(0.9)),
      iqr: unscaled('interquartile range', q(0.75) - q(0.25)),
      p90p10: unscaled('90–10 percentile range', q(0.9) - q(0.1)),
      sd: unscaled('standard deviation', sd),
      cv: mean === 0 ? null : sd / mean,
    };
  });
}

function isPanel(x: unknown): x is Panel {
  const p = x as Panel;
  return typeof p?.column === 'function' && Array.isArray(p.units) && p.unitIndex instanceof Map;
}
