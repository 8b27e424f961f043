import { DataError, SpecError } from '../errors.js';
import { checkOptions, integerIn, numberIn } from '../internal/options.js';
import { householderLeastSquares } from '../linalg/least-squares.js';

const SIMPLEX_OPTIONS = ['ridge', 'start', 'maxIterations', 'rowWeights', 'workspace'] as const;
/** Larger k or J cannot be the size of an array a caller can hold. */
const MAX_DIMENSION = 2 ** 31 - 1;

/**
 * An argument that must be an array-like of `length` finite numbers.
 * `at` describes an entry's position for the message.
 */
/** Largest magnitude of an entry of A, b or rowWeights whose products and squares stay finite. */
const MAX_ENTRY = 1e100;

function checkFinite(
  x: ArrayLike<number>,
  length: number,
  name: string,
  expected: string,
  at: (i: number) => string = () => '',
): void {
  const where = 'simplexLeastSquares';
  if (x == null || typeof x.length !== 'number') {
    throw new DataError('invalid-value', `${where}: ${name} must be an array of numbers`);
  }
  if (x.length !== length) {
    throw new DataError(
      'length-mismatch',
      `${where}: ${name} has ${x.length} entries but ${expected} needs ${length}`,
    );
  }
  for (let i = 0; i < length; i++) {
    const v = x[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new DataError(
        'not-finite',
        `${where}: ${name}[${i}]${at(i)} is ${String(v)}; every entry must be a finite number`,
      );
    }
    // Beyond this the squared residuals and cross products overflow to Infinity (the objective, the
    // gradient and so the weights would be garbage); the library's own callers pass scaled values.
    if (Math.abs(v) > MAX_ENTRY) {
      throw new DataError(
        'out-of-range',
        `${where}: ${name}[${i}]${at(i)} is ${v}; entries beyond ${MAX_ENTRY} overflow the sums of squares — rescale A and b (multiply both by one power of ten)`,
      );
    }
  }
}

/** Options for {@link simplexLeastSquares}. */
export interface SimplexLeastSquaresOptions {
  /**
   * Ridge term δ added as δ·‖w‖². A tiny δ makes the problem strictly convex, so the solution is
   * unique (the minimum-norm point of the optimal face) and does not depend on the column order.
   * @default 0
   */
  readonly ridge?: number;
  /**
   * Columns to start the active set from (a warm start; any subset is valid).
   * @default the single best column
   */
  readonly start?: readonly number[];
  /** Maximum number of active-set changes. @default 20 × (number of columns + 10) */
  readonly maxIterations?: number;
  /**
   * Non-negative row weights ρ: the objective becomes Σ_r ρ_r (b_r − A_r w)² + δ‖w‖², i.e. the
   * V-weighted predictor distance of a synthetic control without rescaling A.
   * @default all 1
   */
  readonly rowWeights?: ArrayLike<number>;
  /** Scratch buffers (from the internal `simplexWorkspace`) reused across calls (saves allocation in loops). @default fresh buffers */
  readonly workspace?: SimplexWorkspace;
}

/** Reusable scratch buffers for {@link simplexLeastSquares} on k × J problems. */
export interface SimplexWorkspace {
  readonly k: number;
  readonly J: number;
  readonly w: Float64Array;
  readonly free: Uint8Array;
  readonly blocked: Uint8Array;
  readonly resid: Float64Array;
  readonly grad: Float64Array;
  readonly qr: Float64Array;
  readonly rhs: Float64Array;
  readonly diag: Float64Array;
  readonly sol: Float64Array;
  readonly sub: Float64Array;
}

/** The problem min Σ_r ρ_r (b_r − A_r w)² + δ‖w‖² on the simplex, as the steps of the solver read it. */
interface SimplexProblem {
  /** k × J, row-major. */
  readonly A: ArrayLike<number>;
  readonly k: number;
  readonly J: number;
  readonly b: ArrayLike<number>;
  /** Row weights ρ. */
  readonly rho: ArrayLike<number>;
  /** δ. */
  readonly ridge: number;
}

/** Allocate scratch buffers for {@link simplexLeastSquares} (k rows, J columns). */
export function simplexWorkspace(k: number, J: number): SimplexWorkspace {
  return {
    k,
    J,
    w: new Float64Array(J),
    free: new Uint8Array(J),
    blocked: new Uint8Array(J),
    resid: new Float64Array(k),
    grad: new Float64Array(J),
    qr: new Float64Array((k + J) * J),
    rhs: new Float64Array(k + J),
    diag: new Float64Array(J),
    sol: new Float64Array(J),
    sub: new Float64Array(J),
  };
}

