import { ConvergenceError } from '../errors.js';
import { choleskyScaled, choleskySolve, symmetriseFromLower } from '../linalg/symmetric.js';
import { type Design, maxRowEntries, rowEntries } from './design.js';
import type { Family } from './family.js';

/** What the engine needs besides the design. */
export interface EngineData {
  readonly design: Design;
  readonly y: ArrayLike<number>;
  /** Prior weights (R `glm` semantics); null = all 1. */
  readonly weights: ArrayLike<number> | null;
  readonly offset: ArrayLike<number> | null;
  /** Map from full design columns to estimated ones (−1 = aliased, dropped); null = identity. */
  readonly colMap: Int32Array | null;
  /** Number of estimated columns. */
  readonly p: number;
}

export interface EngineOptions {
  readonly family: Family;
  readonly maxIterations: number;
  /** R's criterion: |dev − dev_old| / (|dev| + 0.1) < epsilon. */
  readonly epsilon: number;
}

/** One pass over the data at a given β: deviance and the weighted cross-products for the next step. */
interface Pass {
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
}

const BOUNDARY = 1e-8;

/**
 * One pass: for every row compute η = Xβ + offset (or the family's starting value when
 * `beta` is null), μ, the deviance contribution, the IRLS working weight and response,
 * and add them into X'WX (lower triangle) and X'Wz.
 */
export function irlsPass(data: EngineData, family: Family, beta: Float64Array | null): Pass {
  const { design, y, weights, offset, colMap, p } = data;
  const xtwx = new Float64Array(p * p);
  const xtwz = new Float64Array(p);
  const cols = new Int32Array(maxRowEntries(design));
  const vals = new Float64Array(cols.length);
  const binomialLike = family.link !== 'identity';
  let deviance = 0;
  let boundaryRows = 0;
  for (let i = 0; i < design.n; i++) {
    const w0 = weights ? weights[i]! : 1;
    const k = rowEntries(design, i, cols, vals, colMap);
    if (w0 === 0) continue;
    const yi = y[i]!;
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
    const z = eta - (offset ? offset[i]! : 0) + (yi - mu) / me;
    const wz = w * z;
    for (let a = 0; a < k; a++) {
      const ca = cols[a]!;
      const wa = w * vals[a]!;
      xtwz[ca] += wz * vals[a]!;
      const row = ca * p;
      for (let b = 0; b <= a; b++) xtwx[row + cols[b]!] += wa * vals[b]!;
    }
  }
  symmetriseFromLower(xtwx, p);
  return { deviance, xtwx, xtwz, boundaryRows };
}

function solveStep(pass: Pass, p: number): Float64Array | null {
  const f = choleskyScaled(pass.xtwx, p, 1e-13);
  if (f.aliased.length > 0) return null;
  return choleskySolve(f, pass.xtwz);
}

/**
 * Iteratively reweighted least squares (Fisher scoring), one data pass per iteration.
 * Starts from the family's μ-start as R's `glm.fit` does, halves the step when the
 * deviance is not finite or rises, and stops on R's relative-deviance criterion.
 */
export function runIrls(
  data: EngineData,
  options: EngineOptions,
): EngineResult & { history: Float64Array[] } {
  const { family, maxIterations, epsilon } = options;
  const { p } = data;
  let pass = irlsPass(data, family, null);
  let devOld = pass.deviance;
  let beta: Float64Array | null = null;
  const history: Float64Array[] = [];
  let lastChange = Number.POSITIVE_INFINITY;
  for (let iter = 1; iter <= maxIterations; iter++) {
    let next = solveStep(pass, p);
    if (!next) {
      throw new ConvergenceError(
        iter,
        lastChange,
        `IRLS iteration ${iter}: the weighted cross-product matrix became singular (working weights collapsed to 0); check for separation or extreme values`,
      );
    }
    let trial = irlsPass(data, family, next);
    let halvings = 0;
    while (beta && (!Number.isFinite(trial.deviance) || trial.deviance > devOld * (1 + 1e-12) + 1e-12)) {
      if (++halvings > 30) break;
      const prev: Float64Array = beta;
      const half: Float64Array = next.map((b, j) => 0.5 * (b + prev[j]!));
      next = half;
      trial = irlsPass(data, family, next);
    }
    if (!Number.isFinite(trial.deviance)) {
      throw new ConvergenceError(
        iter,
        lastChange,
        `IRLS iteration ${iter}: the deviance is not finite even after step halving`,
      );
    }
    const step = beta ? relativeStep(next, beta) : Number.POSITIVE_INFINITY;
    beta = next;
    history.push(beta);
    pass = trial;
    lastChange = Math.abs(trial.deviance - devOld) / (Math.abs(trial.deviance) + 0.1);
    devOld = trial.deviance;
    // R stops on the deviance alone; Fisher scoring with a non-canonical link (probit) converges
    // linearly, so we also require the coefficients to have settled.
    if (lastChange < epsilon && step < epsilon) {
      return {
        beta,
        deviance: trial.deviance,
        xtwx: trial.xtwx,
        iterations: iter,
        converged: true,
        lastChange,
        boundaryRows: trial.boundaryRows,
        history,
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
    history,
  };
}

/** Largest coefficient change relative to the coefficient's size (floored so values near 0 compare absolutely). */
function relativeStep(next: Float64Array, prev: Float64Array): number {
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
  data: EngineData,
  family: Family,
  beta: Float64Array,
  columnScale: Float64Array,
  steps = 6,
): number[] {
  let b = beta;
  const moves = new Float64Array(data.p);
  for (let s = 0; s < steps; s++) {
    const pass = irlsPass(data, family, b);
    const next = solveStep(pass, data.p);
    if (!next) break;
    for (let j = 0; j < data.p; j++) moves[j] = Math.abs(next[j]! - b[j]!) * columnScale[j]!;
    b = next;
  }
  const out: number[] = [];
  for (let j = 0; j < data.p; j++) if (moves[j]! > 0.05) out.push(j);
  return out;
}
