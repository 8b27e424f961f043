import { choleskyScaled, choleskySolve } from '../linalg/symmetric.js';
import type { OnesPatterns } from './ones-patterns.js';

/**
 * The hot IRLS pass for the logit link (binomial, quasibinomial) and the identity link
 * (gaussian), one function over typed arrays: the same code runs on the main thread and in the
 * pass workers (src/glm/parallel.ts) over shared memory. Probit and anything else use the
 * generic `irlsBlock`.
 *
 * Accumulates the (unfolded) X'WX into `xtwx` and X'Wz into `xtwz` for rows [from, to);
 * writes [deviance, boundaryRows] into `out`. `beta` null starts from R's μ-start.
 * `link`: 0 = logit, 1 = identity.
 *
 * With `meat` given, the same pass also gathers what the variance estimators need at this β:
 * the HC0 meat Σ sᵢsᵢ' (unfolded), the per-cluster score sums S_g (nClusters·p entries, when
 * `cluster` is given) and, in `fout`, [Pearson χ², deviance, Σw, Σwy, Σ log w]. IRLS asks for
 * them on the pass it expects to be the last, so a converged fit needs no extra pass.
 *
 * With `scoreOnly`, `xtwz` receives the score X'W(z − η + offset) = Σ xᵢ wᵢ (yᵢ − μᵢ)/μ'(ηᵢ) and
 * nothing else is accumulated: the gradient for a step with an approximate Hessian (it needs `beta`).
 *
 * With `patterns` (rows in few ones patterns) the same sums are gathered per pattern: {@link accumulatePatternBlock}.
 */
