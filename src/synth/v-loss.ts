import { choleskyFactorSolve, choleskyInPlace } from '../linalg/symmetric.js';
import { type SimplexWorkspace, simplexLeastSquares, simplexWorkspace } from './simplex-least-squares.js';

/**
 * The nested synthetic-control problem in standardised form: predictors X1 (k), X0 (k × J,
 * row-major), pre-period outcomes Z1 (T), Z0 (T × J, row-major).
 */
export interface SynthProblem {
  readonly k: number;
  readonly J: number;
  readonly T: number;
  readonly X1: Float64Array;
  readonly X0: Float64Array;
  readonly Z1: Float64Array;
  readonly Z0: Float64Array;
}

/** Inner solution for one V: weights, the outer loss (pre-period MSPE) and the predictor loss. */
export interface InnerSolution {
  readonly w: Float64Array;
  readonly active: readonly number[];
  /** Pre-period MSPE of the outcome, (Z1 − Z0 w)'(Z1 − Z0 w)/T: the loss V is chosen to minimise. */
  readonly lossV: number;
  /** Predictor loss (X1 − X0 w)'V(X1 − X0 w). */
  readonly lossW: number;
  readonly kktViolation: number;
}

/** Relative size of the tie-breaking ridge in the inner problem (see {@link solveW}). */
export const RIDGE = 1e-10;

/**
 * Solve the inner problem W*(V) = argmin (X1 − X0 w)'V(X1 − X0 w) + δ‖w‖² on the simplex.
 * δ = 1e-10 × mean of diag(X0'VX0) only breaks ties: when several W fit the predictors equally
 * well (treated unit inside the donors' hull), it selects the minimum-norm one, which makes the
 * answer unique and independent of donor order.
 */
export function solveW(p: SynthProblem, v: ArrayLike<number>, start?: readonly number[]): InnerSolution {
  const { k, J, X0, X1 } = p;
  const ridge = ridgeFor(p, v);
  let workspace = workspaces.get(p);
  if (!workspace) {
    workspace = simplexWorkspace(k, J);
    workspaces.set(p, workspace);
  }
  const sol = simplexLeastSquares(
    X0,
    k,
    J,
    X1,
    start ? { ridge, start, rowWeights: v, workspace } : { ridge, rowWeights: v, workspace },
  );
  const lossW = sol.objective - ridge * sumSq(sol.w);
  return {
    w: sol.w,
    active: sol.active,
    lossV: outcomeLoss(p, sol.w, sol.active),
    lossW,
    kktViolation: sol.kktViolation,
  };
}

// Per-problem caches: row sums of squares and solver scratch buffers (keyed weakly, never shared).
const rowSquares = new WeakMap<SynthProblem, Float64Array>();
const workspaces = new WeakMap<SynthProblem, SimplexWorkspace>();

/** δ = 1e-10 × mean of diag(X0'VX0). */
function ridgeFor(p: SynthProblem, v: ArrayLike<number>): number {
  let sq = rowSquares.get(p);
  if (!sq) {
    sq = new Float64Array(p.k);
    for (let r = 0; r < p.k; r++) {
      let s = 0;
      for (let j = 0; j < p.J; j++) s += p.X0[r * p.J + j]! ** 2;
      sq[r] = s;
    }
    rowSquares.set(p, sq);
  }
  let diag = 0;
  for (let r = 0; r < p.k; r++) diag += Math.max(v[r]!, 0) * sq[r]!;
  return (RIDGE * diag) / p.J;
}

/** Pre-period MSPE of the outcome for weights w. */
export function outcomeLoss(p: SynthProblem, w: ArrayLike<number>, active?: readonly number[]): number {
  const { T, J, Z0, Z1 } = p;
  const cols = active ?? Array.from({ length: J }, (_, j) => j);
  let s = 0;
  for (let t = 0; t < T; t++) {
    let d = Z1[t]!;
    const off = t * J;
    for (const j of cols) d -= Z0[off + j]! * w[j]!;
    s += d * d;
  }
  return s / T;
}

function sumSq(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return s;
}

/**
 * Gradient of the outer loss L(V) = MSPE(W*(V)) with respect to the diagonal of V, holding the
 * active set fixed (L is smooth inside each active-set region). With F the free donors,
 * M the constrained inverse of H_FF = X0_F'VX0_F + δI, γ = ∂L/∂w_F = −(2/T) Z0_F'(Z1 − Z0 w) and
 * r = X1 − X0 w: ∂L/∂v_m = r_m · X0_{m,F} · (M γ).
 */
export function lossGradient(p: SynthProblem, v: ArrayLike<number>, sol: InnerSolution): Float64Array {
  const { k, J, T, X0, X1, Z0, Z1 } = p;
  const F = sol.active;
  const n = F.length;
  const w = sol.w;
  const g = new Float64Array(k);
  if (n <= 1) return g; // a single donor: W does not move locally
  const H = new Float64Array(n * n);
  for (let r = 0; r < k; r++) {
    const vr = Math.max(v[r]!, 0);
    const off = r * J;
    for (let a = 0; a < n; a++) {
      const xa = X0[off + F[a]!]! * vr;
      if (xa === 0) continue;
      for (let c = 0; c <= a; c++) H[a * n + c] = H[a * n + c]! + xa * X0[off + F[c]!]!;
    }
  }
  const ridge = ridgeFor(p, v);
  let trace = 0;
  for (let a = 0; a < n; a++) trace += H[a * n + a]!;
  const jitter = ridge + 1e-13 * (trace / n || 1);
  for (let a = 0; a < n; a++) H[a * n + a] = H[a * n + a]! + jitter;
  choleskyInPlace(H, n);
  const gamma = new Float64Array(n);
  for (let t = 0; t < T; t++) {
    let e = Z1[t]!;
    const off = t * J;
    for (const j of F) e -= Z0[off + j]! * w[j]!;
    const c = (-2 / T) * e;
    for (let a = 0; a < n; a++) gamma[a] = gamma[a]! + c * Z0[off + F[a]!]!;
  }
  // M γ = H⁻¹γ − H⁻¹1 (1'H⁻¹γ)/(1'H⁻¹1)
  const hg = choleskyFactorSolve(H, n, gamma);
  const h1 = choleskyFactorSolve(H, n, new Float64Array(n).fill(1));
  let s1 = 0;
  let s2 = 0;
  for (let a = 0; a < n; a++) {
    s1 += hg[a]!;
    s2 += h1[a]!;
  }
  const ratio = s1 / s2;
  const mg = new Float64Array(n);
  for (let a = 0; a < n; a++) mg[a] = hg[a]! - ratio * h1[a]!;
  for (let r = 0; r < k; r++) {
    const off = r * J;
    let resid = X1[r]!;
    for (const j of F) resid -= X0[off + j]! * w[j]!;
    let s = 0;
    for (let a = 0; a < n; a++) s += X0[off + F[a]!]! * mg[a]!;
    g[r] = resid * s;
  }
  return g;
}
