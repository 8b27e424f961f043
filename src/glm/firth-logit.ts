import { type DataInput, dataRow, type Frame, toFrame } from '../data/frame.js';
import { AliasingError, ConvergenceError, DataError } from '../errors.js';
import { formatPValueColumn, formatSignificantColumn } from '../format/numbers.js';
import { renderTextTable } from '../format/text-table.js';
import { chiSquareUpper, normalQuantile } from '../internal/distributions.js';
import { checkOptions, integerIn, numberIn, oneOf } from '../internal/options.js';
import { withView } from '../internal/with-summary.js';
import { choleskyInverse, choleskyScaled } from '../linalg/symmetric.js';
import { encodeDesign, maxRowEntries, rowEntries } from './design.js';
import { getFamily } from './family.js';
import { buildModelData } from './model-frame.js';
import { predictRows } from './predict-kernel.js';
import { resolveThreads } from './run-engine.js';
import { resolveSpec } from './spec.js';

/** The model of {@link firthLogit}: the terms as for {@link logit}, and the profile-likelihood options. */
export interface FirthSpec {
  /** 0/1 (or boolean) response column. */
  readonly y: string;
  /** Terms, as for {@link logit}: numeric columns, categorical columns (dummies), interactions `'a:b'`. */
  readonly x: readonly string[];
  /** Prior-weight column (frequency weights). @default none */
  readonly weights?: string;
  /** Offset column. @default none */
  readonly offset?: string;
  /** @default true */
  readonly intercept?: boolean;
  /** Reference level per categorical column. @default the first level in sorted order */
  readonly reference?: Readonly<Record<string, string>>;
  /** @default 'error' */
  readonly na?: 'error' | 'omit';
  /** Confidence level of the profile penalised-likelihood intervals. @default 0.95 */
  readonly level?: number;
  /** Compute the profile intervals and penalised-likelihood-ratio p-values (2p + p constrained fits). @default true */
  readonly profile?: boolean;
  /** Newton iteration limit per fit. @default 100 */
  readonly maxIterations?: number;
  /** Convergence: the largest |Δβ| of a Newton step. @default 1e-10 */
  readonly epsilon?: number;
}

/** One coefficient of a {@link FirthFit}, as logistf prints it. */
export interface FirthRow {
  readonly term: string;
  readonly estimate: number;
  /** √ of the diagonal of the inverse augmented-data information at the estimate (logistf's `var`; see {@link FirthFit.vcov}). */
  readonly stdError: number;
  /** Profile penalised-likelihood interval (±Infinity where the profile never reaches the cut-off); NaN without `profile`. */
  readonly confLow: number;
  readonly confHigh: number;
  /** Penalised likelihood-ratio statistic 2(ℓ*(β̂) − ℓ*(β̂ | β_j = 0)); NaN without `profile`. */
  readonly statistic: number;
  /** Its χ²(1) p-value (logistf's `prob`). */
  readonly pValue: number;
}

/** Result of {@link firthLogit}. */
export interface FirthFit {
  readonly kind: 'firth';
  readonly terms: readonly string[];
  readonly coefficients: readonly number[];
  /**
   * Covariance at β̂, row-major: the inverse of X' diag((w + h)μ(1 − μ)) X, the information of
   * the augmented data (h the hat values), as logistf's `var`. It is smaller than (X'WX)⁻¹; use the
   * profile intervals and penalised-likelihood p-values, which do not rest on it.
   */
  readonly vcov: readonly number[];
  readonly rows: readonly FirthRow[];
  /** Penalised log-likelihood ℓ*(β̂) = ℓ(β̂) + ½ log|X'WX|. */
  readonly logLik: number;
  /** Penalised log-likelihood with every coefficient but the intercept at 0 (the penalty on the full design, as logistf). */
  readonly nullLogLik: number;
  /** Penalised likelihood-ratio test of all coefficients but the intercept. */
  readonly likelihoodRatio: { readonly statistic: number; readonly df: number; readonly pValue: number };
  readonly nobs: number;
  readonly nOmitted: number;
  readonly iterations: number;
  readonly level: number;
  readonly options: { readonly y: string; readonly x: readonly string[]; readonly profile: boolean };
}

/** The views of a {@link FirthFit} (non-enumerable: the fit stays plain data). */
export interface FirthViews {
  /** The coefficient table as logistf prints it. */
  summary(): string;
  /** Predicted probabilities for new data. */
  predict(newdata: DataInput | Frame): Float64Array;
}

const LABEL = 'firthLogit';
const MAX_STEP = 5;

