import { type DataInput, type Frame, toFrame } from '../data/frame.js';
import { DataError } from '../errors.js';
import { vcovOf } from '../inference/tidy.js';
import { type Design, encodeDesign, maxRowEntries, rowEntries } from './design.js';
import { getFamily } from './family.js';
import { type PlanFit, predictRows } from './predict-kernel.js';
import { resolveThreads } from './run-engine.js';
import type { GlmFit, Prediction, PredictOptions } from './types.js';

/** Where a fit's predictions are evaluated: the estimation rows, or new data checked for missing values. */
export interface EvaluationData {
  readonly frame: Frame;
  readonly keep: Int32Array | null;
}

/** Check new data for the columns and complete values a fit needs; returns its frame. */
export function evaluationData(fit: GlmFit, newdata: DataInput | Frame): EvaluationData {
  const frame = toFrame(newdata);
  const needed = new Set<string>();
  for (const t of fit.layout.terms) for (const p of t.parts) needed.add(p.column);
  if (fit.options.offset) needed.add(fit.options.offset);
  for (const name of needed) {
    const col = frame.column(name);
    const i = col.kind === 'numeric' ? firstNonFinite(col.values) : firstNegative(col.codes);
    if (i >= 0) {
      throw new DataError(
        'missing-value',
        `new data: column '${name}' is missing or not finite at row ${i + 1}; predictions need a value`,
        { column: name, row: i + 1 },
      );
    }
  }
  return { frame, keep: null };
}

/** Index of the first NaN or infinite value, −1 when none (integer typed arrays hold none: not scanned). */
function firstNonFinite(v: ArrayLike<number>): number {
  if (v instanceof Float64Array) return firstNonFinite64(v);
  if (v instanceof Float32Array) return firstNonFinite32(v);
  if (ArrayBuffer.isView(v)) return -1;
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) return i;
  return -1;
}

function firstNonFinite64(v: Float64Array): number {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) return i;
  return -1;
}

function firstNonFinite32(v: Float32Array): number {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) return i;
  return -1;
}

/** Index of the first missing (negative) factor code, −1 when none (unsigned codes hold none: not scanned). */
function firstNegative(c: ArrayLike<number>): number {
  if (c instanceof Uint8Array || c instanceof Uint16Array || c instanceof Uint32Array) return -1;
  if (c instanceof Int16Array) return firstNegative16(c);
  if (c instanceof Int8Array) return firstNegative8(c);
  for (let i = 0; i < c.length; i++) if (c[i]! < 0) return i;
  return -1;
}

function firstNegative16(c: Int16Array): number {
  for (let i = 0; i < c.length; i++) if (c[i]! < 0) return i;
  return -1;
}

function firstNegative8(c: Int8Array): number {
  for (let i = 0; i < c.length; i++) if (c[i]! < 0) return i;
  return -1;
}

/** The map from full design columns to estimated ones (aliased columns dropped). */
export function columnMap(fit: GlmFit): Int32Array | null {
  if (fit.aliased.length === 0) return null;
  const dropped = new Set(fit.aliased);
  let k = 0;
  return Int32Array.from(fit.layout.columnNames, (name) => (dropped.has(name) ? -1 : k++));
}

/** Offset values for evaluation rows (zeros when the fit has none). */
export function offsetValues(fit: GlmFit, data: EvaluationData): ArrayLike<number> | null {
  const name = fit.options.offset;
  if (!name) return null;
  const col = data.frame.column(name);
  if (col.kind !== 'numeric')
    throw new DataError('invalid-value', `offset column '${name}' must be numeric`, { column: name });
  if (!data.keep) return col.values;
  return Float64Array.from(data.keep, (i) => col.values[i]!);
}

/** Linear predictor η = Xβ + offset for every row of a design. */
export function linearPredictor(
  design: Design,
  colMap: Int32Array | null,
  beta: ArrayLike<number>,
  offset: ArrayLike<number> | null,
): Float64Array {
  const eta = new Float64Array(design.n);
  const cols = new Int32Array(maxRowEntries(design));
  const vals = new Float64Array(cols.length);
  for (let i = 0; i < design.n; i++) {
    const k = rowEntries(design, i, cols, vals, colMap);
    let e = offset ? offset[i]! : 0;
    for (let a = 0; a < k; a++) e += vals[a]! * beta[cols[a]!]!;
    eta[i] = e;
  }
  return eta;
}

/** The parts of a fit the direct linear predictor needs. */
export function planFit(fit: GlmFit): PlanFit {
  return {
    layout: fit.layout,
    coefficients: fit.coefficients,
    aliased: fit.aliased,
    offset: fit.options.offset ?? null,
  };
}

/** Predictions on the link or response scale with delta-method standard errors (R's `predict.glm(se.fit = TRUE)`). */
export function predictFit(fit: GlmFit, data: EvaluationData, options: PredictOptions = {}): Prediction {
  const type = options.type ?? 'response';
  if (type !== 'response' && type !== 'link')
    throw new DataError('invalid-value', `predict type must be 'response' or 'link', not '${String(type)}'`);
  const family = getFamily(fit.family);
  if (!options.se) {
    // No standard errors: η straight from the columns, in row blocks (no encoded design).
    const n = data.keep ? data.keep.length : data.frame.nrows;
    const threads = resolveThreads(fit.options.threads ?? 'auto', n);
    const values = predictRows(planFit(fit), data.frame, data.keep, fit.family, type === 'response', threads);
    return { fit: values, se: null };
  }
  const design = encodeDesign(data.frame, fit.layout, data.keep);
  const colMap = columnMap(fit);
  const eta = linearPredictor(design, colMap, fit.coefficients, offsetValues(fit, data));
  let se: Float64Array | null = null;
  {
    const p = fit.terms.length;
    const v = vcovOf(fit, options.vcov).matrix;
    se = new Float64Array(design.n);
    const cols = new Int32Array(maxRowEntries(design));
    const vals = new Float64Array(cols.length);
    for (let i = 0; i < design.n; i++) {
      const k = rowEntries(design, i, cols, vals, colMap);
      let q = 0;
      for (let a = 0; a < k; a++) {
        const row = cols[a]! * p;
        for (let b = 0; b < k; b++) q += vals[a]! * vals[b]! * v[row + cols[b]!]!;
      }
      se[i] = Math.sqrt(q);
    }
  }
  if (type === 'link') return { fit: eta, se };
  const mu = eta.map((e) => family.linkinv(e));
  if (se) for (let i = 0; i < se.length; i++) se[i] = se[i]! * Math.abs(family.muEta(eta[i]!));
  return { fit: mu, se };
}
