import { DataError, SpecError } from '../errors.js';
import { checkOptions, integerIn, numberIn } from '../internal/options.js';
import { periodValues, quantileType7 } from './dispersion.js';
import { type Panel, type PanelInput, readPanel, type SynthTime } from './read-panel.js';

/** The three states of the LKS sequence analysis. */
export const SEQUENCE_STATES = ['low', 'average', 'high'] as const;

/** Options of {@link sequenceStates}. */
export interface SequenceStatesOptions {
  readonly unit: string;
  readonly time: string;
  /** The rate whose monthly position defines the state. */
  readonly value: string;
  /** Lower cut-off quantile ("low" below it). @default 0.25 */
  readonly lower?: number;
  /** Upper cut-off quantile ("high" from it up). @default 0.75 */
  readonly upper?: number;
}

/** State sequences: `states[u][t]` is 0 (low), 1 (average) or 2 (high). */
export interface StateSequences {
  readonly units: readonly string[];
  readonly times: readonly SynthTime[];
  readonly states: readonly (readonly number[])[];
  readonly labels: readonly string[];
  /** Cut-offs per period (type-7 quantiles over units). */
  readonly cutoffs: readonly { readonly time: SynthTime; readonly lower: number; readonly upper: number }[];
}

/**
 * States per unit and period for sequence analysis (S4 §5.2): "low" below the period's P25 of the
 * rate, "high" from its P75 up, "average" in between (a value equal to P25 is average). The
 * cut-offs are recomputed every period, which removes the common trend.
 *
 * @example
 * ```ts
 * import { sequenceStates } from 'verdeelmodel/synth';
 * const panel = {
 *   gemeente: ['A', 'A', 'A', 'B', 'B', 'B', 'C', 'C', 'C', 'D', 'D', 'D'],
 *   month: [1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3],
 *   rate: [0.01, 0.02, 0.03, 0.02, 0.03, 0.04, 0.03, 0.04, 0.05, 0.04, 0.05, 0.06],
 * };
 * const seq = sequenceStates(panel, { unit: 'gemeente', time: 'month', value: 'rate' });
 * seq.states[0]; // => [1, 1, 2, 2, ...]
 * ```
 */
export function sequenceStates(panel: PanelInput | Panel, options: SequenceStatesOptions): StateSequences {
  checkOptions(options, ['unit', 'time', 'value', 'lower', 'upper'], 'sequenceStates');
  const lower =
    options.lower === undefined
      ? 0.25
      : numberIn(options.lower, 0, 1, 'lower', 'sequenceStates', { min: true, max: true });
  const upper =
    options.upper === undefined
      ? 0.75
      : numberIn(options.upper, 0, 1, 'upper', 'sequenceStates', { min: true, max: true });
  if (!(lower > 0 && lower < upper && upper < 1))
    throw new SpecError('invalid-option', 'need 0 < lower < upper < 1');
  const p = isPanel(panel) ? panel : readPanel(panel, options.unit, options.time);
  const col = p.column(options.value);
  const nT = p.times.length;
  const nU = p.units.length;
  const states = p.units.map(() => new Array<number>(nT).fill(1));
  const cutoffs = p.times.map((time, t) => {
    const x = periodValues(p, col, t, options.value);
    const sorted = Float64Array.from(x).sort();
    const lo = quantileType7(sorted, lower);
    const hi = quantileType7(sorted, upper);
    for (let u = 0; u < nU; u++) states[u]![t] = x[u]! < lo ? 0 : x[u]! >= hi ? 2 : 1;
    return { time, lower: lo, upper: hi };
  });
  return { units: p.units, times: p.times, states, labels: [...SEQUENCE_STATES], cutoffs };
}

/** Options of {@link dynamicHammingDistance}. */
export interface DynamicHammingOptions {
  /** Number of distinct states (codes 0..nStates−1). @default 1 + the largest code */
  readonly nStates?: number;
  /** Weight per period multiplying that period's substitution cost. @default all 1 */
  readonly timeWeights?: ArrayLike<number>;
}

/** Pairwise distances (n × n, row-major) and the time-varying substitution costs used. */
export interface DistanceMatrix {
  readonly n: number;
  readonly distances: Float64Array;
  /** costs[t][a][b]: substitution cost between states a and b at period t. */
  readonly costs: readonly (readonly (readonly number[])[])[];
}