/**
 * Firth's penalised-likelihood logistic regression (Firth 1993; Heinze and Schemper 2002): the
 * log-likelihood plus ½ log|X'WX| (the Jeffreys prior), which gives finite estimates where a
 * feature separates the outcome — a small cell in which every household receives bijstand, say.
 * Estimated by Newton–Raphson on the modified score X'(w(y − μ) + h(½ − μ)) with step halving;
 * p-values by the penalised likelihood-ratio test and confidence intervals by the profile penalised
 * likelihood, as R's `logistf` (which it matches: see the reference test). Part of the GLM engine's
 * design machinery (the same terms, reference levels and missing-value rules as {@link logit}).
 *
 * @example
 * ```ts
 * import { firthLogit } from 'verdeelmodel/glm';
 * // x separates y: an ordinary logit has no finite estimate.
 * const fit = firthLogit({ y: [0, 0, 0, 1, 1, 1, 0, 1], x: [1, 2, 3, 4, 5, 6, 2.5, 3.5] }, { y: 'y', x: ['x'] });
 * fit.rows[1]; // { term: 'x', estimate: …, confLow: …, confHigh: …, pValue: … }
 * console.log(fit.summary());
 * ```
 */
export function firthLogit(data: DataInput | Frame, spec: FirthSpec): FirthFit & FirthViews {
  const s = checkOptions(
    spec,
    [
      'y',
      'x',
      'weights',
      'offset',
      'intercept',
      'reference',
      'na',
      'level',
      'profile',
      'maxIterations',
      'epsilon',
    ],
    LABEL,
  );
  const level = numberIn(s.level ?? 0.95, 0, 1, 'level', LABEL, { min: true, max: true });
  const profile = oneOf(s.profile ?? true, [true, false], 'profile', LABEL);
  const maxIterations = integerIn(s.maxIterations ?? 100, 1, 10_000, 'maxIterations', LABEL);
  const epsilon = numberIn(s.epsilon ?? 1e-10, 0, 1, 'epsilon', LABEL, { min: true, max: true });
  const { level: _l, profile: _p, maxIterations: _m, epsilon: _e, ...model } = s;
  const options = resolveSpec({ ...model, family: 'binomial', compress: false }, LABEL);
  const frame = toFrame(data);
  const md = buildModelData(frame, options, getFamily('binomial'), LABEL);
  const n = md.y.length;
  for (let i = 0; i < n; i++) {
    const v = md.y[i]!;
    if (v !== 0 && v !== 1) {
      const row = dataRow(frame, md.keep ? md.keep[i]! : i);
      throw new DataError(
        'out-of-range',
        `${LABEL}: response '${options.y}' is ${v} at row ${row}; it must be 0/1`,
        {
          column: options.y,
          row,
        },
      );
    }
  }
  const design = encodeDesign(frame, md.layout, md.keep);
  const p = design.p;
  const terms = md.layout.columnNames;
  // Rows with the same covariates (and offset) are one pattern carrying Σw and Σwy: the penalised
  // likelihood, modified score and both informations are sums over rows whose terms depend on the row
  // only through x (the hat values of a pattern add up), so the patterns give the row-level fit exactly.
  const groups = new Map<string, number>();
  const X: number[] = [];
  const sw: number[] = [];
  const swy: number[] = [];
  const off: number[] = [];
  {
    const cols = new Int32Array(maxRowEntries(design));
    const vals = new Float64Array(cols.length);
    const row = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      const wi = md.weights ? md.weights[i]! : 1;
      if (wi === 0) continue;
      row.fill(0);
      const k = rowEntries(design, i, cols, vals, null);
      for (let a = 0; a < k; a++) row[cols[a]!] = vals[a]!;
      const o = md.offset ? md.offset[i]! : 0;
      const key = `${row.join(',')}|${o}`;
      let g = groups.get(key);
      if (g === undefined) {
        g = sw.length;
        groups.set(key, g);
        for (let a = 0; a < p; a++) X.push(row[a]!);
        sw.push(0);
        swy.push(0);
        off.push(o);
      }
      sw[g]! += wi;
      swy[g]! += wi * md.y[i]!;
    }
  }
  const engine = new FirthEngine(
    Float64Array.from(X),
    sw.length,
    p,
    Float64Array.from(swy),
    Float64Array.from(sw),
    md.offset ? Float64Array.from(off) : null,
    maxIterations,
    epsilon,
  );
  const first = engine.state(new Float64Array(p));
  if (first.aliased.length)
    throw new AliasingError(
      'aliased',
      `${LABEL}: design columns ${first.aliased.map((j) => `'${terms[j]}'`).join(', ')} are linear combinations of earlier ones; drop them`,
      { terms: first.aliased.map((j) => terms[j]!) },
    );
  const all = Int32Array.from({ length: p }, (_, j) => j);
  const full = engine.maximise(new Float64Array(p), all);
  const beta = full.beta;
  const se = Array.from({ length: p }, (_, j) => Math.sqrt(full.state.inverse[j * p + j]!));
  const ll = full.state.pll;
  const intercept = md.layout.intercept ? [0] : [];
  const nullFit = engine.maximise(
    Float64Array.from({ length: p }, (_, j) => (intercept.includes(j) ? beta[j]! : 0)),
    Int32Array.from(intercept),
  );
  const df = p - intercept.length;
  const lrStat = 2 * (ll - nullFit.state.pll);
  const z = normalQuantile(1 - (1 - level) / 2);
  const cut = z * z;
  const rows: FirthRow[] = terms.map((term, j) => {
    if (!profile)
      return {
        term,
        estimate: beta[j]!,
        stdError: se[j]!,
        confLow: Number.NaN,
        confHigh: Number.NaN,
        statistic: Number.NaN,
        pValue: Number.NaN,
      };
    const atZero = engine.profile(beta, j, 0);
    const stat = Math.max(0, 2 * (ll - atZero));
    return {
      term,
      estimate: beta[j]!,
      stdError: se[j]!,
      confLow: engine.profileLimit(beta, j, se[j]!, ll, cut, -1),
      confHigh: engine.profileLimit(beta, j, se[j]!, ll, cut, 1),
      statistic: stat,
      pValue: chiSquareUpper(stat, 1),
    };
  });
  const fit: FirthFit = {
    kind: 'firth',
    terms,
    coefficients: Array.from(beta),
    vcov: Array.from(full.state.inverse),
    rows,
    logLik: ll,
    nullLogLik: nullFit.state.pll,
    likelihoodRatio: { statistic: lrStat, df, pValue: df > 0 ? chiSquareUpper(Math.max(0, lrStat), df) : 1 },
    nobs: md.nobs,
    nOmitted: md.nOmitted,
    iterations: full.iterations,
    level,
    options: { y: options.y, x: options.x, profile },
  };
  const withSummary = withView(fit, 'summary', () => formatFirth(fit));
  return withView(withSummary, 'predict', (newdata: DataInput | Frame) => {
    const f = toFrame(newdata);
    return predictRows(
      { layout: md.layout, coefficients: fit.coefficients, aliased: [], offset: options.offset },
      f,
      null,
      'binomial',
      true,
      resolveThreads('auto', f.nrows),
    );
  });
}

