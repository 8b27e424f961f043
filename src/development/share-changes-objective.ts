import { dataRow, type Frame } from '../data/frame.js';
import { groupCodes } from '../data/select.js';
import { DataError } from '../errors.js';
import { getFamily } from '../glm/family.js';
import { planFit } from '../glm/predict.js';
import { type PlanFit, PREDICT_BLOCK, planLinearPredictor } from '../glm/predict-kernel.js';
import type { GlmFit } from '../glm/types.js';
import type { FeatureGroup } from './share-changes-groups.js';

/**
 * The households of one actualisation year, read once: each row's municipality (index into the
 * municipality codes) and its norm amount. Internal to the share-change explanation.
 */
export interface HouseholdYear {
  readonly label: string;
  readonly frame: Frame;
  /** Municipality index (into the codes of the explanation) of each row. */
  readonly municipality: Int32Array;
  /** Households per municipality. */
  readonly count: Float64Array;
  readonly norm: ArrayLike<number>;
}

/** The coefficients of one budget year: both fits and their inverse links. */
export interface Coefficients {
  readonly volume: GlmFit;
  readonly price: GlmFit;
}

/** Read a year's households: municipality of every row (each a known code) and a positive, finite norm. */
export function readHouseholdYear(
  frame: Frame,
  label: string,
  municipalityColumn: string,
  normColumn: string,
  index: ReadonlyMap<string, number>,
  where: string,
): HouseholdYear {
  if (frame.nrows === 0) {
    throw new DataError('empty', `${where}: the households of ${label} have no rows`, {
      column: municipalityColumn,
    });
  }
  const { keys, codes } = groupCodes(frame, municipalityColumn);
  const toIndex = keys.map((k) => index.get(k) ?? -1);
  const municipality = new Int32Array(frame.nrows);
  const count = new Float64Array(index.size);
  for (let i = 0; i < frame.nrows; i++) {
    const m = toIndex[codes[i]!]!;
    if (m < 0) {
      throw new DataError(
        'unknown-unit',
        `${where}: household row ${dataRow(frame, i)} of ${label} is in municipality '${keys[codes[i]!]}', which is not in that year's municipalities; map the households and the municipalities to one classification`,
        { column: municipalityColumn, row: dataRow(frame, i) },
      );
    }
    municipality[i] = m;
    count[m]!++;
  }
  const norm = frame.column(normColumn);
  if (norm.kind !== 'numeric') {
    throw new DataError(
      'invalid-value',
      `${where}: norm column '${normColumn}' of ${label} must be numeric`,
      {
        column: normColumn,
      },
    );
  }
  for (let i = 0; i < frame.nrows; i++) {
    const v = norm.values[i]!;
    if (!(v > 0 && v < Number.POSITIVE_INFINITY)) {
      throw new DataError(
        Number.isNaN(v) ? 'missing-value' : 'out-of-range',
        `${where}: norm amount '${normColumn}' of ${label} is ${v} at row ${dataRow(frame, i)}; every household needs a positive, finite normbedrag`,
        { column: normColumn, row: dataRow(frame, i) },
      );
    }
  }
  return { label, frame, municipality, count, norm: norm.values };
}

/**
 * A plan of the part of η that one group's terms contribute: the fit's coefficients with every
 * other coefficient (the intercept too) set to 0, and no offset.
 */
function groupPlan(fit: GlmFit, terms: ReadonlySet<string>): PlanFit {
  const layout = fit.layout;
  const inGroup = new Uint8Array(layout.columnNames.length);
  for (const t of layout.terms) {
    if (!terms.has(t.label)) continue;
    for (let c = 0; c < t.columnNames.length; c++) inGroup[t.firstColumn + c] = 1;
  }
  const dropped = new Set(fit.aliased);
  const coefficients: number[] = [];
  let k = 0;
  layout.columnNames.forEach((name, c) => {
    if (dropped.has(name)) return;
    coefficients.push(inGroup[c] ? fit.coefficients[k]! : 0);
    k++;
  });
  return { layout, coefficients, aliased: fit.aliased, offset: null };
}

