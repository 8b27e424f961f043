import { bfgs, nelderMead } from './minimise.js';
import { type InnerSolution, lossGradient, type SynthProblem, solveW } from './v-loss.js';

/** Which deterministic starting points the V search uses. */
export type VStarts = 'standard' | 'extended';

/** One starting point of the V search and where its local search ended. */
export interface VSearchStart {
  /** `'equal'`, `'regression'`, `'emphasise:<predictor>'` or `'mostly:<predictor>'`. */
  readonly name: string;
  /** Pre-period MSPE reached from this start. */
  readonly loss: number;
  /** Objective evaluations spent on this start. */
  readonly evaluations: number;
  /** Whether this start reached the best loss (within `tolerance`). */
  readonly reachedBest: boolean;
}

/** Outcome of the nested V search. */
export interface VSearchResult {
  readonly v: Float64Array;
  readonly solution: InnerSolution;
  /** Best pre-period MSPE found (the loss V minimises). */
  readonly loss: number;
  readonly starts: readonly VSearchStart[];
  /** Number of starts whose loss is within `tolerance` (relative) of the best. */
  readonly startsAtBest: number;
  /** Relative tolerance used to count starts at the best loss. */
  readonly tolerance: number;
  readonly evaluations: number;
}

const REACHED_TOLERANCE = 1e-4;

/**
 * Search the diagonal V (on the simplex) that minimises the pre-period MSPE of the synthetic
 * control, W being the exact inner solution for each V. V is parametrised as v = θ²/Σθ², so
 * predictors can drop out (v_m = 0) at a smooth point. Every start runs BFGS with the analytic
 * gradient (restarted while it still improves, to get past the kinks where the inner active set
 * changes); the three best end points are then polished by Nelder–Mead and BFGS. Starts:
 * equal weights; the regression-based V of R Synth; for every predictor one start that gives it
 * half the weight (`emphasise`) and, with `'extended'`, one that gives it 99 % (`mostly`).
 */
export function searchV(
  p: SynthProblem,
  names: readonly string[],
  starts: VStarts = 'extended',
): VSearchResult {
  const k = p.k;
  let warm: readonly number[] | undefined;
  let evaluations = 0;
  const v = new Float64Array(k);
  const objective = (theta: Float64Array, grad: Float64Array | null): number => {
    let S = 0;
    for (let i = 0; i < k; i++) S += theta[i]! * theta[i]!;
    if (!(S > 0)) {
      grad?.fill(0);
      return Number.POSITIVE_INFINITY;
    }
    for (let i = 0; i < k; i++) v[i] = (theta[i]! * theta[i]!) / S;
    evaluations++;
    const sol = solveW(p, v, warm);
    warm = sol.active;
    if (grad) {
      const gv = lossGradient(p, v, sol);
      let mean = 0;
      for (let i = 0; i < k; i++) mean += v[i]! * gv[i]!;
      for (let i = 0; i < k; i++) grad[i] = ((2 * theta[i]!) / S) * (gv[i]! - mean);
    }
    return sol.lossV;
  };

  const startPoints = startingPoints(p, names, starts);
  const ends: { name: string; theta: Float64Array; loss: number; evaluations: number }[] = [];
  for (const [name, v0] of startPoints) {
    const before = evaluations;
    const { theta, loss } = descend(objective, Float64Array.from(v0, Math.sqrt));
    ends.push({ name, theta, loss, evaluations: evaluations - before });
  }
  // Polish the three best end points across active-set kinks.
  const order = ends.map((_, i) => i).sort((a, b) => ends[a]!.loss - ends[b]!.loss || a - b);
  for (const i of order.slice(0, 3)) {
    const e = ends[i]!;
    const before = evaluations;
    const nm = nelderMead((x) => objective(x, null), e.theta, {
      maxEvaluations: 50 * k,
      step: 0.1 * rms(e.theta),
      tolerance: 1e-10,
    });
    let theta = e.theta;
    let loss = e.loss;
    if (nm.value < loss) {
      const again = descend(objective, nm.x);
      theta = again.loss < nm.value ? again.theta : nm.x;
      loss = Math.min(again.loss, nm.value);
    }
    ends[i] = { name: e.name, theta, loss, evaluations: e.evaluations + evaluations - before };
  }
  let best = 0;
  for (let i = 1; i < ends.length; i++) if (ends[i]!.loss < ends[best]!.loss) best = i;
  const bestLoss = ends[best]!.loss;
  const theta = ends[best]!.theta;
  let S = 0;
  for (let i = 0; i < k; i++) S += theta[i]! * theta[i]!;
  const vBest = Float64Array.from(theta, (t) => (t * t) / S);
  const solution = solveW(p, vBest);
  const limit = bestLoss * (1 + REACHED_TOLERANCE) + 1e-300;
  const startResults = ends.map((e) => ({
    name: e.name,
    loss: e.loss,
    evaluations: e.evaluations,
    reachedBest: e.loss <= limit,
  }));
  return {
    v: vBest,
    solution,
    loss: solution.lossV,
    starts: startResults,
    startsAtBest: startResults.filter((s) => s.reachedBest).length,
    tolerance: REACHED_TOLERANCE,
    evaluations,
  };
}

