import { tidyRows, vcovOf } from '../inference/tidy.js';
import { type Design, encodeDesign, maxRowEntries, type Override, rowEntries } from './design.js';
import { getFamily } from './family.js';
import { columnMap, type EvaluationData, linearPredictor, offsetValues } from './predict.js';
import type { GlmFit, TidyOptions, TidyRow } from './types.js';

/**
 * Average marginal effects with delta-method standard errors.
 *
 * For a numeric column x: mean over rows of dμ/dx = μ'(η)·∂η/∂x, where ∂η/∂x includes every
 * interaction x takes part in. Because each term is linear in x, ∂X/∂x = X(x = 1) − X(x = 0)
 * exactly. For a categorical column: per non-reference level L, the mean discrete change
 * μ(η | col = L) − μ(η | col = reference) with all other columns at their observed values
 * (Stata `margins, dydx(*)`; R `marginaleffects::avg_slopes`). Rows are weighted by the prior
 * weights, so integer weights equal repeated rows. The gradient G of the averages with respect
 * to β gives Var = G V G'.
 */
export function averageMarginalEffects(
  fit: GlmFit,
  data: EvaluationData,
  options: TidyOptions = {},
): TidyRow[] {
  const family = getFamily(fit.family);
  const p = fit.terms.length;
  const colMap = columnMap(fit);
  const base = encodeDesign(data.frame, fit.layout, data.keep);
  const offset = offsetValues(fit, data);
  const eta = linearPredictor(base, colMap, fit.coefficients, offset);
  const weights = priorWeights(fit, data);
  let sumW = 0;
  for (let i = 0; i < base.n; i++) sumW += weights ? weights[i]! : 1;

  const labels: string[] = [];
  const estimates: number[] = [];
  const gradients: Float64Array[] = [];
  const seen = new Set<string>();
  for (const term of fit.layout.terms) {
    for (const part of term.parts) {
      if (seen.has(part.column)) continue;
      seen.add(part.column);
      if (part.kind === 'numeric') {
        const d1 = encodeDesign(data.frame, fit.layout, data.keep, { column: part.column, numeric: 1 });
        const d0 = encodeDesign(data.frame, fit.layout, data.keep, { column: part.column, numeric: 0 });
        const r = contrast(d1, d0, eta, eta, family, colMap, fit.coefficients, weights, sumW, p, true, base);
        labels.push(part.column);
        estimates.push(r.estimate);
        gradients.push(r.gradient);
      } else {
        const coding = fit.layout.factors[part.column]!;
        const ref: Override = { column: part.column, level: coding.reference };
        const dRef = encodeDesign(data.frame, fit.layout, data.keep, ref);
        const etaRef = linearPredictor(dRef, colMap, fit.coefficients, offset);
        for (const level of coding.dummies) {
          const dL = encodeDesign(data.frame, fit.layout, data.keep, { column: part.column, level });
          const etaL = linearPredictor(dL, colMap, fit.coefficients, offset);
          const r = contrast(
            dL,
            dRef,
            etaL,
            etaRef,
            family,
            colMap,
            fit.coefficients,
            weights,
            sumW,
            p,
            false,
            base,
          );
          labels.push(`${part.column}[${level}]`);
          estimates.push(r.estimate);
          gradients.push(r.gradient);
        }
      }
    }
  }
  const vr = vcovOf(fit, options.vcov);
  const v = vr.matrix;
  const variances = gradients.map((g) => {
    let q = 0;
    for (let a = 0; a < p; a++) {
      if (g[a] === 0) continue;
      for (let b = 0; b < p; b++) q += g[a]! * v[a * p + b]! * g[b]!;
    }
    return q;
  });
  return tidyRows(labels, estimates, variances, vr.df, options.level ?? 0.95);
}

function priorWeights(fit: GlmFit, data: EvaluationData): ArrayLike<number> | null {
  const name = fit.options.weights;
  if (!name || !data.frame.has(name)) return null;
  const col = data.frame.column(name);
  if (col.kind !== 'numeric') return null;
  return data.keep ? Float64Array.from(data.keep, (i) => col.values[i]!) : col.values;
}

/**
 * Weighted mean of μ(η₁) − μ(η₀) (discrete change) or of μ'(η)·(X₁ − X₀)β (derivative),
 * with its gradient in β.
 */
function contrast(
  d1: Design,
  d0: Design,
  eta1: Float64Array,
  eta0: Float64Array,
  family: ReturnType<typeof getFamily>,
  colMap: Int32Array | null,
  beta: readonly number[],
  weights: ArrayLike<number> | null,
  sumW: number,
  p: number,
  derivative: boolean,
  base: Design,
): { estimate: number; gradient: Float64Array } {
  const m = maxRowEntries(base);
  const c1 = new Int32Array(m);
  const v1 = new Float64Array(m);
  const c0 = new Int32Array(m);
  const v0 = new Float64Array(m);
  const cb = new Int32Array(m);
  const vb = new Float64Array(m);
  const grad = new Float64Array(p);
  let est = 0;
  for (let i = 0; i < base.n; i++) {
    const w = weights ? weights[i]! : 1;
    if (w === 0) continue;
    const k1 = rowEntries(d1, i, c1, v1, colMap);
    const k0 = rowEntries(d0, i, c0, v0, colMap);
    if (derivative) {
      let slope = 0;
      for (let a = 0; a < k1; a++) slope += v1[a]! * beta[c1[a]!]!;
      for (let a = 0; a < k0; a++) slope -= v0[a]! * beta[c0[a]!]!;
      const me = family.muEta(eta1[i]!);
      est += w * me * slope;
      const kb = rowEntries(base, i, cb, vb, colMap);
      const s2 = w * family.muEta2(eta1[i]!) * slope;
      for (let a = 0; a < kb; a++) grad[cb[a]!]! += s2 * vb[a]!;
      for (let a = 0; a < k1; a++) grad[c1[a]!]! += w * me * v1[a]!;
      for (let a = 0; a < k0; a++) grad[c0[a]!]! -= w * me * v0[a]!;
    } else {
      est += w * (family.linkinv(eta1[i]!) - family.linkinv(eta0[i]!));
      const m1 = w * family.muEta(eta1[i]!);
      const m0 = w * family.muEta(eta0[i]!);
      for (let a = 0; a < k1; a++) grad[c1[a]!]! += m1 * v1[a]!;
      for (let a = 0; a < k0; a++) grad[c0[a]!]! -= m0 * v0[a]!;
    }
  }
  for (let j = 0; j < p; j++) grad[j] = grad[j]! / sumW;
  return { estimate: est / sumW, gradient: grad };
}