export function accumulateBlock(
  link: number,
  p: number,
  from: number,
  to: number,
  onesPtr: Int32Array,
  onesCol: Uint16Array,
  valsPtr: Int32Array,
  valsCol: Uint16Array,
  valsVal: Float64Array | Float32Array,
  y: Float64Array,
  weights: Float64Array | null,
  offset: Float64Array | null,
  beta: Float64Array | null,
  xtwx: Float64Array,
  xtwz: Float64Array,
  out: Float64Array,
  cluster: Int32Array | null,
  meat: Float64Array | null,
  clusterSums: Float64Array | null,
  fout: Float64Array | null,
  scoreOnly = false,
  patterns: OnesPatterns | null = null,
): void {
  if (patterns !== null) {
    accumulatePatternBlock(
      link,
      p,
      from,
      to,
      patterns,
      valsPtr,
      valsCol,
      valsVal,
      y,
      weights,
      offset,
      beta,
      xtwx,
      xtwz,
      out,
      cluster,
      meat,
      clusterSums,
      fout,
      scoreOnly,
    );
    return;
  }
  const EPS = 2.220446049250313e-16;
  const LOG_EPS = Math.log(EPS);
  if (scoreOnly) {
    const b = beta!;
    // The score alone, straight from the packed rows: for the logit (canonical) link
    // wᵢ(zᵢ − ηᵢ + offsetᵢ) = w0ᵢ(yᵢ − μᵢ), for the identity link w0ᵢ(yᵢ − ηᵢ).
    let dev = 0;
    let bnd = 0;
    for (let i = from; i < to; i++) {
      const w0 = weights === null ? 1 : weights[i]!;
      if (w0 === 0) continue;
      const yi = y[i]!;
      let eta = offset === null ? 0 : offset[i]!;
      const o0 = onesPtr[i]!;
      const o1 = onesPtr[i + 1]!;
      for (let o = o0; o < o1; o++) eta += b[onesCol[o]!]!;
      const v0 = valsPtr[i]!;
      const v1 = valsPtr[i + 1]!;
      for (let v = v0; v < v1; v++) eta += valsVal[v]! * b[valsCol[v]!]!;
      let ws: number;
      if (link === 0) {
        const t = eta < -30 ? EPS : eta > 30 ? 1 / EPS : Math.exp(eta);
        const mu = t / (1 + t);
        const lt = eta < -30 ? LOG_EPS : eta > 30 ? -LOG_EPS : eta;
        const h = yi > 0 && yi < 1 ? yi * Math.log(yi) + (1 - yi) * Math.log(1 - yi) : 0;
        dev += 2 * w0 * (h + Math.log1p(t) - yi * lt);
        if ((mu < 1e-8 && yi === 0) || (mu > 1 - 1e-8 && yi === 1)) bnd++;
        // Outside |η| ≤ 30 the main path clamps μ'(η) to EPS; keep its score there too.
        ws = eta < -30 || eta > 30 ? (w0 * EPS * (yi - mu)) / (mu * (1 - mu)) : w0 * (yi - mu);
      } else {
        const r = yi - eta;
        dev += w0 * r * r;
        ws = w0 * r;
      }
      for (let o = o0; o < o1; o++) xtwz[onesCol[o]!]! += ws;
      for (let v = v0; v < v1; v++) xtwz[valsCol[v]!]! += ws * valsVal[v]!;
    }
    out[0] = dev;
    out[1] = bnd;
    return;
  }
  const cols = new Int32Array(p + 1);
  const vals = new Float64Array(p + 1);
  const both = meat === null ? null : new Float64Array(2 * p * p);
  let deviance = 0;
  let boundary = 0;
  let pearson = 0;
  let sumW = 0;
  let sumWy = 0;
  let sumLogW = 0;
  for (let i = from; i < to; i++) {
    const w0 = weights === null ? 1 : weights[i]!;
    if (w0 === 0) continue;
    const yi = y[i]!;
    const off = offset === null ? 0 : offset[i]!;
    let k = 0;
    let eta = off;
    const o1 = onesPtr[i + 1]!;
    for (let o = onesPtr[i]!; o < o1; o++) {
      const c = onesCol[o]!;
      cols[k] = c;
      vals[k++] = 1;
      if (beta !== null) eta += beta[c]!;
    }
    const nOnes = k;
    const v1 = valsPtr[i + 1]!;
    for (let v = valsPtr[i]!; v < v1; v++) {
      const c = valsCol[v]!;
      const x = valsVal[v]!;
      cols[k] = c;
      vals[k++] = x;
      if (beta !== null) eta += x * beta[c]!;
    }
    let w: number;
    let z: number;
    let s = 0;
    if (link === 0) {
      if (beta === null) {
        const m0 = (w0 * yi + 0.5) / (w0 + 1);
        eta = Math.log(m0 / (1 - m0));
      }
      const t = eta < -30 ? EPS : eta > 30 ? 1 / EPS : Math.exp(eta);
      const mu = t / (1 + t);
      const me = eta < -30 || eta > 30 ? EPS : t / ((1 + t) * (1 + t));
      const v = mu * (1 - mu);
      // log μ = log t − log(1 + t) and log(1 − μ) = −log(1 + t): one log1p instead of two logs and a division.
      const lt = eta < -30 ? LOG_EPS : eta > 30 ? -LOG_EPS : eta;
      const h = yi > 0 && yi < 1 ? yi * Math.log(yi) + (1 - yi) * Math.log(1 - yi) : 0;
      deviance += 2 * w0 * (h + Math.log1p(t) - yi * lt);
      if ((mu < 1e-8 && yi === 0) || (mu > 1 - 1e-8 && yi === 1)) boundary++;
      w = (w0 * me * me) / v;
      z = eta - off + (yi - mu) / me;
      if (meat !== null) {
        pearson += (w0 * (yi - mu) * (yi - mu)) / v;
        s = (w0 * (yi - mu) * me) / v;
      }
    } else {
      if (beta === null) eta = yi;
      const r = yi - eta;
      deviance += w0 * r * r;
      w = w0;
      z = eta - off + r;
      if (meat !== null) {
        pearson += w0 * r * r;
        s = w0 * r;
      }
    }
    const wz = w * z;
    if (meat === null) {
      // Entries 0..nOnes−1 are ones: their products need no multiplication.
      for (let a = 0; a < nOnes; a++) {
        const ca = cols[a]!;
        xtwz[ca]! += wz;
        const row = ca * p;
        for (let b = 0; b < a; b++) xtwx[row + cols[b]!]! += w;
        xtwx[row + ca]! += w;
      }
      for (let a = nOnes; a < k; a++) {
        const ca = cols[a]!;
        const va = vals[a]!;
        const wa = w * va;
        xtwz[ca]! += wz * va;
        const row = ca * p;
        for (let b = 0; b < nOnes; b++) xtwx[row + cols[b]!]! += wa;
        for (let b = nOnes; b < a; b++) xtwx[row + cols[b]!]! += wa * vals[b]!;
        xtwx[row + ca]! += wa * va;
      }
      continue;
    }
    sumW += w0;
    sumWy += w0 * yi;
    if (weights !== null) sumLogW += Math.log(w0);
    const ss = s * s;
    const g = cluster === null ? 0 : cluster[i]! * p;
    // As above, ones first: X'WX and the meat add w and s² by index for pairs of ones. Both go
    // into one interleaved scratch (X'WX at 2j, meat at 2j + 1) so each pair touches one cache line.
    for (let a = 0; a < nOnes; a++) {
      const ca = cols[a]!;
      xtwz[ca]! += wz;
      const row = ca * p;
      for (let b = 0; b < a; b++) {
        const at = (row + cols[b]!) << 1;
        both![at]! += w;
        both![at + 1]! += ss;
      }
      const d = (row + ca) << 1;
      both![d]! += w;
      both![d + 1]! += ss;
      if (cluster !== null) clusterSums![g + ca]! += s;
    }
    for (let a = nOnes; a < k; a++) {
      const ca = cols[a]!;
      const va = vals[a]!;
      const wa = w * va;
      const ma = ss * va;
      xtwz[ca]! += wz * va;
      const row = ca * p;
      for (let b = 0; b < nOnes; b++) {
        const at = (row + cols[b]!) << 1;
        both![at]! += wa;
        both![at + 1]! += ma;
      }
      for (let b = nOnes; b < a; b++) {
        const vb = vals[b]!;
        const at = (row + cols[b]!) << 1;
        both![at]! += wa * vb;
        both![at + 1]! += ma * vb;
      }
      const d = (row + ca) << 1;
      both![d]! += wa * va;
      both![d + 1]! += ma * va;
      if (cluster !== null) clusterSums![g + ca]! += s * va;
    }
  }
  if (both !== null) {
    for (let j = 0; j < p * p; j++) {
      xtwx[j]! += both[2 * j]!;
      meat![j]! += both[2 * j + 1]!;
    }
  }
  out[0] = deviance;
  out[1] = boundary;
  if (fout !== null) {
    fout[0] = pearson;
    fout[1] = deviance;
    fout[2] = sumW;
    fout[3] = sumWy;
    fout[4] = sumLogW;
  }
}