/** What one evaluation at β gives. */
interface FirthState {
  /** Penalised log-likelihood. */
  readonly pll: number;
  /** Modified score X'(w(y − μ) + h(½ − μ)). */
  readonly score: Float64Array;
  /** X'WX. */
  readonly info: Float64Array;
  /**
   * The information of logistf's augmented data, X' diag((w + h)μ(1 − μ)) X: its Newton steps and
   * its `var` use it (each row counted once as observed and h/2 times as each outcome).
   */
  readonly augmented: Float64Array;
  /** augmented⁻¹ at β: the reported covariance. */
  readonly inverse: Float64Array;
  readonly aliased: readonly number[];
}

/** Newton–Raphson on the penalised likelihood, with some coefficients held fixed (for the profile). */
class FirthEngine {
  constructor(
    private readonly X: Float64Array,
    private readonly n: number,
    private readonly p: number,
    /** Σ w·y per pattern. */
    private readonly s: ArrayLike<number>,
    /** Σ w per pattern. */
    private readonly w: ArrayLike<number>,
    private readonly offset: ArrayLike<number> | null,
    private readonly maxIterations: number,
    private readonly epsilon: number,
  ) {}

  state(beta: Float64Array): FirthState {
    const { X, n, p, w } = this;
    const sy = this.s;
    const mu = new Float64Array(n);
    const W = new Float64Array(n);
    const info = new Float64Array(p * p);
    let loglik = 0;
    for (let i = 0; i < n; i++) {
      let eta = this.offset ? this.offset[i]! : 0;
      const row = i * p;
      for (let j = 0; j < p; j++) eta += X[row + j]! * beta[j]!;
      // log μ and log(1 − μ) without cancellation for large |η|.
      const logMu = -softplus(-eta);
      const log1mMu = -softplus(eta);
      const m = Math.exp(logMu);
      mu[i] = m;
      const wi = w[i]!;
      loglik += sy[i]! * logMu + (wi - sy[i]!) * log1mMu;
      const wt = wi * m * (1 - m);
      W[i] = wt;
      addWeightedOuter(info, X, row, p, wt);
    }
    symmetrise(info, p);
    const chol = choleskyScaled(info, p, 1e-13);
    if (chol.aliased.length)
      return {
        pll: Number.NEGATIVE_INFINITY,
        score: new Float64Array(p),
        info,
        augmented: info,
        inverse: info,
        aliased: chol.aliased,
      };
    let logDet = 0;
    for (let j = 0; j < p; j++) logDet += 2 * Math.log(chol.lower[j * p + j]!) - 2 * Math.log(chol.scale[j]!);
    const plainInverse = choleskyInverse(chol);
    const score = new Float64Array(p);
    const augmented = new Float64Array(p * p);
    const v = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      const row = i * p;
      // h_i = W_i x_i' (X'WX)⁻¹ x_i
      for (let a = 0; a < p; a++) {
        let s = 0;
        for (let b = 0; b < p; b++) s += plainInverse[a * p + b]! * X[row + b]!;
        v[a] = s;
      }
      let q = 0;
      for (let a = 0; a < p; a++) q += X[row + a]! * v[a]!;
      const h = W[i]! * q;
      const wi = w[i]!;
      const r = sy[i]! - wi * mu[i]! + h * (0.5 - mu[i]!);
      for (let a = 0; a < p; a++) score[a]! += X[row + a]! * r;
      addWeightedOuter(augmented, X, row, p, (wi + h) * mu[i]! * (1 - mu[i]!));
    }
    symmetrise(augmented, p);
    const inverse = choleskyInverse(choleskyScaled(augmented, p, 1e-13));
    return { pll: loglik + 0.5 * logDet, score, info, augmented, inverse, aliased: [] };
  }

  /** Maximise over the coefficients `free`, the others fixed at their values in `start`. */
  maximise(
    start: Float64Array,
    free: Int32Array,
  ): { beta: Float64Array; state: FirthState; iterations: number } {
    const p = this.p;
    let beta = Float64Array.from(start);
    let st = this.state(beta);
    const k = free.length;
    if (k === 0) return { beta, state: st, iterations: 0 };
    let lastChange = Number.POSITIVE_INFINITY;
    for (let it = 1; it <= this.maxIterations; it++) {
      const sub = new Float64Array(k * k);
      for (let a = 0; a < k; a++)
        for (let b = 0; b < k; b++) sub[a * k + b] = st.augmented[free[a]! * p + free[b]!]!;
      const chol = choleskyScaled(sub, k, 1e-13);
      const inv = choleskyInverse(chol);
      const delta = new Float64Array(k);
      let largest = 0;
      for (let a = 0; a < k; a++) {
        let s = 0;
        for (let b = 0; b < k; b++) s += inv[a * k + b]! * st.score[free[b]!]!;
        delta[a] = s;
        largest = Math.max(largest, Math.abs(s));
      }
      // logistf's maxstep: no coefficient moves more than 5 in one step.
      if (largest > MAX_STEP) for (let a = 0; a < k; a++) delta[a] = (delta[a]! * MAX_STEP) / largest;
      let next = beta;
      let nextState = st;
      for (let half = 0; half <= 30; half++) {
        next = Float64Array.from(beta);
        for (let a = 0; a < k; a++) next[free[a]!]! += delta[a]!;
        nextState = this.state(next);
        if (nextState.pll >= st.pll - 1e-12 * Math.abs(st.pll)) break;
        for (let a = 0; a < k; a++) delta[a] = delta[a]! / 2;
      }
      let change = 0;
      for (let a = 0; a < k; a++) change = Math.max(change, Math.abs(delta[a]!));
      beta = next;
      st = nextState;
      lastChange = change;
      if (change < this.epsilon) return { beta, state: st, iterations: it };
    }
    throw new ConvergenceError(
      'no-convergence',
      `${LABEL}: Newton–Raphson did not converge in ${this.maxIterations} iterations (last step ${lastChange}); raise maxIterations`,
      { iterations: this.maxIterations, lastChange },
    );
  }

  /** The profile penalised log-likelihood at β_j = value (the others re-estimated, warm-started from `from`). */
  profile(from: Float64Array, j: number, value: number): number {
    return this.profileFit(from, j, value).state.pll;
  }

  private profileFit(from: Float64Array, j: number, value: number) {
    const start = Float64Array.from(from);
    start[j] = value;
    const free = Int32Array.from({ length: this.p - 1 }, (_, a) => (a < j ? a : a + 1));
    return this.maximise(start, free);
  }

  /**
   * The end of the profile interval on side `dir`: the β_j where 2(ℓ*max − ℓ*prof(β_j)) = cut,
   * bracketed by doubling steps of one standard error and found by the Illinois false-position method.
   * ±Infinity when the profile never falls that far (it flattens out: the data carry no bound there).
   */
  profileLimit(beta: Float64Array, j: number, se: number, ll: number, cut: number, dir: 1 | -1): number {
    // Each constrained fit starts from the last one: the search moves in small steps along the profile.
    let from = beta;
    const g = (b: number) => {
      const fit = this.profileFit(from, j, b);
      from = fit.beta;
      return 2 * (ll - fit.state.pll) - cut;
    };
    const b0 = beta[j]!;
    let inner = b0;
    let gInner = -cut;
    let step = se > 0 && Number.isFinite(se) ? se : 1;
    let outer = b0 + dir * step;
    let gOuter = g(outer);
    let doublings = 0;
    while (gOuter < 0) {
      if (++doublings > 40) return dir * Number.POSITIVE_INFINITY;
      inner = outer;
      gInner = gOuter;
      step *= 2;
      outer = b0 + dir * step;
      gOuter = g(outer);
    }
    let side = 0;
    for (let it = 0; it < 200; it++) {
      const b = outer - (gOuter * (outer - inner)) / (gOuter - gInner);
      const gb = g(b);
      if (Math.abs(gb) < 1e-11 || Math.abs(outer - inner) < 1e-12 * (1 + Math.abs(b))) return b;
      if (gb > 0) {
        outer = b;
        gOuter = gb;
        if (side === 1) gInner /= 2;
        side = 1;
      } else {
        inner = b;
        gInner = gb;
        if (side === -1) gOuter /= 2;
        side = -1;
      }
    }
    return outer - (gOuter * (outer - inner)) / (gOuter - gInner);
  }
}

