import { DataError } from '../errors.js';
import type { SynthContext } from './context.js';
import type { MissingPredictorValue } from './predictors.js';
import type { SynthTime } from './read-panel.js';
import { meanSquareScaled, powerOfTwoScale, rootMeanSquare, sampleSd } from './scale.js';
import { simplexLeastSquares } from './simplex-least-squares.js';
import { RIDGE, type SynthProblem, solveW } from './v-loss.js';
import { searchV, type VSearchStart } from './v-search.js';

/** One row of the predictor balance table (raw, unstandardised scale). */
export interface BalanceRow {
  readonly predictor: string;
  readonly treated: number;
  readonly synthetic: number;
  /** Simple mean over all donors. */
  readonly donorMean: number;
}

/** A soft finding about a fit: reported, never hidden. */
export interface SynthDiagnostic {
  /**
   * `'mspe-out-of-range'`: the outcome is so large (about 1e154 and up) or small that its squares
   * overflow or underflow: `lossV` and the V-search losses are Infinity or 0 (or lose digits), while
   * weights, V, series, gaps and RMSPEs are exact.
   */
  readonly code: 'outside-hull' | 'poor-pre-fit' | 'fragile-v' | 'kkt-violation' | 'mspe-out-of-range';
  readonly message: string;
}

/** How V was found. */
export interface VSearchReport {
  /** Best pre-period MSPE over the loss window. */
  readonly loss: number;
  /** Number of starting points whose local search reached the best loss (within `tolerance`). */
  readonly startsAtBest: number;
  readonly tolerance: number;
  readonly starts: readonly VSearchStart[];
  readonly evaluations: number;
}

/** A fitted synthetic control: plain data (round-trips through JSON). */
export interface SynthFit {
  readonly outcome: string;
  readonly treated: readonly string[];
  readonly treatmentTime: SynthTime;
  /** Donor units (sorted) and their weights (non-negative, summing to 1). */
  readonly donors: readonly string[];
  readonly weights: readonly number[];
  /** Predictor names (in the order given) and their V weights (summing to 1); `null` without predictors. */
  readonly predictors: readonly string[];
  readonly v: readonly number[] | null;
  /** `'search'` (nested optimisation), `'fixed'` (given or a single predictor) or `'none'` (no predictors). */
  readonly vMethod: 'search' | 'fixed' | 'none';
  readonly vSearch: VSearchReport | null;
  readonly times: readonly SynthTime[];
  readonly treatedSeries: readonly number[];
  readonly syntheticSeries: readonly number[];
  /** treated − synthetic, per time. */
  readonly gap: readonly number[];
  /** Times whose outcome MSPE was minimised. */
  readonly lossTimes: readonly SynthTime[];
  /** Pre-period MSPE over `lossTimes` (the loss V minimises). */
  readonly lossV: number;
  /** Standardised predictor loss (X1 − X0 w)'V(X1 − X0 w); 0 without predictors. */
  readonly lossW: number;
  /** RMSPE over all pre-treatment times, over all post times, and post/pre. */
  readonly preRmspe: number;
  readonly postRmspe: number;
  readonly rmspeRatio: number;
  readonly balance: readonly BalanceRow[];
  /** Covariate values skipped in window means, for the treated and donor units. */
  readonly missing: readonly MissingPredictorValue[];
  /** KKT violation of the final weight problem (relative; ≤ 1e-9 is optimal). */
  readonly kktViolation: number;
  readonly diagnostics: readonly SynthDiagnostic[];
}

/**
 * The V search sees the outcome times a power of two that puts its largest absolute pre-period
 * value (treated and donors, loss window) in [Z_LEVEL, 2·Z_LEVEL). W and V do not depend on the
 * outcome's unit, but the search's steps do (its loss is a sum of squares); 256 is the order of
 * the outcome the steps were tuned on (Prop 99's packs per capita, which it leaves bit for bit as
 * they were). A power of two is exact, so data that differ by a power of two take exactly the
 * same path; 1e300 or 1e-300 outcomes no longer overflow or underflow.
 */
const Z_LEVEL = 256;

/**
 * Two powers of two whose product takes max |z| into [Z_LEVEL, 2·Z_LEVEL), applied one after the
 * other so that even subnormal outcomes can be lifted without the factor itself overflowing.
 */
function outcomeScale(z1: Float64Array, z0: Float64Array): { pow2: number; rest: number } {
  let m = 0;
  for (const z of z1) m = Math.max(m, Math.abs(z));
  for (const z of z0) m = Math.max(m, Math.abs(z));
  if (!(m > 0)) return { pow2: 1, rest: 1 };
  return { pow2: powerOfTwoScale([m]), rest: Z_LEVEL };
}

