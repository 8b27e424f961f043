import { ConvergenceError } from '../errors.js';
import { progressChannel } from '../internal/platform.js';
import { choleskyScaled, choleskySolve } from '../linalg/symmetric.js';
import type { Family } from './family.js';
import { type PackedDesign, packedRowEntries } from './packed-design.js';
import type { FinalSums } from './parallel.js';

/** What the engine needs: the packed design and the row data as Float64Arrays. */
export interface EngineData {
  readonly design: PackedDesign;
  readonly y: Float64Array;
  /** Prior weights (R `glm` semantics); null = all 1. */
  readonly weights: Float64Array | null;
  readonly offset: Float64Array | null;
  /** Number of estimated columns (= design.p). */
  readonly p: number;
}

/**
 * One message per IRLS iteration, `{ iteration, deviance, change }`, for progress displays (the CLI's
 * `fit`); publishing costs nothing while nobody subscribes. @internal
 */
export const irlsProgress = progressChannel('verdeelmodel:irls');

/** Runs one full data pass at β (single-threaded, or split over worker threads). */
export type PassRunner = (beta: Float64Array | null) => Pass;

export interface EngineOptions {
  readonly family: Family;
  /** The pass implementation. @default irlsPass on this thread */
  readonly runner?: PassRunner;
  /** Starting coefficients (a warm start, e.g. from a subsample); null starts from μ-start as R does. */
  readonly start?: Float64Array | null;
  /** The pass at `start`, when the caller already ran it. */
  readonly firstPass?: Pass;
  /**
   * A pass that also gathers the final statistics, used once the steps are small so that the
   * converging pass already holds them (no extra pass after convergence).
   */
  readonly speculative?: (beta: Float64Array) => Pass & { final: FinalSums | null };
  /**
   * Canonical link (logit, identity): Newton steps converge quadratically, so a relative
   * coefficient step below 0.1·√epsilon (1e-6 by default) leaves an error of order
   * 0.01·epsilon and the fit can stop there.
   */
  readonly canonical?: boolean;
  /**
   * A pass that gathers only the score X'W(z − η + offset) (into `xtwz`) and the deviance, at
   * about half the cost of a full pass; see {@link QUASI_NEWTON_BELOW}.
   */
  readonly scoreRunner?: PassRunner;
  readonly maxIterations: number;
  /** R's criterion: |dev − dev_old| / (|dev| + 0.1) < epsilon. */
  readonly epsilon: number;
}

/** One pass over the data at a given β: deviance and the weighted cross-products for the next step. */
export interface Pass {
  readonly deviance: number;
  readonly xtwx: Float64Array;
  readonly xtwz: Float64Array;
  /** Rows whose fitted mean sits at the boundary of its range (0 or 1) and equals y there. */
  readonly boundaryRows: number;
}

export interface EngineResult {
  readonly beta: Float64Array;
  readonly deviance: number;
  /** X'WX at the converged β (the unscaled inverse of the bread). */
  readonly xtwx: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
  readonly lastChange: number;
  readonly boundaryRows: number;
  /** Final statistics gathered on the converging pass, when it was a speculative one. */
  readonly final: FinalSums | null;
}

const BOUNDARY = 1e-8;

/**
 * Relative step below which the next pass is expected to converge (Newton steps shrink
 * quadratically: a step of 5e-3 is followed by one of order 1e-5 to 1e-6), so that pass also
 * gathers the final statistics. A wrong guess costs half a pass; a missed one a whole pass.
 */
const SPECULATE_BELOW = 5e-3;

/**
 * Newton step below which the pass after it can be a cheap score-only one: a quasi-Newton step
 * from there with the X'WX just used lands within tolerance (the error left is about the
 * quasi-Newton step times the distance moved since that X'WX), and the final pass goes there.
 * When the step is not small enough, a full pass follows as usual (half a pass lost).
 */
const QUASI_NEWTON_BELOW = 1e-3;

/**
 * Make the accumulated matrix symmetric. Row entries are not column-sorted (ones come before
 * valued entries), so each unordered pair was added once into either triangle: S = A + A' off
 * the diagonal.
 */
export function foldPairs(a: Float64Array, p: number): void {
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < i; j++) {
      const s = a[i * p + j]! + a[j * p + i]!;
      a[i * p + j] = s;
      a[j * p + i] = s;
    }
  }
}