/**
 * Dynamic Hamming distance (Lesnard 2010), as TraMineR `seqdist(method = "DHD")`: position-wise
 * comparison with time-varying substitution costs from the transition rates,
 * SC_t(a, b) = 4 − p_{t−1}(a→b) − p_{t−1}(b→a) − p_t(a→b) − p_t(b→a) (p_t from period t to t+1;
 * at the first and last period the one available pair counts twice), floored at 0; a rate from a
 * state nobody occupies is 0. d(x, y) = Σ_t w_t SC_t(x_t, y_t), with optional time weights (S4
 * weights 2022–2024 more heavily).
 *
 * @example
 * ```ts
 * import { dynamicHammingDistance } from 'verdeelmodel/synth';
 * const states = [[1, 1, 2], [1, 2, 2], [3, 3, 3]]; // e.g. sequenceStates(...).states
 * const d = dynamicHammingDistance(states, { timeWeights: [1, 1, 2] });
 * d.distances[0 * d.n + 1]; // => distance between the first two units
 * ```
 */
export function dynamicHammingDistance(
  sequences: readonly (readonly number[])[],
  options: DynamicHammingOptions = {},
): DistanceMatrix {
  checkOptions(options, ['nStates', 'timeWeights'], 'dynamicHammingDistance');
  if (options.nStates !== undefined)
    integerIn(options.nStates, 1, 2 ** 16, 'nStates', 'dynamicHammingDistance');
  const n = sequences.length;
  if (n < 2) throw new DataError('too-few-rows', 'need at least two sequences');
  const T = sequences[0]!.length;
  if (T < 2) throw new DataError('too-few-rows', 'sequences need at least two periods');
  let maxCode = 0;
  sequences.forEach((s, i) => {
    if (s.length !== T)
      throw new DataError('length-mismatch', `sequence ${i} has ${s.length} periods, not ${T}`, { row: i });
    for (const c of s) {
      if (!Number.isInteger(c) || c < 0)
        throw new DataError('invalid-value', `sequence ${i} holds state ${c}`, { row: i });
      if (c > maxCode) maxCode = c;
    }
  });
  const S = options.nStates ?? maxCode + 1;
  if (maxCode >= S) {
    throw new SpecError(
      'invalid-option',
      `dynamicHammingDistance: nStates is ${S} but the sequences hold state ${maxCode}; states are codes 0..nStates−1`,
      { option: 'nStates' },
    );
  }
  const w = options.timeWeights ?? new Float64Array(T).fill(1);
  if (w == null || typeof w.length !== 'number')
    throw new SpecError('invalid-option', 'dynamicHammingDistance: timeWeights must be an array of numbers', {
      option: 'timeWeights',
    });
  if (w.length !== T) throw new DataError('length-mismatch', `timeWeights has ${w.length} entries, not ${T}`);
  for (let t = 0; t < T; t++) {
    const v = w[t];
    // A NaN or negative weight would give NaN or negative distances, which the clustering takes at face value.
    if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) {
      throw new SpecError(
        'invalid-option',
        `dynamicHammingDistance: timeWeights[${t}] is ${String(v)}; weights must be finite and non-negative`,
        { option: 'timeWeights' },
      );
    }
  }
  // rate[t][a][b] = P(state b at t+1 | state a at t)
  const rate: number[][][] = [];
  for (let t = 0; t < T - 1; t++) {
    const count = Array.from({ length: S }, () => new Array<number>(S).fill(0));
    for (const s of sequences) count[s[t]!]![s[t + 1]!]!++;
    rate.push(
      count.map((row) => {
        const tot = row.reduce((a, b) => a + b, 0);
        return row.map((c) => (tot > 0 ? c / tot : 0));
      }),
    );
  }
  const costs = Array.from({ length: T }, (_, t) =>
    Array.from({ length: S }, (_, a) =>
      Array.from({ length: S }, (_, b) => {
        if (a === b) return 0;
        let c = 0;
        if (t > 0) c -= rate[t - 1]![a]![b]! + rate[t - 1]![b]![a]!;
        if (t < T - 1) c -= rate[t]![a]![b]! + rate[t]![b]![a]!;
        return Math.max(0, t > 0 && t < T - 1 ? 4 + c : 4 + 2 * c);
      }),
    ),
  );
  const distances = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let d = 0;
      const x = sequences[i]!;
      const y = sequences[j]!;
      for (let t = 0; t < T; t++) if (x[t] !== y[t]) d += w[t]! * costs[t]![x[t]!]![y[t]!]!;
      if (!Number.isFinite(d)) {
        throw new SpecError(
          'invalid-option',
          `dynamicHammingDistance: the distance between sequences ${i} and ${j} overflows; use smaller timeWeights`,
          { option: 'timeWeights' },
        );
      }
      distances[i * n + j] = d;
      distances[j * n + i] = d;
    }
  }
  return { n, distances, costs };
}

function isPanel(x: unknown): x is Panel {
  const p = x as Panel;
  return typeof p?.column === 'function' && Array.isArray(p.units) && p.unitIndex instanceof Map;
}
