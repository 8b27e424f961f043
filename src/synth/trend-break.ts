import { DataError, SpecError } from '../errors.js';
import { ols } from '../glm/fit-glm.js';
import type { GlmFit } from '../glm/types.js';
import { vcovOf } from '../inference/tidy.js';
import { tTwoSided } from '../internal/distributions.js';

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
  /** Lag of the growth rate for `'growth'` (12 = year-on-year for monthly data), in 1..breakIndex − 1. @default 1 */
  readonly growthLag?: number;
  /**
   * Standard errors: `'classical'` OLS, or `'newey-west'` HAC with a Bartlett kernel, no
   * prewhitening and no small-sample adjustment (R: `sandwich::NeweyWest(fit, lag, prewhite = FALSE)`).
   * @default 'newey-west'
   */
  readonly se?: 'classical' | 'newey-west';
  /**
   * Newey–West lag, a non-negative integer; the regression needs more than p + lag rows.
   * @default floor(4 · (n/100)^(2/9))
   */
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
 * Throws a `DataError` `'too-few-rows'` unless n − p ≥ 1 (and n > p + lag with Newey–West), and
 * `'zero-variance'` when the model fits the series exactly (no standard error to test with).
 *
 * @param values - the series (positive), in time order
 * @example
 * ```ts
 * import { trendBreakTest } from 'verdeelmodel/synth';
 * // a monthly stock growing 0.2 % a month, 0.6 % from month 36 on
 * const stock = Array.from({ length: 72 }, (_, t) => 1000 * Math.exp(0.002 * t + 0.004 * Math.max(0, t - 36)) + 3 * Math.sin(t));
 * const r = trendBreakTest(stock, { breakIndex: 36 }); // Jan 2022 in a 2019–2024 monthly series
 * r.breakEstimate; // => change in monthly log growth
 * ```
 */
export function trendBreakTest(values: ArrayLike<number>, options: TrendBreakOptions): TrendBreakResult {
  const model = oneOf('model', options.model ?? 'log-level', MODELS);
  const se = oneOf('se', options.se ?? 'newey-west', SE_TYPES);
  if (options.lag !== undefined) nonNegativeInteger('lag', options.lag);
  if (options.growthLag !== undefined) nonNegativeInteger('growthLag', options.growthLag);
  const n0 = values.length;
  const b = options.breakIndex;
  if (!Number.isInteger(b) || b < 2 || b > n0 - 2) {
    throw new SpecError(
      'invalid-break',
      `breakIndex must be an integer with at least two periods on each side (got ${b})`,
    );
  }
  const logs = new Float64Array(n0);
  for (let t = 0; t < n0; t++) {
    const v = values[t]!;
    if (!(v > 0) || !Number.isFinite(v)) {
      throw new DataError(
        'out-of-range',
        `value at position ${t + 1} is ${v}; log levels need positive values`,
        {
          row: t + 1,
        },
      );
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
    // A lag of 0 makes every growth rate 0; a lag reaching the break leaves no pre-period growth rate.
    if (!(lag >= 1 && lag < b)) {
      throw new SpecError(
        'invalid-option',
        `growthLag must lie in 1..breakIndex − 1 = 1..${b - 1} (got ${lag})`,
      );
    }
    terms = ['(Intercept)', 'post'];
    for (let t = lag; t < n0; t++) {
      rows.push([1, t >= b ? 1 : 0]);
      y.push(logs[t]! - logs[t - lag]!);
    }
  }
  const n = y.length;
  const p = terms.length;
  const lag = options.lag ?? Math.floor(4 * (n / 100) ** (2 / 9));
  checkRows(n, p, se === 'newey-west' ? lag : null, model);
  // The one OLS engine and the inference registry: classical = the model vcov, Newey–West = its
  // registry entry over the rows in time order (the fit keeps the per-row scores for it).
  const columns: Record<string, number[]> = Object.create(null);
  columns.y = y;
  terms.slice(1).forEach((term, j) => {
    columns[term] = rows.map((row) => row[j + 1]!);
  });
  let fit: GlmFit;
  try {
    fit = ols(columns, { y: 'y', x: terms.slice(1), keepScores: se === 'newey-west', leverage: false });
  } catch (e) {
    if (e instanceof DataError && (e.code === 'perfect-fit' || e.code === 'zero-variance'))
      throw exactFit(model, e);
    throw e;
  }
  const cov = vcovOf(fit, se === 'classical' ? 'model' : { type: 'newey-west', lag });
  const stdErrors = terms.map((_, a) => Math.sqrt(cov.matrix[a * p + a]!));
  const beta = fit.coefficients;
  const k = p - 1;
  const statistic = beta[k]! / stdErrors[k]!;
  if (!Number.isFinite(statistic)) throw exactFit(model, null);
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

const MODELS = ['log-level', 'growth'] as const;
const SE_TYPES = ['classical', 'newey-west'] as const;

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new SpecError(
      'invalid-option',
      `${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')} (got ${JSON.stringify(value)})`,
    );
  }
  return value as T;
}

function nonNegativeInteger(name: string, value: number): void {
  if (!(Number.isInteger(value) && value >= 0)) {
    throw new SpecError('invalid-option', `${name} must be a non-negative integer (got ${value})`);
  }
}

/** OLS needs a residual degree of freedom; Newey–West also needs more rows than p + lag. */
function checkRows(n: number, p: number, lag: number | null, model: string): void {
  const what = model === 'growth' ? 'growth rates' : 'periods';
  if (n - p < 1) {
    throw new DataError(
      'too-few-rows',
      `the ${model} model has ${p} coefficients but only ${n} ${what}: it needs at least ${p + 1} (n − p ≥ 1) for a standard error; use a longer series`,
    );
  }
  if (lag !== null && n <= p + lag) {
    throw new DataError(
      'too-few-rows',
      `Newey–West with lag ${lag} on the ${model} model (${p} coefficients) needs more than p + lag = ${p + lag} ${what}, got ${n}; use a longer series, a smaller lag or se: 'classical'`,
    );
  }
}

/**
 * An exact fit (a constant or exactly exponential series) leaves only rounding noise in the
 * residuals, so t would be noise or 0/0; the OLS engine refuses such a fit and this says what it
 * means for a series.
 */
function exactFit(model: string, cause: unknown): DataError {
  return new DataError(
    'zero-variance',
    `the ${model} model fits the series exactly, so the break coefficient has no meaningful standard error; is the series constant or exactly exponential?`,
    cause === null ? {} : { cause },
  );
}