/**
 * One pass over rows [from, to): for every row compute η = Xβ + offset (or the family's
 * starting value when `beta` is null), μ, the deviance contribution, the IRLS working weight
 * and response, and add them into X'WX and X'Wz (unfolded; see {@link foldPairs}).
 */
export function irlsBlock(
  data: EngineData,
  family: Family,
  beta: Float64Array | null,
  from: number,
  to: number,
  xtwx: Float64Array,
  xtwz: Float64Array,
): { deviance: number; boundaryRows: number } {
  const { design, y, weights, offset, p } = data;
  const cols = new Int32Array(p + 1);
  const vals = new Float64Array(p + 1);
  const binomialLike = family.link !== 'identity';
  let deviance = 0;
  let boundaryRows = 0;
  for (let i = from; i < to; i++) {
    const w0 = weights ? weights[i]! : 1;
    if (w0 === 0) continue;
    const yi = y[i]!;
    const k = packedRowEntries(design, i, cols, vals);
    let eta: number;
    if (beta) {
      eta = offset ? offset[i]! : 0;
      for (let a = 0; a < k; a++) eta += vals[a]! * beta[cols[a]!]!;
    } else {
      eta = family.linkfun(family.mustart(yi, w0));
    }
    const mu = family.linkinv(eta);
    deviance += family.deviance(yi, mu, w0);
    if (binomialLike && ((mu < BOUNDARY && yi === 0) || (mu > 1 - BOUNDARY && yi === 1))) boundaryRows++;
    const me = family.muEta(eta);
    const w = (w0 * me * me) / family.variance(mu);
    const wz = w * (eta - (offset ? offset[i]! : 0) + (yi - mu) / me);
    for (let a = 0; a < k; a++) {
      const ca = cols[a]!;
      const va = vals[a]!;
      const wa = w * va;
      xtwz[ca]! += wz * va;
      const row = ca * p;
      for (let b = 0; b < a; b++) xtwx[row + cols[b]!]! += wa * vals[b]!;
      xtwx[row + ca]! += wa * va;
    }
  }
  return { deviance, boundaryRows };
}

/** A full pass (all rows, one thread). */
export function irlsPass(data: EngineData, family: Family, beta: Float64Array | null): Pass {
  const p = data.p;
  const xtwx = new Float64Array(p * p);
  const xtwz = new Float64Array(p);
  const r = irlsBlock(data, family, beta, 0, data.design.n, xtwx, xtwz);
  foldPairs(xtwx, p);
  return { ...r, xtwx, xtwz };
}

function solveStep(pass: Pass, p: number): Float64Array | null {
  const f = choleskyScaled(pass.xtwx, p, 1e-13);
  if (f.aliased.length > 0) return null;
  return choleskySolve(f, pass.xtwz);
}

/**
 * Iteratively reweighted least squares (Fisher scoring), one data pass per iteration.
 * Starts from the family's μ-start as R's `glm.fit` does (or from `start`), halves the step when the
 * deviance is not finite or rises, and stops on R's relative-deviance criterion.
 */
