import type { ClusterMeat } from '../inference/types.js';
import { logChoose } from '../internal/distributions.js';
import type { PatternStatistics } from './compress.js';
import type { Family } from './family.js';
import { type EngineData, foldPairs } from './irls.js';
import type { ClusterSet } from './model-frame.js';
import { packedRowEntries } from './packed-design.js';

/** Per-fit quantities from one pass at the final β: meat matrices, Pearson χ², deviance, log-likelihood. */
export interface FinalStatistics {
  /** Σ sᵢsᵢ' with sᵢ = xᵢ·wᵢ(yᵢ − μᵢ)μ'(ηᵢ)/V(μᵢ) (sandwich's estfun without the dispersion). */
  readonly meat: Float64Array;
  /** Score sums S_g per joint cluster (G × p, row-major), or null. */
  readonly clusterScores: Float64Array | null;
  readonly pearson: number;
  /** Σ wᵢ d(yᵢ, μᵢ) over the original rows (exact also when rows were compressed to patterns). */
  readonly deviance: number;
  /** Binomial log-likelihood (R's dbinom convention), or the Gaussian one; null for quasi families. */
  readonly logLik: number | null;
  /**
   * Deviance of the rows minus the deviance of one row per pattern with weight Σw and response
   * Σwy/Σw: a constant (it does not depend on μ), added to deviances computed on the patterns.
   */
  readonly devianceCorrection: number;
  readonly sumWeights: number;
  readonly weightedMeanY: number;
}

/** Row-level sufficient statistics: read from patterns, or computed from one row's y and w. */
interface RowSums {
  sw: number;
  swy: number;
  swy2: number;
  sw2: number;
  sw2y: number;
  sw2y2: number;
  swEntropy: number;
  logChoose: number;
  sRoundW: number;
  sRoundWY: number;
}

/** a·log(b), with 0·log(0) = 0. */
function timesLog(a: number, b: number): number {
  return a === 0 ? 0 : a * Math.log(b);
}

function xlogx(x: number): number {
  return x > 0 ? x * Math.log(x) : 0;
}

function fillRow(out: RowSums, y: number, w: number): void {
  out.sw = w;
  out.swy = w * y;
  out.swy2 = w * y * y;
  out.sw2 = w * w;
  out.sw2y = w * w * y;
  out.sw2y2 = w * w * y * y;
  out.swEntropy = w * (xlogx(y) + xlogx(1 - y));
  const rw = Math.round(w);
  const rwy = Math.round(w * y);
  out.logChoose = logChoose(rw, rwy);
  out.sRoundW = rw;
  out.sRoundWY = rwy;
}

function fillPattern(out: RowSums, p: PatternStatistics, g: number): void {
  out.sw = p.sw[g]!;
  out.swy = p.swy[g]!;
  out.swy2 = p.swy2[g]!;
  out.sw2 = p.sw2[g]!;
  out.sw2y = p.sw2y[g]!;
  out.sw2y2 = p.sw2y2[g]!;
  out.swEntropy = p.swEntropy[g]!;
  out.logChoose = p.logChoose[g]!;
  out.sRoundW = p.sRoundW[g]!;
  out.sRoundWY = p.sRoundWY[g]!;
}

/**
 * One pass at the converged β computing everything the variance estimators and `glance()`
 * need. With `patterns`, each design row stands for a group of identical rows and the sums
 * make every quantity equal to the one on the full data.
 */