/** Solution of a least-squares problem on the unit simplex. */
export interface SimplexLeastSquaresResult {
  /** The weights: non-negative, summing to 1. */
  readonly w: Float64Array;
  /** Columns with positive weight (the free set at the solution), ascending. */
  readonly active: readonly number[];
  /** ‖b − Aw‖² + δ‖w‖² at the solution. */
  readonly objective: number;
  /** Largest violation of the KKT conditions, relative to the scale of the gradient (≤ 1e-9 means optimal). */
  readonly kktViolation: number;
  /** Active-set changes used. */
  readonly iterations: number;
}

/**
 * Least squares on the unit simplex: minimise ‖b − A w‖² + δ‖w‖² subject to w ≥ 0, Σw = 1,
 * solved exactly by a primal active-set method (Lawson–Hanson NNLS adapted to the simplex).
 * Each step solves the equality-constrained problem on the free set by Householder QR (in
 * `src/linalg`), so `A` is never squared into a J × J matrix. Deterministic; the KKT
 * conditions are checked at the end and reported as `kktViolation`. Every argument is checked
 * first: a NaN or infinite entry, a wrong length or a bad option is a typed error naming it.
 *
 * `A` is k × J in row-major order (k rows = predictors, J columns = donors).
 *
 * @param A - k × J matrix, row-major
 * @param k - number of rows
 * @param J - number of columns
 * @param b - target vector (length k)
 * @returns weights, active set, objective and a KKT check
 * @throws SpecError `invalid-option` for k or J that are not positive integers and for bad
 *   option values, `unknown-option` for an unknown option key; DataError `length-mismatch` when
 *   A, b or rowWeights do not have k × J, k and k entries, `not-finite` for a NaN or infinite
 *   entry, `out-of-range` for a negative row weight or an entry beyond 1e100 in magnitude
 * @example
 * ```ts
 * import { simplexLeastSquares } from 'verdeelmodel/synth';
 * // target (0.5, 0.5) from the corners (1,0), (0,1), (1,1)
 * simplexLeastSquares(Float64Array.of(1, 0, 1, 0, 1, 1), 2, 3, Float64Array.of(0.5, 0.5)).w;
 * // => Float64Array [0.5, 0.5, 0]
 * ```
 */