/**
 * Fit the GLM on a (sub)sample with Newton steps, for a warm start (in a pass worker while the
 * main thread packs the design): loose, since the subsample's MLE is only a starting point. Starts from R's μ-start, halves
 * steps that raise the deviance, and stops when the largest relative coefficient change is below
 * 1e-5. Returns [β, X'WX at β (folded), Σ prior weights], or null when X'WX is not positive
 * definite, the fit does not settle in `maxIterations`, or rows sit on the boundary (μ = y ∈ {0, 1}).
 */
export function warmStartFit(
  link: number,
  p: number,
  n: number,
  onesPtr: Int32Array,
  onesCol: Uint16Array,
  valsPtr: Int32Array,
  valsCol: Uint16Array,
  valsVal: Float64Array | Float32Array,
  y: Float64Array,
  weights: Float64Array | null,
  offset: Float64Array | null,
  maxIterations: number,
  patterns: OnesPatterns | null = null,
): [Float64Array, Float64Array, number] | null {
  const xtwx = new Float64Array(p * p);
  const xtwz = new Float64Array(p);
  const out = new Float64Array(2);
  const pass = (b: Float64Array | null): number => {
    xtwx.fill(0);
    xtwz.fill(0);
    accumulateBlock(
      link,
      p,
      0,
      n,
      onesPtr,
      onesCol,
      valsPtr,
      valsCol,
      valsVal,
      y,
      weights,
      offset,
      b,
      xtwx,
      xtwz,
      out,
      null,
      null,
      null,
      null,
      false,
      patterns,
    );
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < i; j++) {
        const s = xtwx[i * p + j]! + xtwx[j * p + i]!;
        xtwx[i * p + j] = s;
        xtwx[j * p + i] = s;
      }
    }
    return out[0]!;
  };
  // Solve X'WX b = X'Wz by Cholesky on the unit-diagonal scaling; null when not positive definite.
  const solve = (): Float64Array | null => {
    const f = choleskyScaled(xtwx, p, 1e-10);
    return f.aliased.length > 0 ? null : choleskySolve(f, xtwz);
  };
  let beta: Float64Array | null = null;
  let dev = pass(null);
  for (let iter = 0; iter < maxIterations; iter++) {
    let next = solve();
    if (next === null) return null;
    let d = pass(next);
    for (let h = 0; beta !== null && !(d <= dev * (1 + 1e-12) + 1e-12) && h < 30; h++) {
      const prev: Float64Array = beta;
      next = next.map((b, j) => 0.5 * (b + prev[j]!));
      d = pass(next);
    }
    if (!Number.isFinite(d)) return null;
    let step = Number.POSITIVE_INFINITY;
    if (beta !== null) {
      let floor = 0;
      for (let j = 0; j < p; j++) floor = Math.max(floor, Math.abs(next[j]!));
      floor = Math.max(floor * 1e-3, 1e-8);
      step = 0;
      for (let j = 0; j < p; j++)
        step = Math.max(step, Math.abs(next[j]! - beta[j]!) / (Math.abs(next[j]!) + floor));
    }
    beta = next;
    dev = d;
    if (step < 1e-5) {
      if (out[1]! > 0) return null;
      let sw = 0;
      for (let i = 0; i < n; i++) sw += weights === null ? 1 : weights[i]!;
      return [beta, Float64Array.from(xtwx), sw];
    }
  }
  return null;
}