export function finalStatistics(
  data: EngineData,
  family: Family,
  beta: Float64Array,
  cluster: Int32Array | null,
  nClusters: number,
  patterns: PatternStatistics | null,
  nobs: number,
): FinalStatistics {
  const { design, y, weights, offset, p } = data;
  const meat = new Float64Array(p * p);
  const clusterSums = cluster ? new Float64Array(nClusters * p) : null;
  const cols = new Int32Array(p + 1);
  const vals = new Float64Array(p + 1);
  const r: RowSums = {
    sw: 0,
    swy: 0,
    swy2: 0,
    sw2: 0,
    sw2y: 0,
    sw2y2: 0,
    swEntropy: 0,
    logChoose: 0,
    sRoundW: 0,
    sRoundWY: 0,
  };
  const binomial = family.rFamily !== 'gaussian';
  let pearson = 0;
  let deviance = 0;
  let grouped = 0;
  let ll = 0;
  let sumW = 0;
  let sumWy = 0;
  for (let i = 0; i < design.n; i++) {
    if (patterns) fillPattern(r, patterns, i);
    else fillRow(r, y[i]!, weights ? weights[i]! : 1);
    if (r.sw === 0) continue;
    const k = packedRowEntries(design, i, cols, vals);
    let eta = offset ? offset[i]! : 0;
    for (let a = 0; a < k; a++) eta += vals[a]! * beta[cols[a]!]!;
    const mu = family.linkinv(eta);
    const v = family.variance(mu);
    sumW += r.sw;
    sumWy += r.swy;
    // Σ w(y − μ)² and Σ w²(y − μ)² from the sums, so patterns need no per-row residuals.
    const wr2 = r.swy2 - 2 * mu * r.swy + mu * mu * r.sw;
    const w2r2 = r.sw2y2 - 2 * mu * r.sw2y + mu * mu * r.sw2;
    pearson += wr2 / v;
    if (binomial) {
      deviance += 2 * (r.swEntropy - timesLog(r.swy, mu) - timesLog(r.sw - r.swy, 1 - mu));
      const succ = r.sRoundWY;
      const fail = r.sRoundW - succ;
      ll += r.logChoose + (succ > 0 ? succ * Math.log(mu) : 0) + (fail > 0 ? fail * Math.log(1 - mu) : 0);
    } else {
      deviance += wr2;
    }
    if (patterns) grouped += family.deviance(r.swy / r.sw, mu, r.sw);
    const g = family.muEta(eta) / v;
    const m2 = g * g * w2r2;
    const s = g * (r.swy - mu * r.sw);
    for (let a = 0; a < k; a++) {
      const ca = cols[a]!;
      const row = ca * p;
      const va = vals[a]!;
      for (let b = 0; b <= a; b++) meat[row + cols[b]!]! += m2 * va * vals[b]!;
      if (clusterSums) clusterSums[cluster![i]! * p + ca]! += s * va;
    }
  }
  foldPairs(meat, p);
  let logLik: number | null = null;
  if (family.rFamily === 'binomial') logLik = ll;
  else if (family.rFamily === 'gaussian') {
    const sumLogW = patterns ? patterns.sumLogW : sumLogWeights(weights, design.n);
    logLik = -0.5 * nobs * (Math.log((2 * Math.PI * deviance) / nobs) + 1) + 0.5 * sumLogW;
  }
  const devianceCorrection = patterns ? deviance - grouped : 0;
  return {
    meat,
    clusterScores: clusterSums,
    pearson,
    deviance,
    logLik,
    devianceCorrection,
    sumWeights: sumW,
    weightedMeanY: sumWy / sumW,
  };
}