export function simplexLeastSquares(
  A: ArrayLike<number>,
  k: number,
  J: number,
  b: ArrayLike<number>,
  options: SimplexLeastSquaresOptions = {},
): SimplexLeastSquaresResult {
  const where = 'simplexLeastSquares';
  checkOptions(options, SIMPLEX_OPTIONS, where);
  integerIn(k, 1, MAX_DIMENSION, 'k (the number of rows of A)', where);
  integerIn(J, 1, MAX_DIMENSION, 'J (the number of columns of A)', where);
  checkFinite(
    A,
    k * J,
    'A',
    `k × J = ${k} × ${J}`,
    (i) => ` (row ${Math.floor(i / J) + 1}, column ${(i % J) + 1})`,
  );
  checkFinite(b, k, 'b', `k = ${k}`);
  const ridge =
    options.ridge === undefined ? 0 : numberIn(options.ridge, 0, Number.MAX_VALUE, 'ridge', where);
  let rho: ArrayLike<number>;
  if (options.rowWeights === undefined) rho = new Float64Array(k).fill(1);
  else {
    rho = options.rowWeights;
    checkFinite(rho, k, 'rowWeights', `k = ${k}`);
    for (let r = 0; r < k; r++) {
      if (rho[r]! < 0) {
        throw new DataError(
          'out-of-range',
          `${where}: rowWeights[${r}] is ${rho[r]}; row weights must be non-negative`,
        );
      }
    }
  }
  const maxIterations =
    options.maxIterations === undefined
      ? 20 * (J + 10)
      : integerIn(options.maxIterations, 1, Number.MAX_SAFE_INTEGER, 'maxIterations', where);
  if (options.start !== undefined) {
    if (!Array.isArray(options.start)) {
      throw new SpecError('invalid-option', `${where}: start must be an array of column indices`, {
        option: 'start',
      });
    }
    for (const j of options.start) integerIn(j, 0, J - 1, 'start (a column index)', where);
  }
  const ws =
    options.workspace && options.workspace.k === k && options.workspace.J === J
      ? options.workspace
      : simplexWorkspace(k, J);
  const problem: SimplexProblem = { A, k, J, b, rho, ridge };
  const { w, free, blocked, resid, grad } = ws;
  w.fill(0);
  free.fill(0);
  blocked.fill(0);
  let active: number[];
  if (options.start && options.start.length > 0) {
    active = [];
    for (const j of options.start)
      if (j >= 0 && j < J && !free[j]) {
        free[j] = 1;
        active.push(j);
      }
    free.fill(0);
    active.sort((x, y) => x - y);
  } else {
    active = [bestVertex(problem)];
  }
  // A feasible starting point: the best vertex among the warm-start columns.
  w[active.length > 1 ? bestVertex(problem, active) : active[0]!] = 1;
  for (const j of active) free[j] = 1;
  let iterations = 0;
  // Anti-cycling: a column added on a numerically zero multiplier and dropped again at once is
  // not re-added in this solve (its residual violation is reported in `kktViolation`).
  let justAdded = -1;
  for (;;) {
    // Inner loop: move to the minimiser on the free set, dropping columns that hit zero.
    for (;;) {
      const sub = solveOnFree(problem, active, ws);
      let allPositive = true;
      for (let i = 0; i < active.length; i++) if (sub[i]! <= 0) allPositive = false;
      if (allPositive) {
        for (let i = 0; i < active.length; i++) w[active[i]!] = sub[i]!;
        break;
      }
      let alpha = 1;
      for (let i = 0; i < active.length; i++) {
        const j = active[i]!;
        if (sub[i]! <= 0) {
          const step = w[j]! / (w[j]! - sub[i]!);
          if (step < alpha) alpha = step;
        }
      }
      for (let i = 0; i < active.length; i++) {
        const j = active[i]!;
        w[j] = w[j]! + alpha * (sub[i]! - w[j]!);
      }
      if (justAdded >= 0 && alpha <= 1e-12) {
        const i = active.indexOf(justAdded);
        if (i >= 0 && sub[i]! <= 0) blocked[justAdded] = 1;
      }
      justAdded = -1;
      const kept: number[] = [];
      for (let i = 0; i < active.length; i++) {
        const j = active[i]!;
        // Only the blocking columns (heading below zero) leave; columns still rising stay.
        if (sub[i]! <= 0 && w[j]! <= 1e-12) {
          w[j] = 0;
          free[j] = 0;
        } else kept.push(j);
      }
      if (kept.length === 0) {
        // Numerical corner case: fall back to the best vertex.
        const j = bestVertex(problem);
        kept.push(j);
        free[j] = 1;
        w[j] = 1;
      }
      active = kept;
      renormalise(w, active);
      iterations++;
      if (iterations > maxIterations) break;
    }
    // KKT: with g = ∇, all free g_j equal −ν; every fixed column needs g_j ≥ −ν.
    gradient(problem, w, active, resid, grad);
    let nu = 0;
    for (const j of active) nu -= grad[j]!;
    nu /= active.length;
    let worst = -1;
    let worstVal = 0;
    const scale = gradScale(grad, nu);
    for (let j = 0; j < J; j++) {
      if (free[j] || blocked[j]) continue;
      const mu = grad[j]! + nu;
      if (mu < -1e-10 * scale && mu < worstVal) {
        worstVal = mu;
        worst = j;
      }
    }
    if (worst < 0 || iterations > maxIterations) break;
    free[worst] = 1;
    justAdded = worst;
    active.push(worst);
    active.sort((x, y) => x - y);
    iterations++;
  }
  gradient(problem, w, active, resid, grad);
  let objective = ridge * dot(w, w);
  for (let r = 0; r < k; r++) objective += rho[r]! * resid[r]! * resid[r]!;
  const kkt = kktViolation(w, grad);
  if (!Number.isFinite(objective) || !Number.isFinite(kkt)) {
    // Entries, row weights and ridge are each in range, but together their products overflow.
    throw new DataError(
      'out-of-range',
      `${where}: the objective overflows (${objective}); rescale A and b, or use smaller rowWeights or ridge`,
    );
  }
  return {
    w: Float64Array.from(w),
    active: [...active],
    objective,
    kktViolation: kkt,
    iterations,
  };
}

/** Relative KKT violation of a simplex-constrained minimiser with gradient `grad`. */
export function kktViolation(w: ArrayLike<number>, grad: ArrayLike<number>): number {
  const J = w.length;
  let sum = 0;
  let n = 0;
  for (let j = 0; j < J; j++) {
    if (w[j]! > 0) {
      sum += grad[j]!;
      n++;
    }
  }
  const nu = n > 0 ? -sum / n : 0;
  const scale = gradScale(grad, nu);
  let worst = 0;
  for (let j = 0; j < J; j++) {
    const mu = grad[j]! + nu;
    // Free columns must have μ = 0; fixed columns μ ≥ 0; weights must be feasible.
    const v = w[j]! > 0 ? Math.abs(mu) : Math.max(0, -mu);
    if (v > worst) worst = v;
    if (w[j]! < 0) worst = Math.max(worst, -w[j]! * scale);
  }
  let total = 0;
  for (let j = 0; j < J; j++) total += w[j]!;
  worst = Math.max(worst, Math.abs(total - 1) * scale);
  return worst / scale;
}