/** Fit one synthetic control from a context; `treated` and `donors` index `context.units`. */
export function fitSynth(ctx: SynthContext, treated: readonly number[], donors: readonly number[]): SynthFit {
  const nT = ctx.times.length;
  const nU = ctx.units.length;
  const k = ctx.predictorNames.length;
  const J = donors.length;
  const T0 = ctx.treatmentIndex;
  // Canonical predictor order (by name) so the answer cannot depend on the order given.
  const order = ctx.predictorNames
    .map((_, m) => m)
    .sort((a, b) => cmp(ctx.predictorNames[a]!, ctx.predictorNames[b]!));
  const rawX1 = new Float64Array(k);
  const rawX0 = new Float64Array(k * J);
  const X1 = new Float64Array(k);
  const X0 = new Float64Array(k * J);
  order.forEach((m, r) => {
    let t = 0;
    for (const u of treated) t += ctx.x[m * nU + u]!;
    rawX1[r] = t / treated.length;
    donors.forEach((d, j) => {
      rawX0[r * J + j] = ctx.x[m * nU + d]!;
    });
    const sd = sampleSd(rawX0.subarray(r * J, (r + 1) * J), rawX1[r]!);
    if (!(donorRange(rawX0.subarray(r * J, (r + 1) * J)) > 0) || !(sd > 0)) {
      throw new DataError(
        'zero-variance',
        `predictor '${ctx.predictorNames[m]}' takes the same value for every donor, so it cannot weigh donors; drop it`,
      );
    }
    X1[r] = rawX1[r]! / sd;
    for (let j = 0; j < J; j++) X0[r * J + j] = rawX0[r * J + j]! / sd;
  });
  const L = ctx.lossIndex.length;
  const Z1 = new Float64Array(L);
  const Z0 = new Float64Array(L * J);
  const treatedSeries = new Array<number>(nT).fill(0);
  for (let t = 0; t < nT; t++) {
    let s = 0;
    for (const u of treated) s += ctx.y[u * nT + t]!;
    treatedSeries[t] = s / treated.length;
  }
  ctx.lossIndex.forEach((t, i) => {
    Z1[i] = treatedSeries[t]!;
    donors.forEach((d, j) => {
      Z0[i * J + j] = ctx.y[d * nT + t]!;
    });
  });
  // The V search works on the outcome in a fixed range (see Z_LEVEL); squared quantities are
  // brought back to the user's units at the end (Infinity or 0 only where a double cannot hold them).
  const zs = outcomeScale(Z1, Z0);
  for (let i = 0; i < L; i++) Z1[i] = Z1[i]! * zs.pow2 * zs.rest;
  for (let i = 0; i < Z0.length; i++) Z0[i] = Z0[i]! * zs.pow2 * zs.rest;
  const unscaleSquare = (x: number) => x / zs.rest / zs.rest / zs.pow2 / zs.pow2;
  const problem: SynthProblem = { k, J, T: L, X0, X1, Z0, Z1 };

  let w: Float64Array;
  let vCanon: Float64Array | null = null;
  let vSearch: VSearchReport | null = null;
  let kkt: number;
  let lossW = 0;
  let vMethod: SynthFit['vMethod'];
  if (k === 0) {
    vMethod = 'none';
    let diag = 0;
    for (let i = 0; i < Z0.length; i++) diag += Z0[i]! * Z0[i]!;
    const sol = simplexLeastSquares(Z0, L, J, Z1, { ridge: (RIDGE * diag) / J });
    w = sol.w;
    kkt = sol.kktViolation;
  } else if (k === 1 || ctx.v) {
    vMethod = 'fixed';
    vCanon = new Float64Array(k);
    if (ctx.v) {
      const total = ctx.v.reduce((a, b) => a + b, 0);
      order.forEach((m, r) => {
        vCanon![r] = ctx.v![m]! / total;
      });
    } else vCanon[0] = 1;
    const sol = solveW(problem, vCanon);
    w = sol.w;
    kkt = sol.kktViolation;
    lossW = sol.lossW;
  } else {
    vMethod = 'search';
    const res = searchV(
      problem,
      order.map((m) => ctx.predictorNames[m]!),
      ctx.vStarts,
    );
    w = res.solution.w;
    vCanon = res.v;
    kkt = res.solution.kktViolation;
    lossW = res.solution.lossW;
    vSearch = {
      loss: unscaleSquare(res.loss),
      startsAtBest: res.startsAtBest,
      tolerance: res.tolerance,
      starts: res.starts.map((st) => ({ ...st, loss: unscaleSquare(st.loss) })),
      evaluations: res.evaluations,
    };
  }
  const weights = Array.from(w, (x) => Math.max(x, 0));
  const syntheticSeries = new Array<number>(nT).fill(0);
  for (let t = 0; t < nT; t++) {
    let s = 0;
    donors.forEach((d, j) => {
      if (weights[j]! > 0) s += weights[j]! * ctx.y[d * nT + t]!;
    });
    syntheticSeries[t] = s;
  }
  const gap = treatedSeries.map((y, t) => y - syntheticSeries[t]!);
  const preRmspe = rootMeanSquare(gap.slice(0, T0));
  const postRmspe = rootMeanSquare(gap.slice(T0));
  const lossGap = ctx.lossIndex.map((t) => gap[t]!);
  const lossScale = powerOfTwoScale(lossGap);
  const scaledLoss = meanSquareScaled(lossGap, lossScale);
  const lossV = scaledLoss / lossScale / lossScale;
  const v = vCanon ? ctx.predictorNames.map((_, m) => vCanon![order.indexOf(m)]!) : null;
  const balance: BalanceRow[] = ctx.predictorNames.map((name, m) => {
    const r = order.indexOf(m);
    let synth = 0;
    let mean = 0;
    for (let j = 0; j < J; j++) {
      synth += weights[j]! * rawX0[r * J + j]!;
      mean += rawX0[r * J + j]!;
    }
    return { predictor: name, treated: rawX1[r]!, synthetic: synth, donorMean: mean / J };
  });
  const unitSet = new Set([...treated, ...donors].map((u) => ctx.units[u]!));
  const fit: SynthFit = {
    outcome: ctx.outcome,
    treated: treated.map((u) => ctx.units[u]!),
    treatmentTime: ctx.times[T0]!,
    donors: donors.map((d) => ctx.units[d]!),
    weights,
    predictors: [...ctx.predictorNames],
    v,
    vMethod,
    vSearch,
    times: [...ctx.times],
    treatedSeries,
    syntheticSeries,
    gap,
    lossTimes: ctx.lossIndex.map((t) => ctx.times[t]!),
    lossV,
    lossW,
    preRmspe,
    postRmspe,
    rmspeRatio: preRmspe > 0 ? postRmspe / preRmspe : Number.POSITIVE_INFINITY,
    balance,
    missing: ctx.missing.filter((m) => unitSet.has(m.unit)),
    kktViolation: kkt,
    diagnostics: [],
  };
  const diagnostics = diagnose(fit, ctx, treatedSeries, donors, rawX0, rawX1, order);
  if (scaledLoss > 0 && !(lossV >= Number.MIN_VALUE * 2 ** 52 && lossV < Number.POSITIVE_INFINITY)) {
    diagnostics.push({
      code: 'mspe-out-of-range',
      message: `the pre-period MSPE (lossV, vSearch losses) cannot be held in a double at this outcome scale and is reported as ${lossV}; the RMSPE ${preRmspe.toPrecision(4)} (pre), weights and V are exact. Divide the outcome by a power of ten to see the MSPE`,
    });
  }
  return { ...fit, diagnostics };
}