function sumLogWeights(weights: ArrayLike<number> | null, n: number): number {
  if (!weights) return 0;
  let s = 0;
  for (let i = 0; i < n; i++) if (weights[i]! > 0) s += Math.log(weights[i]!);
  return s;
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
  if (!offset) {
    // μ is the same on every row: for a 0/1 response two weight sums give the deviance (the
    // unit deviance times the prior weight), without a logarithm per row.
    let w0 = 0;
    let w1 = 0;
    let binary = true;
    for (let i = 0; i < n; i++) {
      const yi = y[i]!;
      const w = weights ? weights[i]! : 1;
      if (yi === 0) w0 += w;
      else if (yi === 1) w1 += w;
      else {
        binary = false;
        break;
      }
    }
    if (!binary) return dev(() => weightedMeanY);
    return (
      (w0 > 0 ? family.deviance(0, weightedMeanY, w0) : 0) +
      (w1 > 0 ? family.deviance(1, weightedMeanY, w1) : 0)
    );
  }
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

/** The cluster meats Σ_g S_g S_g' of every cluster set, from the score sums per joint cluster. */
export function clusterMeats(
  scores: Float64Array | null,
  p: number,
  sets: readonly ClusterSet[],
): ClusterMeat[] {
  if (!scores) return [];
  return sets.map((set) => {
    const sums = new Float64Array(set.groups * p);
    for (let g = 0; g < set.ofJoint.length; g++) {
      const to = set.ofJoint[g]! * p;
      const from = g * p;
      for (let a = 0; a < p; a++) sums[to + a]! += scores[from + a]!;
    }
    const meat = new Float64Array(p * p);
    for (let g = 0; g < set.groups; g++) {
      const off = g * p;
      for (let a = 0; a < p; a++) {
        const sa = sums[off + a]!;
        if (sa === 0) continue;
        for (let b = 0; b < p; b++) meat[a * p + b]! += sa * sums[off + b]!;
      }
    }
    return { variables: set.variables, groups: set.groups, meat: Array.from(meat) };
  });
}

/** What the leverage pass gives: the HC2/HC3 meats and the per-row scores, when asked and possible. */
export interface LeverageStatistics {
  readonly meatHC2: Float64Array | null;
  readonly meatHC3: Float64Array | null;
  readonly note: string | null;
  readonly scores: Float64Array | null;
}

/**
 * One pass at the converged β with the bread B = (X'WX)⁻¹: the leverage hᵢ = Wᵢ xᵢ'Bxᵢ of each
 * row (Wᵢ the working weight) for the HC2/HC3 meats Σ sᵢsᵢ'/(1 − hᵢ)^k, and the per-row scores
 * sᵢ for Newey–West. On compressed patterns the leverage is exact when the prior weights within
 * each pattern are equal (then every row of a pattern has the same h); otherwise HC2/HC3 are
 * unavailable and `note` says why.
 */
export function leveragePass(
  data: EngineData,
  family: Family,
  beta: Float64Array,
  bread: Float64Array,
  patterns: PatternStatistics | null,
  want: { readonly leverage: boolean; readonly scores: boolean },
): LeverageStatistics {
  const { design, y, weights, offset, p } = data;
  const hc2 = want.leverage ? new Float64Array(p * p) : null;
  const hc3 = want.leverage ? new Float64Array(p * p) : null;
  const scores = want.scores && !patterns ? new Float64Array(design.n * p) : null;
  const cols = new Int32Array(p + 1);
  const vals = new Float64Array(p + 1);
  let note: string | null = null;
  let lev = want.leverage;
  for (let i = 0; i < design.n; i++) {
    const k = packedRowEntries(design, i, cols, vals);
    let eta = offset ? offset[i]! : 0;
    for (let a = 0; a < k; a++) eta += vals[a]! * beta[cols[a]!]!;
    const mu = family.linkinv(eta);
    const me = family.muEta(eta);
    const v = family.variance(mu);
    const g = me / v;
    let w: number;
    let w2r2: number;
    let wr: number;
    if (patterns) {
      const sw = patterns.sw[i]!;
      const count = patterns.count[i]!;
      if (sw === 0) continue;
      w = sw / count;
      // Equal weights within the pattern: Σw² = (Σw)²/count.
      if (Math.abs(patterns.sw2[i]! * count - sw * sw) > 1e-9 * sw * sw) {
        note = 'prior weights differ within a compressed covariate pattern; refit with compress: false';
        break;
      }
      w2r2 = patterns.sw2y2[i]! - 2 * mu * patterns.sw2y[i]! + mu * mu * patterns.sw2[i]!;
      wr = patterns.swy[i]! - mu * sw;
    } else {
      w = weights ? weights[i]! : 1;
      if (w === 0) continue;
      const r = y[i]! - mu;
      wr = w * r;
      w2r2 = wr * wr;
    }
    if (scores) {
      const off = i * p;
      for (let a = 0; a < k; a++) scores[off + cols[a]!]! += g * wr * vals[a]!;
    }
    if (!lev || !hc2 || !hc3) continue;
    let q = 0;
    for (let a = 0; a < k; a++) {
      const row = cols[a]! * p;
      let s = 0;
      for (let b = 0; b < k; b++) s += bread[row + cols[b]!]! * vals[b]!;
      q += vals[a]! * s;
    }
    const h = w * ((me * me) / v) * q;
    if (!(h < 1 - 1e-10)) {
      note = `row ${i + 1} of the estimation rows has leverage ${h.toPrecision(6)} (1 means the row alone determines a coefficient), so HC2/HC3 are undefined`;
      lev = false;
      continue;
    }
    const m2 = g * g * w2r2;
    const f2 = m2 / (1 - h);
    const f3 = m2 / ((1 - h) * (1 - h));
    for (let a = 0; a < k; a++) {
      const row = cols[a]! * p;
      const va = vals[a]!;
      for (let b = 0; b < k; b++) {
        const x = va * vals[b]!;
        hc2[row + cols[b]!]! += f2 * x;
        hc3[row + cols[b]!]! += f3 * x;
      }
    }
  }
  if (note !== null) return { meatHC2: null, meatHC3: null, note, scores };
  return { meatHC2: hc2, meatHC3: hc3, note: want.leverage ? null : 'leverage: false', scores };
}
