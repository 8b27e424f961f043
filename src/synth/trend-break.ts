import { DataError, SpecError } from '../errors.js';
import { tTwoSided } from '../internal/distributions.js';
import { cholesky, cholSolve } from './simplex-least-squares.js';

/** Options of {@link trendBreakTest}. */
export interface TrendBreakOptions {
  /** Index (0-based) of the first period after the break, e.g. the month January 2022. */
  readonly breakIndex: number;
  /**
   * `'log-level'`: log y_t = a + b·t + c·post_t + d·post_t·(t − break) + e_t, test d = 0 (the change
   * in the growth rate). `'growth'`: g_t = log y_t − log y_{t−lag} = a + d·post_t + e_t, test d = 0.
   * @default 'log-level'
   */
  readonly model?: 'log-level' | 'growth';
  /** Lag of the growth rate for `'growth'` (12 = year-on-year for monthly data). @default 1 */
  readonly growthLag?: number;
  /**
   * Standard errors: `'classical'` OLS, or `'newey-west'` HAC with a Bartlett kernel, no
   * prewhitening and no small-sample adjustment (R: `sandwich::NeweyWest(fit, lag, prewhite = FALSE)`).
   * @default 'newey-west'
   */
  readonly se?: 'classical' | 'newey-west';
  /** Newey–West lag. @default floor(4 · (n/100)^(2/9)) */
  readonly lag?: number;
}

/** Result of {@link trendBreakTest}. */
export interface TrendBreakResult {
  readonly model: 'log-level' | 'growth';
  readonly terms: readonly string[];
  readonly coefficients: readonly number[];
  readonly stdErrors: readonly number[];
  /** The tested coefficient (change in growth per period) with its SE, t and two-sided p (t, df = n − p). */
  readonly breakEstimate: number;
  readonly breakStdError: number;
  readonly statistic: number;
  readonly pValue: number;
  readonly df: number;
  readonly nobs: number;
  readonly se: 'classical' | 'newey-west';
  readonly lag: number | null;
}

/**
 * Trend-break test ("trendbreuktoets") of the LKS evaluation: did growth change at the break?
 * Default: segmented regression of log(level) on trend, post and post × (t − break), t-test on
 * the last (the change in the per-period growth rate). Alternatively regress the growth rate on a
 * post dummy. Newey–West SEs by default, since monthly series are autocorrelated; p-values from
 * t with n − p degrees of freedom. S4 warns that log levels show a negative break at every year
 * boundary when growth slows steadily: compare with placebo break dates before concluding.
 *
 * @param values - the series (positive), in time order
 * @example
 * ```ts
 * const r = trendBreakTest(stock, { breakIndex: 36 }); // Jan 2022 in a 2019–2024 monthly series
 * r.breakEstimate; // => change in monthly log growth
 * ```
 */
export function trendBreakTest(values: ArrayLike<number>, options: TrendBreakOptions): TrendBreakResult {
  const model = options.model ?? 'log-level';
  const n0 = values.length;
  const b = options.breakIndex;
  if (!Number.isInteger(b) || b < 2 || b > n0 - 2) {
    throw new SpecError(
      `breakIndex must be an integer with at least two periods on each side (got ${b})`,
      'invalid-break',
    );
  }
  const logs = new Float64Array(n0);
  for (let t = 0; t < n0; t++) {
    const v = values[t]!;
    if (!(v > 0) || !Number.isFinite(v)) {
      throw new DataError('out-of-range', `value at position ${t} is ${v}; log levels need positive values`, {
        row: t,
      });
    }
    logs[t] = Math.log(v);
  }
  const rows: number[][] = [];
  const y: number[] = [];
  let terms: string[];
  if (model === 'log-level') {
    terms = ['(Intercept)', 'trend', 'post', 'post:trend'];
    for (let t = 0; t < n0; t++) {
      const post = t >= b ? 1 : 0;
      rows.push([1, t, post, post * (t - b)]);
      y.push(logs[t]!);
    }
  } else {
    const lag = options.growthLag ?? 1;
    if (!(Number.isInteger(lag) && lag >= 1 && lag < b))
      throw new SpecError('growthLag must be in 1..breakIndex-1', 'invalid-option');
    terms = ['(Intercept)', 'post'];
    for (let t = lag; t < n0; t++) {
      rows.push([1, t >= b ? 1 : 0]);
      y.push(logs[t]! - logs[t - lag]!);
    }
  }
  const n = y.length;
  const p = terms.length;
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < p; a++) {
      xty[a] = xty[a]! + rows[i]![a]! * y[i]!;
      for (let c = 0; c < p; c++) xtx[a * p + c] = xtx[a * p + c]! + rows[i]![a]! * rows[i]![c]!;
    }
  }
  cholesky(xtx, p);
  const beta = cholSolve(xtx, p, xty);
  const resid = y.map((yi, i) => yi - rows[i]!.reduce((s, x, a) => s + x * beta[a]!, 0));
  const bread = Array.from({ length: p }, (_, a) => {
    const e = new Float64Array(p);
    e[a] = 1;
    return cholSolve(xtx, p, e);
  });
  const se = options.se ?? 'newey-west';
  const lag = options.lag ?? Math.floor(4 * (n / 100) ** (2 / 9));
  let cov: number[][];
  if (se === 'classical') {
    const s2 = resid.reduce((s, e) => s + e * e, 0) / (n - p);
    cov = bread.map((row) => Array.from(row, (v) => v * s2));
  } else {
    // meat = Σ_l w_l Σ_t (x_t e_t)(x_{t-l} e_{t-l})' (+ transpose), Bartlett w_l = 1 − l/(L+1)
    const meat = Array.from({ length: p }, () => new Float64Array(p));
    for (let l = 0; l <= lag; l++) {
      const wl = l === 0 ? 1 : 1 - l / (lag + 1);
      for (let t = l; t < n; t++) {
        for (let a = 0; a < p; a++) {
          for (let c = 0; c < p; c++) {
            const v = rows[t]![a]! * resid[t]! * rows[t - l]![c]! * resid[t - l]!;
            meat[a]![c] = meat[a]![c]! + wl * v;
            if (l > 0) meat[c]![a] = meat[c]![a]! + wl * v;
          }
        }
      }
    }
    cov = sandwich(bread, meat, p);
  }
  const stdErrors = cov.map((row, a) => Math.sqrt(row[a]!));
  const k = p - 1;
  const statistic = beta[k]! / stdErrors[k]!;
  return {
    model,
    terms,
    coefficients: Array.from(beta),
    stdErrors,
    breakEstimate: beta[k]!,
    breakStdError: stdErrors[k]!,
    statistic,
    pValue: tTwoSided(statistic, n - p),
    df: n - p,
    nobs: n,
    se,
    lag: se === 'newey-west' ? lag : null,
  };
}

function sandwich(bread: Float64Array[], meat: Float64Array[], p: number): number[][] {
  const out = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let a = 0; a < p; a++) {
    for (let c = 0; c < p; c++) {
      let s = 0;
      for (let i = 0; i < p; i++)
        for (let j = 0; j < p; j++) s += bread[a]![i]! * meat[i]![j]! * bread[j]![c]!;
      out[a]![c] = s;
    }
  }
  return out;
}