export function runIrls(data: EngineData, options: EngineOptions): EngineResult {
  const { family, maxIterations, epsilon } = options;
  const run: PassRunner = options.runner ?? ((b) => irlsPass(data, family, b));
  const { p } = data;
  let beta: Float64Array | null = options.start ?? null;
  let pass = options.firstPass ?? run(beta);
  let devOld = pass.deviance;
  let lastChange = Number.POSITIVE_INFINITY;
  let lastStep = Number.POSITIVE_INFINITY;
  // Coefficient tolerance: R's criterion, or for a canonical link (quadratic Newton steps) 0.1·√epsilon.
  const tol = options.canonical ? Math.max(epsilon, Math.sqrt(epsilon) * 0.1) : epsilon;
  for (let iter = 1; iter <= maxIterations; iter++) {
    // X'WX factored once: for the Newton step and, when taken, the quasi-Newton step after it.
    const factor = choleskyScaled(pass.xtwx, p, 1e-13);
    let next = factor.aliased.length > 0 ? null : choleskySolve(factor, pass.xtwz);
    if (!next) {
      throw new ConvergenceError(
        'no-convergence',
        `IRLS iteration ${iter}: the weighted cross-product matrix became singular (working weights collapsed to 0); check for separation or extreme values`,
        { iterations: iter, lastChange: lastChange },
      );
    }
    let trial: (Pass & { final?: FinalSums | null }) | null = null;
    const stepIn = beta ? relativeStep(next, beta) : Number.POSITIVE_INFINITY;
    if (
      options.scoreRunner &&
      options.speculative &&
      options.canonical &&
      stepIn < QUASI_NEWTON_BELOW &&
      stepIn >= tol
    ) {
      // Score-only pass at `next`, then a quasi-Newton step with this pass's X'WX; the final pass
      // goes there when that step is within tolerance and leaves an error below 0.1·epsilon.
      const score = options.scoreRunner(next);
      if (Number.isFinite(score.deviance) && score.deviance <= devOld * (1 + 1e-12) + 1e-12) {
        const delta = choleskySolve(factor, score.xtwz);
        const after = next.map((b, j) => b + delta[j]!);
        const qn = relativeStep(after, next);
        if (qn < tol && qn * stepIn < 0.1 * epsilon) {
          trial = options.speculative(after);
          beta = next;
          devOld = score.deviance;
          next = after;
        }
      }
    }
    // Once steps are small the next pass is likely the last: gather the final sums on it.
    trial ??= options.speculative && lastStep < SPECULATE_BELOW ? options.speculative(next) : run(next);
    let halvings = 0;
    while (beta && (!Number.isFinite(trial.deviance) || trial.deviance > devOld * (1 + 1e-12) + 1e-12)) {
      if (++halvings > 30) break;
      const prev: Float64Array = beta;
      const half: Float64Array = next.map((b, j) => 0.5 * (b + prev[j]!));
      next = half;
      trial = run(next);
    }
    if (!Number.isFinite(trial.deviance)) {
      throw new ConvergenceError(
        'no-convergence',
        `IRLS iteration ${iter}: the deviance is not finite even after step halving`,
        { iterations: iter, lastChange: lastChange },
      );
    }
    const step = beta ? relativeStep(next, beta) : Number.POSITIVE_INFINITY;
    lastStep = step;
    beta = next;
    pass = trial;
    lastChange = Math.abs(trial.deviance - devOld) / (Math.abs(trial.deviance) + 0.1);
    devOld = trial.deviance;
    if (irlsProgress.hasSubscribers)
      irlsProgress.publish({ iteration: iter, deviance: devOld, change: lastChange });
    // R stops on the deviance alone; Fisher scoring with a non-canonical link (probit) converges
    // linearly, so we also require the coefficients to have settled.
    if (lastChange < epsilon && step < tol) {
      return {
        beta,
        deviance: trial.deviance,
        xtwx: trial.xtwx,
        iterations: iter,
        converged: true,
        lastChange,
        boundaryRows: trial.boundaryRows,
        final: trial.final ?? null,
      };
    }
  }
  return {
    beta: beta!,
    deviance: pass.deviance,
    xtwx: pass.xtwx,
    iterations: maxIterations,
    converged: false,
    lastChange,
    boundaryRows: pass.boundaryRows,
    final: null,
  };
}

/** Largest coefficient change relative to the coefficient's size (floored so values near 0 compare absolutely). */
export function relativeStep(next: Float64Array, prev: Float64Array): number {
  let floor = 0;
  for (let j = 0; j < next.length; j++) floor = Math.max(floor, Math.abs(next[j]!));
  floor = Math.max(floor * 1e-3, 1e-8);
  let m = 0;
  for (let j = 0; j < next.length; j++)
    m = Math.max(m, Math.abs(next[j]! - prev[j]!) / (Math.abs(next[j]!) + floor));
  return m;
}

/**
 * Continue Fisher scoring a few steps past convergence and report which coefficients keep
 * moving: under separation the offending coefficients grow by about one unit of η per
 * step while the others stay put. Returns indices of diverging estimated columns.
 */
export function divergingColumns(
  run: PassRunner,
  p: number,
  beta: Float64Array,
  columnScale: Float64Array,
  steps = 6,
): number[] {
  let b = beta;
  const moves = new Float64Array(p);
  for (let s = 0; s < steps; s++) {
    const next = solveStep(run(b), p);
    if (!next) break;
    for (let j = 0; j < p; j++) moves[j] = Math.abs(next[j]! - b[j]!) * columnScale[j]!;
    b = next;
  }
  const out: number[] = [];
  for (let j = 0; j < p; j++) if (moves[j]! > 0.05) out.push(j);
  return out;
}