function diagnose(
  fit: SynthFit,
  ctx: SynthContext,
  treatedSeries: readonly number[],
  donors: readonly number[],
  rawX0: Float64Array,
  rawX1: Float64Array,
  order: readonly number[],
): SynthDiagnostic[] {
  const out: SynthDiagnostic[] = [];
  const J = donors.length;
  const nT = ctx.times.length;
  const outsideP: string[] = [];
  order.forEach((m, r) => {
    const row = rawX0.subarray(r * J, (r + 1) * J);
    if (rawX1[r]! > Math.max(...row) || rawX1[r]! < Math.min(...row)) outsideP.push(ctx.predictorNames[m]!);
  });
  const outsideT: SynthTime[] = [];
  for (let t = 0; t < ctx.treatmentIndex; t++) {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const d of donors) {
      const y = ctx.y[d * nT + t]!;
      if (y < lo) lo = y;
      if (y > hi) hi = y;
    }
    if (treatedSeries[t]! > hi || treatedSeries[t]! < lo) outsideT.push(ctx.times[t]!);
  }
  if (outsideP.length > 0 || outsideT.length > 0) {
    const parts: string[] = [];
    if (outsideP.length > 0) parts.push(`predictors ${outsideP.join(', ')}`);
    if (outsideT.length > 0)
      parts.push(`the outcome in ${outsideT.length} of ${ctx.treatmentIndex} pre-periods`);
    out.push({
      code: 'outside-hull',
      message: `the treated unit lies outside the donors' range for ${parts.join(' and ')}: no convex combination can match it there`,
    });
  }
  let level = 0;
  for (let t = 0; t < ctx.treatmentIndex; t++) level += Math.abs(treatedSeries[t]!);
  level /= ctx.treatmentIndex;
  if (fit.preRmspe > ctx.poorFitThreshold * level) {
    out.push({
      code: 'poor-pre-fit',
      message: `pre-period RMSPE ${fit.preRmspe.toPrecision(4)} exceeds ${ctx.poorFitThreshold} × the treated mean level ${level.toPrecision(4)}: the synthetic control does not reproduce the treated unit before treatment`,
    });
  }
  if (fit.vSearch && fit.vSearch.startsAtBest < 2 && fit.vSearch.starts.length > 1) {
    out.push({
      code: 'fragile-v',
      message: `only ${fit.vSearch.startsAtBest} of ${fit.vSearch.starts.length} starting points reached the best V; the optimum may be fragile`,
    });
  }
  if (fit.kktViolation > 1e-6) {
    out.push({
      code: 'kkt-violation',
      message: `the weight problem's KKT violation is ${fit.kktViolation.toExponential(2)}`,
    });
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function donorRange(x: Float64Array): number {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of x) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi - lo;
}
