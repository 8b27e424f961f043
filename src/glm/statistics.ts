import { logChoose } from '../internal/distributions.js';
import { symmetriseFromLower } from '../linalg/symmetric.js';
import { maxRowEntries, rowEntries } from './design.js';
import type { Family } from './family.js';
import type { EngineData } from './irls.js';

/** Per-fit quantities from one pass at the final β: meat matrices, Pearson χ², log-likelihood. */
export interface FinalStatistics {
  /** Σ sᵢsᵢ' with sᵢ = xᵢ·wᵢ(yᵢ − μᵢ)μ'(ηᵢ)/V(μᵢ) (sandwich's estfun without the dispersion). */
  readonly meat: Float64Array;
  /** Σ_g S_g S_g' over clusters, or null. */
  readonly meatCluster: Float64Array | null;
  readonly pearson: number;
  /** Binomial log-likelihood (R's dbinom convention), or the Gaussian one; null for quasi families. */
  readonly logLik: number | null;
  readonly sumWeights: number;
  readonly weightedMeanY: number;
  readonly sumLogWeights: number;
}

/** One pass at the converged β computing everything the variance estimators and `glance()` need. */
export function finalStatistics(
  data: EngineData,
  family: Family,
  beta: Float64Array,
  cluster: Int32Array | null,
  nClusters: number,
): FinalStatistics {
  const { design, y, weights, offset, colMap, p } = data;
  const meat = new Float64Array(p * p);
  const clusterSums = cluster ? new Float64Array(nClusters * p) : null;
  const cols = new Int32Array(maxRowEntries(design));
  const vals = new Float64Array(cols.length);
  let pearson = 0;
  let ll = 0;
  let sumW = 0;
  let sumWy = 0;
  let sumLogW = 0;
  let rss = 0;
  for (let i = 0; i < design.n; i++) {
    const w0 = weights ? weights[i]! : 1;
    const k = rowEntries(design, i, cols, vals, colMap);
    if (w0 === 0) continue;
    const yi = y[i]!;
    let eta = offset ? offset[i]! : 0;
    for (let a = 0; a < k; a++) eta += vals[a]! * beta[cols[a]!]!;
    const mu = family.linkinv(eta);
    const v = family.variance(mu);
    const res = yi - mu;
    sumW += w0;
    sumWy += w0 * yi;
    sumLogW += Math.log(w0);
    pearson += (w0 * res * res) / v;
    rss += w0 * res * res;
    if (family.rFamily === 'binomial') {
      const size = Math.round(w0);
      const succ = Math.round(w0 * yi);
      ll +=
        logChoose(size, succ) +
        (succ > 0 ? succ * Math.log(mu) : 0) +
        (size - succ > 0 ? (size - succ) * Math.log(1 - mu) : 0);
    }
    const s = (w0 * res * family.muEta(eta)) / v;
    for (let a = 0; a < k; a++) {
      const ca = cols[a]!;
      const sa = s * vals[a]!;
      const row = ca * p;
      for (let b = 0; b <= a; b++) meat[row + cols[b]!] += sa * s * vals[b]!;
      if (clusterSums) clusterSums[cluster![i]! * p + ca] += sa;
    }
  }
  symmetriseFromLower(meat, p);
  let meatCluster: Float64Array | null = null;
  if (clusterSums) {
    meatCluster = new Float64Array(p * p);
    for (let g = 0; g < nClusters; g++) {
      const off = g * p;
      for (let a = 0; a < p; a++) {
        const sa = clusterSums[off + a]!;
        if (sa === 0) continue;
        for (let b = 0; b < p; b++) meatCluster[a * p + b] += sa * clusterSums[off + b]!;
      }
    }
  }
  let logLik: number | null = null;
  if (family.rFamily === 'binomial') logLik = ll;
  else if (family.rFamily === 'gaussian') {
    const nobs = countPositive(weights, design.n);
    logLik = -0.5 * nobs * (Math.log((2 * Math.PI * rss) / nobs) + 1) + 0.5 * sumLogW;
  }
  return {
    meat,
    meatCluster,
    pearson,
    logLik,
    sumWeights: sumW,
    weightedMeanY: sumWy / sumW,
    sumLogWeights: sumLogW,
  };
}

function countPositive(weights: ArrayLike<number> | null, n: number): number {
  if (!weights) return n;
  let c = 0;
  for (let i = 0; i < n; i++) if (weights[i]! > 0) c++;
  return c;
}

/**
 * Deviance of the null model: intercept only (fitted by Fisher scoring when there is an
 * offset, as R does) or, without an intercept, μ = linkinv(offset).
 */
export function nullDeviance(
  family: Family,
  y: ArrayLike<number>,
  weights: ArrayLike<number> | null,
  offset: ArrayLike<number> | null,
  intercept: boolean,
  weightedMeanY: number,
): number {
  const n = y.length;
  const dev = (muOf: (i: number) => number) => {
    let d = 0;
    for (let i = 0; i < n; i++) {
      const w = weights ? weights[i]! : 1;
      if (w > 0) d += family.deviance(y[i]!, muOf(i), w);
    }
    return d;
  };
  if (!intercept) return dev((i) => family.linkinv(offset ? offset[i]! : 0));
  if (!offset) return dev(() => weightedMeanY);
  let b = family.linkfun(Math.min(Math.max(weightedMeanY, 1e-6), 1 - 1e-6));
  if (family.link === 'identity') b = weightedMeanY;
  for (let iter = 0; iter < 100; iter++) {
    let num = 0;
    let den = 0;
    for (let i = 0; i < n; i++) {
      const w0 = weights ? weights[i]! : 1;
      if (w0 === 0) continue;
      const eta = b + offset[i]!;
      const mu = family.linkinv(eta);
      const me = family.muEta(eta);
      const v = family.variance(mu);
      num += (w0 * (y[i]! - mu) * me) / v;
      den += (w0 * me * me) / v;
    }
    const step = num / den;
    b += step;
    if (Math.abs(step) < 1e-12 * (1 + Math.abs(b))) break;
  }
  return dev((i) => family.linkinv(b + offset[i]!));
}