function gradScale(grad: ArrayLike<number>, nu: number): number {
  let s = Math.abs(nu);
  for (let j = 0; j < grad.length; j++) s = Math.max(s, Math.abs(grad[j]!));
  return s > 0 ? s : 1;
}

/** Gradient of Σρ(b − Aw)² + δ‖w‖² (without the factor 2); fills `resid` = b − Aw (w lives on `active`). */
function gradient(
  problem: SimplexProblem,
  w: Float64Array,
  active: readonly number[],
  resid: Float64Array,
  grad: Float64Array,
): void {
  const { A, k, J, b, rho, ridge } = problem;
  for (let r = 0; r < k; r++) {
    let s = b[r]!;
    const off = r * J;
    for (const j of active) s -= A[off + j]! * w[j]!;
    resid[r] = s;
  }
  for (let j = 0; j < J; j++) grad[j] = ridge * w[j]!;
  for (let r = 0; r < k; r++) {
    const rr = rho[r]! * resid[r]!;
    if (rr === 0) continue;
    const off = r * J;
    for (let j = 0; j < J; j++) grad[j] = grad[j]! - A[off + j]! * rr;
  }
}

function vertexObjective(problem: SimplexProblem, j: number): number {
  const { A, k, J, b, rho, ridge } = problem;
  let s = ridge;
  for (let r = 0; r < k; r++) {
    const d = b[r]! - A[r * J + j]!;
    s += rho[r]! * d * d;
  }
  return s;
}

/** The column (among `among`, else among all) whose vertex has the smallest objective; the first on ties. */
function bestVertex(problem: SimplexProblem, among?: readonly number[]): number {
  const n = among ? among.length : problem.J;
  let best = among ? among[0]! : 0;
  let bestVal = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const j = among ? among[i]! : i;
    const v = vertexObjective(problem, j);
    if (v < bestVal) {
      bestVal = v;
      best = j;
    }
  }
  return best;
}

function renormalise(w: Float64Array, active: readonly number[]): void {
  let s = 0;
  for (const j of active) s += w[j]!;
  if (s > 0) for (const j of active) w[j] = w[j]! / s;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * Minimise ‖b − A_F u‖² + δ‖u‖² subject to Σu = 1 on the free columns F. The constraint is
 * eliminated (u_last = 1 − Σ others) and the remaining least-squares problem, with the ridge as
 * extra rows, is solved by Householder QR: this avoids squaring the condition number, which
 * matters when the free donors are nearly affinely dependent and only δ separates them.
 */
export function solveOnFree(
  problem: SimplexProblem,
  active: readonly number[],
  ws?: SimplexWorkspace,
): Float64Array {
  const { A, k, J, b, rho, ridge } = problem;
  const n = active.length;
  const u = ws ? ws.sub : new Float64Array(n);
  if (n === 1) {
    u[0] = 1;
    return u;
  }
  const p = n - 1;
  const last = active[p]!;
  const sr = Math.sqrt(ridge);
  const m = k + n;
  // Column-major m × p design and right-hand side.
  const M = ws ? ws.qr : new Float64Array(m * p);
  const y = ws ? ws.rhs : new Float64Array(m);
  M.fill(0, 0, m * p);
  y.fill(0, 0, m);
  for (let r = 0; r < k; r++) {
    const off = r * J;
    const sw = Math.sqrt(rho[r]!);
    const aLast = A[off + last]!;
    y[r] = sw * (b[r]! - aLast);
    for (let c = 0; c < p; c++) M[c * m + r] = sw * (A[off + active[c]!]! - aLast);
  }
  for (let c = 0; c < p; c++) {
    M[c * m + k + c] = sr;
    M[c * m + k + p] = -sr;
  }
  y[k + p] = -sr;
  const z = householderLeastSquares(
    M,
    y,
    m,
    p,
    ws ? ws.diag : new Float64Array(p),
    ws ? ws.sol : new Float64Array(p),
  );
  let rest = 1;
  for (let c = 0; c < p; c++) {
    u[c] = z[c]!;
    rest -= z[c]!;
  }
  u[p] = rest;
  return u;
}