/** Add weight · x xᵀ (x = row `row` of X) to the lower triangle of `m`. */
function addWeightedOuter(m: Float64Array, X: Float64Array, row: number, p: number, weight: number): void {
  if (weight === 0) return;
  for (let a = 0; a < p; a++) {
    const xa = X[row + a]! * weight;
    if (xa === 0) continue;
    for (let b = 0; b <= a; b++) m[a * p + b]! += xa * X[row + b]!;
  }
}

/** Copy the lower triangle of `m` to the upper. */
function symmetrise(m: Float64Array, p: number): void {
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) m[b * p + a] = m[a * p + b]!;
}

/** log(1 + e^x) without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

function formatFirth(fit: FirthFit): string {
  const r = fit.rows;
  const pct = `${Math.round(fit.level * 1000) / 10}%`;
  const col = (v: number[]) => formatSignificantColumn(v, { digits: 5 });
  const est = col(r.map((x) => x.estimate));
  const se = col(r.map((x) => x.stdError));
  const lo = col(r.map((x) => x.confLow));
  const hi = col(r.map((x) => x.confHigh));
  const chi = col(r.map((x) => x.statistic));
  const pv = formatPValueColumn(r.map((x) => x.pValue));
  return renderTextTable({
    title: [
      "Firth's penalised-likelihood logistic regression (as R's logistf)",
      `Response: ${fit.options.y}   Observations: ${fit.nobs}${fit.nOmitted ? ` (${fit.nOmitted} omitted)` : ''}`,
      '',
    ],
    columns: [
      '',
      { header: 'coef', align: 'decimal' },
      { header: 'se(coef)', align: 'decimal' },
      { header: `lower ${pct}`, align: 'decimal' },
      { header: `upper ${pct}`, align: 'decimal' },
      { header: 'Chisq', align: 'decimal' },
      { header: 'p', align: 'right' },
    ],
    rows: r.map((x, i) => [x.term, est[i]!, se[i]!, lo[i]!, hi[i]!, chi[i]!, pv[i]!]),
    footers: [
      'Intervals: profile penalised likelihood; p-values: penalised likelihood ratio (χ², 1 df).',
      `Penalised log-likelihood ${formatSignificantColumn([fit.logLik], { digits: 7 })[0]}; likelihood ratio test ${formatSignificantColumn([fit.likelihoodRatio.statistic], { digits: 6 })[0]} on ${fit.likelihoodRatio.df} df, p = ${formatPValueColumn([fit.likelihoodRatio.pValue])[0]}`,
    ],
  });
}