/** Σ over each municipality's households of η (full η of `plan`), per municipality. */
function etaSums(plan: PlanFit, year: HouseholdYear, size: number): Float64Array {
  const sums = new Float64Array(size);
  const eta = new Float64Array(PREDICT_BLOCK);
  const p = planLinearPredictor(plan, year.frame, null);
  const n = year.frame.nrows;
  for (let b0 = 0; b0 < n; b0 += PREDICT_BLOCK) {
    const b1 = Math.min(n, b0 + PREDICT_BLOCK);
    p.block(b0, b1, eta);
    for (let i = b0; i < b1; i++) sums[year.municipality[i]!]! += eta[i - b0]!;
  }
  return sums;
}

/**
 * Per group and municipality, the shift of the mean linear predictor from the old to the new year's
 * households under the same coefficients: δ_{g,i} = mean_{h∈new_i} η_g(h) − mean_{h∈old_i} η_g(h), for the
 * volume and the price model (0 where a municipality has no households in one of the years).
 */
export function groupShifts(
  coefficients: Coefficients,
  groups: readonly FeatureGroup[],
  old: HouseholdYear,
  next: HouseholdYear,
  size: number,
): { volume: Float64Array[]; price: Float64Array[] } {
  const shift = (fit: GlmFit) =>
    groups.map((g) => {
      const plan = groupPlan(fit, new Set(g.terms));
      const a = etaSums(plan, old, size);
      const b = etaSums(plan, next, size);
      return Float64Array.from(a, (sumOld, i) => {
        const nOld = old.count[i]!;
        const nNew = next.count[i]!;
        return nOld > 0 && nNew > 0 ? b[i]! / nNew - sumOld / nOld : 0;
      });
    });
  return { volume: shift(coefficients.volume), price: shift(coefficients.price) };
}

/** η of both models for every household of a year (kept, so many shifted predictions can reuse them). */
export interface LinearPredictors {
  readonly volume: Float64Array;
  readonly price: Float64Array;
}

export function linearPredictors(coefficients: Coefficients, year: HouseholdYear): LinearPredictors {
  const all = (fit: GlmFit) => {
    const n = year.frame.nrows;
    const out = new Float64Array(n);
    const p = planLinearPredictor(planFit(fit), year.frame, null);
    for (let b0 = 0; b0 < n; b0 += PREDICT_BLOCK) {
      p.block(b0, Math.min(n, b0 + PREDICT_BLOCK), out.subarray(b0));
    }
    return out;
  };
  return { volume: all(coefficients.volume), price: all(coefficients.price) };
}

/**
 * Predicted spending per municipality, PB_i = weight_i · Σ_{h∈i} μ_v(η_v,h + Δv_i) · μ_p(η_p,h + Δp_i) ·
 * norm_h (DOMAIN B.3), from the households' linear predictors and per-municipality shifts (null: none).
 */
export function spendingOf(
  coefficients: Coefficients,
  year: HouseholdYear,
  eta: LinearPredictors,
  weight: ArrayLike<number>,
  shiftVolume: ArrayLike<number> | null,
  shiftPrice: ArrayLike<number> | null,
): Float64Array {
  const invV = getFamily(coefficients.volume.family).linkinv;
  const invP = getFamily(coefficients.price.family).linkinv;
  const size = weight.length;
  const sums = new Float64Array(size);
  const n = year.frame.nrows;
  for (let i = 0; i < n; i++) {
    const m = year.municipality[i]!;
    const ev = eta.volume[i]! + (shiftVolume ? shiftVolume[m]! : 0);
    const ep = eta.price[i]! + (shiftPrice ? shiftPrice[m]! : 0);
    sums[m]! += invV(ev) * invP(ep) * year.norm[i]!;
  }
  for (let m = 0; m < size; m++) sums[m] = sums[m]! * weight[m]!;
  return sums;
}