/**
 * {@link accumulateBlock} for a design whose rows fall into few ones patterns (see
 * {@link OnesPatterns}): the same sums, gathered per pattern. Per row it adds the weight (and w·z,
 * s²) to the row's pattern once and each valued entry's w·x to (pattern, column); after the rows
 * every pattern's sums are spread over its pairs of ones and its (value column, one) pairs. η uses
 * Σβ over the pattern's ones, computed once per pattern. Only the sums' order of addition differs
 * from the row-by-row kernel.
 */
export function accumulatePatternBlock(
  link: number,
  p: number,
  from: number,
  to: number,
  pat: OnesPatterns,
  valsPtr: Int32Array,
  valsCol: Uint16Array,
  valsVal: Float64Array | Float32Array,
  y: Float64Array,
  weights: Float64Array | null,
  offset: Float64Array | null,
  beta: Float64Array | null,
  xtwx: Float64Array,
  xtwz: Float64Array,
  out: Float64Array,
  cluster: Int32Array | null,
  meat: Float64Array | null,
  clusterSums: Float64Array | null,
  fout: Float64Array | null,
  scoreOnly: boolean,
): void {
  const EPS = 2.220446049250313e-16;
  const LOG_EPS = Math.log(EPS);
  const P = pat.count;
  const id = pat.id;
  const ptr = pat.ptr;
  const pcol = pat.col;
  const slotOf = pat.slotOf;
  const nvc = pat.valueColumns.length;
  // Σβ over each pattern's ones, in column order (the row kernel's order, from 0).
  const etaOnes = new Float64Array(P);
  if (beta !== null) {
    for (let g = 0; g < P; g++) {
      let e = 0;
      for (let o = ptr[g]!; o < ptr[g + 1]!; o++) e += beta[pcol[o]!]!;
      etaOnes[g] = e;
    }
  }
  const pw = new Float64Array(P);
  const pwz = new Float64Array(P);
  const withMeat = meat !== null && !scoreOnly;
  const pss = withMeat ? new Float64Array(P) : null;
  const pv = scoreOnly ? null : new Float64Array(P * nvc);
  const pvs = withMeat ? new Float64Array(P * nvc) : null;
  let deviance = 0;
  let boundary = 0;
  let pearson = 0;
  let sumW = 0;
  let sumWy = 0;
  let sumLogW = 0;
  for (let i = from; i < to; i++) {
    const w0 = weights === null ? 1 : weights[i]!;
    if (w0 === 0) continue;
    const yi = y[i]!;
    const g = id[i]!;
    const off = offset === null ? 0 : offset[i]!;
    const v0 = valsPtr[i]!;
    const v1 = valsPtr[i + 1]!;
    let eta = off + etaOnes[g]!;
    if (beta !== null) for (let v = v0; v < v1; v++) eta += valsVal[v]! * beta[valsCol[v]!]!;
    if (scoreOnly) {
      let ws: number;
      if (link === 0) {
        const t = eta < -30 ? EPS : eta > 30 ? 1 / EPS : Math.exp(eta);
        const mu = t / (1 + t);
        const lt = eta < -30 ? LOG_EPS : eta > 30 ? -LOG_EPS : eta;
        const h = yi > 0 && yi < 1 ? yi * Math.log(yi) + (1 - yi) * Math.log(1 - yi) : 0;
        deviance += 2 * w0 * (h + Math.log1p(t) - yi * lt);
        if ((mu < 1e-8 && yi === 0) || (mu > 1 - 1e-8 && yi === 1)) boundary++;
        ws = eta < -30 || eta > 30 ? (w0 * EPS * (yi - mu)) / (mu * (1 - mu)) : w0 * (yi - mu);
      } else {
        const r = yi - eta;
        deviance += w0 * r * r;
        ws = w0 * r;
      }
      pwz[g]! += ws;
      for (let v = v0; v < v1; v++) xtwz[valsCol[v]!]! += ws * valsVal[v]!;
      continue;
    }
    let w: number;
    let z: number;
    let s = 0;
    if (link === 0) {
      if (beta === null) {
        const m0 = (w0 * yi + 0.5) / (w0 + 1);
        eta = Math.log(m0 / (1 - m0));
      }
      const t = eta < -30 ? EPS : eta > 30 ? 1 / EPS : Math.exp(eta);
      const mu = t / (1 + t);
      const me = eta < -30 || eta > 30 ? EPS : t / ((1 + t) * (1 + t));
      const v = mu * (1 - mu);
      const lt = eta < -30 ? LOG_EPS : eta > 30 ? -LOG_EPS : eta;
      const h = yi > 0 && yi < 1 ? yi * Math.log(yi) + (1 - yi) * Math.log(1 - yi) : 0;
      deviance += 2 * w0 * (h + Math.log1p(t) - yi * lt);
      if ((mu < 1e-8 && yi === 0) || (mu > 1 - 1e-8 && yi === 1)) boundary++;
      w = (w0 * me * me) / v;
      z = eta - off + (yi - mu) / me;
      if (meat !== null) {
        pearson += (w0 * (yi - mu) * (yi - mu)) / v;
        s = (w0 * (yi - mu) * me) / v;
      }
    } else {
      if (beta === null) eta = yi;
      const r = yi - eta;
      deviance += w0 * r * r;
      w = w0;
      z = eta - off + r;
      if (meat !== null) {
        pearson += w0 * r * r;
        s = w0 * r;
      }
    }
    const wz = w * z;
    pw[g]! += w;
    pwz[g]! += wz;
    const base = g * nvc;
    if (meat === null) {
      for (let a = v0; a < v1; a++) {
        const ca = valsCol[a]!;
        const va = valsVal[a]!;
        const wa = w * va;
        xtwz[ca]! += wz * va;
        pv![base + slotOf[ca]!]! += wa;
        const row = ca * p;
        for (let b = v0; b < a; b++) xtwx[row + valsCol[b]!]! += wa * valsVal[b]!;
        xtwx[row + ca]! += wa * va;
      }
      continue;
    }
    sumW += w0;
    sumWy += w0 * yi;
    if (weights !== null) sumLogW += Math.log(w0);
    const ss = s * s;
    pss![g]! += ss;
    if (cluster !== null) {
      const gc = cluster[i]! * p;
      for (let o = ptr[g]!; o < ptr[g + 1]!; o++) clusterSums![gc + pcol[o]!]! += s;
      for (let a = v0; a < v1; a++) clusterSums![gc + valsCol[a]!]! += s * valsVal[a]!;
    }
    for (let a = v0; a < v1; a++) {
      const ca = valsCol[a]!;
      const va = valsVal[a]!;
      const wa = w * va;
      const ma = ss * va;
      xtwz[ca]! += wz * va;
      const at = base + slotOf[ca]!;
      pv![at]! += wa;
      pvs![at]! += ma;
      const row = ca * p;
      for (let b = v0; b < a; b++) {
        const vb = valsVal[b]!;
        xtwx[row + valsCol[b]!]! += wa * vb;
        meat[row + valsCol[b]!]! += ma * vb;
      }
      xtwx[row + ca]! += wa * va;
      meat[row + ca]! += ma * va;
    }
  }
  // Spread the patterns' sums: X'Wz over the ones, w over the pairs of ones, w·x over (value, one) pairs.
  const cols = pat.valueColumns;
  for (let g = 0; g < P; g++) {
    const o0 = ptr[g]!;
    const o1 = ptr[g + 1]!;
    const W = pw[g]!;
    const WZ = pwz[g]!;
    for (let a = o0; a < o1; a++) {
      const ca = pcol[a]!;
      xtwz[ca]! += WZ;
      if (scoreOnly) continue;
      const row = ca * p;
      for (let b = o0; b < a; b++) xtwx[row + pcol[b]!]! += W;
      xtwx[row + ca]! += W;
      if (pss !== null) {
        const S = pss[g]!;
        for (let b = o0; b < a; b++) meat![row + pcol[b]!]! += S;
        meat![row + ca]! += S;
      }
    }
    if (scoreOnly) continue;
    const base = g * nvc;
    for (let k = 0; k < nvc; k++) {
      const V = pv![base + k]!;
      const M = pvs === null ? 0 : pvs[base + k]!;
      if (V === 0 && M === 0) continue;
      const row = cols[k]! * p;
      for (let b = o0; b < o1; b++) {
        xtwx[row + pcol[b]!]! += V;
        if (pvs !== null) meat![row + pcol[b]!]! += M;
      }
    }
  }
  out[0] = deviance;
  out[1] = boundary;
  if (fout !== null) {
    fout[0] = pearson;
    fout[1] = deviance;
    fout[2] = sumW;
    fout[3] = sumWy;
    fout[4] = sumLogW;
  }
}
