import { DataError, SpecError } from '../errors.js';
import { checkOptions, oneOf } from '../internal/options.js';
import { powerOfTwoScale } from './scale.js';

/**
 * Outcome per 10,000 inhabitants aged 15–65, the LKS evaluation's rate:
 * rate = count / (population15to65 / 10,000). The population must be positive.
 *
 * @example
 * ```ts
 * import { ratePer10k } from 'verdeelmodel/synth';
 * ratePer10k([35, 70], [10000, 20000]); // => Float64Array [35, 35]
 * ```
 */
export function ratePer10k(counts: ArrayLike<number>, population15to65: ArrayLike<number>): Float64Array {
  if (counts.length !== population15to65.length) {
    throw new DataError(
      'length-mismatch',
      `${counts.length} counts but ${population15to65.length} populations`,
    );
  }
  const out = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    const p = population15to65[i]!;
    // Rows in messages are 1-based data rows, as a spreadsheet shows them.
    if (!Number.isFinite(c))
      throw new DataError('invalid-value', `count at row ${i + 1} is ${c}`, { row: i + 1 });
    if (!(p > 0) || !Number.isFinite(p)) {
      throw new DataError(
        'out-of-range',
        `population aged 15-65 at row ${i + 1} is ${p}; it must be positive`,
        { row: i + 1 },
      );
    }
    const rate = (c / p) * 10000;
    if (!Number.isFinite(rate)) {
      throw new DataError(
        'out-of-range',
        `the rate at row ${i + 1} (${c} per ${p}) is beyond the range of doubles; check the count and the population`,
        { row: i + 1 },
      );
    }
    out[i] = rate;
  }
  return out;
}

/** Options of {@link movingAverage}. */
export interface MovingAverageOptions {
  /** Periods before t in the window (12 for the LKS growth charts, 2 for inflow − outflow). @default 2 */
  readonly before?: number;
  /** Periods after t. @default same as `before` (centred) */
  readonly after?: number;
  /**
   * At the edges, where the window is incomplete: `'null'` gives null, `'partial'` averages the
   * values that exist.
   * @default 'null'
   */
  readonly edges?: 'null' | 'partial';
}

/**
 * Moving average over the window [t − before, t + after] (centred by default), as in the LKS
 * charts: growth as MA(T−12, T+12), inflow − outflow as MA(T−2, T+2). Incomplete windows at the
 * edges give null unless `edges: 'partial'`. Missing values (NaN, null) are an error.
 *
 * @example
 * ```ts
 * import { movingAverage } from 'verdeelmodel/synth';
 * movingAverage([1, 2, 3, 4, 5], { before: 1 }); // => [null, 2, 3, 4, null]
 * ```
 */
export function movingAverage(
  values: ArrayLike<number | null>,
  options: MovingAverageOptions = {},
): (number | null)[] {
  checkOptions(options, ['before', 'after', 'edges'], 'movingAverage');
  if (options.edges !== undefined) oneOf(options.edges, ['null', 'partial'], 'edges', 'movingAverage');
  const before = options.before ?? 2;
  const after = options.after ?? before;
  if (!(Number.isInteger(before) && before >= 0 && Number.isInteger(after) && after >= 0)) {
    throw new SpecError('invalid-option', 'before and after must be non-negative integers');
  }
  const n = values.length;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined || !Number.isFinite(v)) {
      throw new DataError(
        'missing-value',
        `value at position ${i} is ${v}; moving averages need complete series`,
        {
          row: i,
        },
      );
    }
    x[i] = v;
  }
  // Summed in units of a power of two (exact): a window of values near 1e308 does not overflow.
  const scale = powerOfTwoScale(x);
  const out: (number | null)[] = [];
  for (let t = 0; t < n; t++) {
    const lo = t - before;
    const hi = t + after;
    if ((lo < 0 || hi >= n) && (options.edges ?? 'null') === 'null') {
      out.push(null);
      continue;
    }
    let s = 0;
    let c = 0;
    for (let i = Math.max(0, lo); i <= Math.min(n - 1, hi); i++) {
      s += x[i]! * scale;
      c++;
    }
    out.push(s / c / scale);
  }
  return out;
}