function rms(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s / x.length) || 1;
}

/** BFGS, restarted from its end point (fresh Hessian) while that still lowers the loss. */
function descend(
  objective: (theta: Float64Array, grad: Float64Array | null) => number,
  theta0: Float64Array,
): { theta: Float64Array; loss: number } {
  let theta = theta0;
  let loss = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round++) {
    const r = bfgs(objective, theta, { maxIterations: 50, tolerance: 1e-7, maxStep: 1 });
    if (!(r.value < loss * (1 - 1e-12))) {
      if (r.value < loss) {
        theta = r.x;
        loss = r.value;
      }
      break;
    }
    theta = r.x;
    loss = r.value;
  }
  return { theta, loss };
}

/** The deterministic starting points (as V on the simplex), in a fixed order. */
function startingPoints(
  p: SynthProblem,
  names: readonly string[],
  starts: VStarts,
): [string, Float64Array][] {
  const k = p.k;
  const out: [string, Float64Array][] = [['equal', new Float64Array(k).fill(1 / k)]];
  const reg = regressionV(p);
  if (reg) out.push(['regression', reg]);
  for (let m = 0; m < k; m++) {
    const v = new Float64Array(k).fill(0.5 / k);
    v[m] = v[m]! + 0.5;
    out.push([`emphasise:${names[m]}`, v]);
  }
  if (starts === 'extended') {
    for (let m = 0; m < k; m++) {
      const v = new Float64Array(k).fill(0.01 / k);
      v[m] = v[m]! + 0.99;
      out.push([`mostly:${names[m]}`, v]);
    }
  }
  return out;
}

/**
 * R Synth's regression-based starting V: regress the pre-period outcomes of all units on an
 * intercept and the standardised predictors; v_m ∝ Σ_t β_mt². `null` when X'X is singular.
 */
export function regressionV(p: SynthProblem): Float64Array | null {
  const { k, J, T } = p;
  const K = k + 1;
  const n = J + 1;
  if (n < K) return null;
  const xtx = new Float64Array(K * K);
  const xtz = new Float64Array(K * T);
  const row = new Float64Array(K);
  for (let u = 0; u < n; u++) {
    row[0] = 1;
    for (let m = 0; m < k; m++) row[m + 1] = u === 0 ? p.X1[m]! : p.X0[m * J + u - 1]!;
    for (let a = 0; a < K; a++) {
      for (let c = 0; c < K; c++) xtx[a * K + c] = xtx[a * K + c]! + row[a]! * row[c]!;
      for (let t = 0; t < T; t++) {
        const z = u === 0 ? p.Z1[t]! : p.Z0[t * J + u - 1]!;
        xtz[a * T + t] = xtz[a * T + t]! + row[a]! * z;
      }
    }
  }
  const beta = solveGauss(xtx, xtz, K, T);
  if (!beta) return null;
  const v = new Float64Array(k);
  let total = 0;
  for (let m = 0; m < k; m++) {
    let s = 0;
    for (let t = 0; t < T; t++) s += beta[(m + 1) * T + t]! ** 2;
    v[m] = s;
    total += s;
  }
  if (!(total > 0) || !Number.isFinite(total)) return null;
  for (let m = 0; m < k; m++) v[m] = v[m]! / total;
  // A predictor with exactly zero starting weight could never re-enter under v = θ²/Σθ².
  for (let m = 0; m < k; m++) v[m] = Math.max(v[m]!, 1e-6);
  return v;
}

/** Gaussian elimination with partial pivoting; `null` when the matrix is numerically singular. */
function solveGauss(A: Float64Array, B: Float64Array, n: number, m: number): Float64Array | null {
  const a = Float64Array.from(A);
  const b = Float64Array.from(B);
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(a[i * n + i]!));
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]!) > Math.abs(a[piv * n + c]!)) piv = r;
    if (Math.abs(a[piv * n + c]!) <= 1e-12 * scale) return null;
    if (piv !== c) {
      for (let q = 0; q < n; q++) [a[c * n + q], a[piv * n + q]] = [a[piv * n + q]!, a[c * n + q]!];
      for (let q = 0; q < m; q++) [b[c * m + q], b[piv * m + q]] = [b[piv * m + q]!, b[c * m + q]!];
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r * n + c]! / a[c * n + c]!;
      if (f === 0) continue;
      for (let q = c; q < n; q++) a[r * n + q] = a[r * n + q]! - f * a[c * n + q]!;
      for (let q = 0; q < m; q++) b[r * m + q] = b[r * m + q]! - f * b[c * m + q]!;
    }
  }
  for (let r = 0; r < n; r++) for (let q = 0; q < m; q++) b[r * m + q] = b[r * m + q]! / a[r * n + r]!;
  return b;
}
