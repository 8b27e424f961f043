import type { Column, FactorColumn, Frame } from '../data/frame.js';
import { DataError } from '../errors.js';
import type { DesignLayout } from './design.js';

/**
 * The linear predictor η = Xβ + offset straight from a frame's columns, in row blocks, without
 * encoding the design (no per-term n-long index arrays, no per-row entry lists): each term adds
 * its coefficient, looked up by factor code, times its numeric value to a block of η. The sum
 * per row runs in the same order as {@link rowEntries} does (offset, intercept, then the terms
 * in order), so η is the same number as the encoded path's.
 *
 * A plan holds only views of the frame's columns and small tables (code → coefficient), so it can
 * be rebuilt in a worker thread from the same columns in shared memory ({@link PlanSource}).
 * @internal
 */

/** Rows per block: the block's η and scratch stay in L1/L2 cache. */
export const PREDICT_BLOCK = 4096;

/** One factor part of a term: its codes and the code → dummy position table (shifted by one: slot 0 is code −1). */
interface FactorPart {
  readonly column: string;
  readonly codes: ArrayLike<number>;
  readonly levels: readonly string[];
  /** pos[code + 1]: dummy position, −1 the reference level, −2 a level (or missing code) the model does not know. */
  readonly pos: Int32Array;
  readonly stride: number;
}

/** One term, ready to add to η. */
interface TermPlan {
  readonly numeric: readonly ArrayLike<number>[];
  readonly factors: readonly FactorPart[];
  /** A term without factors: its coefficient (0 when dropped as aliased). */
  readonly coef: number;
  /** A term with one factor: coefficient by code + 1 (0 for the reference or an aliased dummy, NaN for an unknown level). */
  readonly byCode: Float64Array | null;
  /** A term with several factors: coefficient by combined dummy index (0 when aliased). */
  readonly byIndex: Float64Array | null;
}

/** What {@link planLinearPredictor} needs of a fit. */
export interface PlanFit {
  readonly layout: DesignLayout;
  /** Estimated coefficients (aliased columns left out). */
  readonly coefficients: ArrayLike<number>;
  /** Names of design columns dropped as aliased. */
  readonly aliased: readonly string[];
  readonly offset: string | null;
}

/** A linear predictor over the rows of a frame (optionally a selection `keep` of them). */
export interface EtaPlan {
  readonly n: number;
  /** η for rows [from, to) into out[0 .. to − from). Throws a DataError for a missing value or unknown level. */
  block(from: number, to: number, out: Float64Array): void;
}

function isTyped(a: ArrayLike<number>): a is Float64Array {
  return ArrayBuffer.isView(a);
}

/** Copy values [from, to) (or rows keep[from..to)) of `src` into `dst` (native typed-array conversion where it can). */
function gather(
  src: ArrayLike<number>,
  from: number,
  to: number,
  keep: Int32Array | null,
  dst: Float64Array | Int32Array,
): void {
  if (!keep && isTyped(src)) {
    dst.set(src.subarray(from, to));
    return;
  }
  for (let r = from; r < to; r++) dst[r - from] = src[keep ? keep[r]! : r]!;
}

function asFactor(col: Column): FactorColumn | null {
  if (col.kind === 'factor') return col;
  if (!col.logical) return null;
  const n = col.values.length;
  const codes = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    const v = col.values[i]!;
    codes[i] = Number.isNaN(v) ? -1 : v ? 1 : 0;
  }
  return { kind: 'factor', name: col.name, codes, levels: ['false', 'true'] };
}

/** Full coefficient vector over the layout's columns (0 where a column was dropped as aliased). */
function fullCoefficients(fit: PlanFit): Float64Array {
  const names = fit.layout.columnNames;
  const full = new Float64Array(names.length);
  const dropped = new Set(fit.aliased);
  let k = 0;
  for (let c = 0; c < names.length; c++) if (!dropped.has(names[c]!)) full[c] = fit.coefficients[k++]!;
  return full;
}

/**
 * Plan η = Xβ + offset for the rows of `frame` (or its rows `keep`) under a fit's layout. Checks
 * column kinds here (a numeric column must still be numeric, a factor still a factor); values are
 * checked per block as η is computed (a non-finite η sends the block through {@link diagnose}).
 */
export function planLinearPredictor(fit: PlanFit, frame: Frame, keep: Int32Array | null): EtaPlan {
  const layout = fit.layout;
  const beta = fullCoefficients(fit);
  const intercept = layout.intercept ? beta[0]! : 0;
  const terms: TermPlan[] = layout.terms.map((term) => {
    const numeric: ArrayLike<number>[] = [];
    const factors: FactorPart[] = [];
    let stride = 1;
    for (const part of term.parts) {
      const col = frame.column(part.column);
      if (part.kind === 'numeric') {
        if (col.kind !== 'numeric') {
          throw new DataError(
            'invalid-value',
            `column '${part.column}' must be numeric, as it was when the model was fit`,
            { column: part.column },
          );
        }
        numeric.push(col.values);
        continue;
      }
      const f = asFactor(col);
      if (!f) {
        throw new DataError(
          'invalid-value',
          `column '${part.column}' must be categorical, as it was when the model was fit`,
          { column: part.column },
        );
      }
      const coding = layout.factors[part.column]!;
      const dummy = new Map(coding.dummies.map((l, k) => [l, k]));
      const pos = new Int32Array(f.levels.length + 1).fill(-2);
      f.levels.forEach((lvl, code) => {
        if (lvl === coding.reference) pos[code + 1] = -1;
        else if (dummy.has(lvl)) pos[code + 1] = dummy.get(lvl)!;
      });
      factors.push({ column: part.column, codes: f.codes, levels: f.levels, pos, stride });
      stride *= coding.dummies.length;
    }
    const first = term.firstColumn;
    let byCode: Float64Array | null = null;
    let byIndex: Float64Array | null = null;
    if (factors.length === 1) {
      const pos = factors[0]!.pos;
      byCode = Float64Array.from(pos, (p) => (p === -2 ? Number.NaN : p === -1 ? 0 : beta[first + p]!));
    } else if (factors.length > 1) {
      byIndex = beta.slice(first, first + stride);
    }
    return { numeric, factors, coef: factors.length === 0 ? beta[first]! : 0, byCode, byIndex };
  });
  let offset: ArrayLike<number> | null = null;
  if (fit.offset) {
    const col = frame.column(fit.offset);
    if (col.kind !== 'numeric')
      throw new DataError('invalid-value', `offset column '${fit.offset}' must be numeric`, {
        column: fit.offset,
      });
    offset = col.values;
  }
  const values = new Float64Array(PREDICT_BLOCK);
  const scratch = new Float64Array(PREDICT_BLOCK);
  const codes = new Int32Array(PREDICT_BLOCK);
  const index = new Int32Array(PREDICT_BLOCK);
  const n = keep ? keep.length : frame.nrows;

  /** Product of a term's numeric parts into `values` (left to right, as the encoded design multiplies). */
  const numericProduct = (t: TermPlan, from: number, to: number): Float64Array | null => {
    if (t.numeric.length === 0) return null;
    gather(t.numeric[0]!, from, to, keep, values);
    const m = to - from;
    for (let k = 1; k < t.numeric.length; k++) {
      gather(t.numeric[k]!, from, to, keep, scratch);
      for (let j = 0; j < m; j++) values[j] = values[j]! * scratch[j]!;
    }
    return values;
  };

  const block = (from: number, to: number, out: Float64Array): void => {
    const m = to - from;
    // As the encoded path sums a row: the offset (or 0), then 1 × the intercept, then the terms.
    if (offset) {
      gather(offset, from, to, keep, scratch);
      for (let j = 0; j < m; j++) out[j] = scratch[j]! + intercept;
    } else {
      for (let j = 0; j < m; j++) out[j] = 0 + intercept;
    }
    for (let t = 0; t < terms.length; t++) {
      const term = terms[t]!;
      if (term.factors.length === 0 && term.numeric.length === 1 && !keep) {
        // The common term: one numeric column (a 0/1 indicator, a regional share), read in place.
        addNumeric(term.numeric[0]!, from, m, term.coef, out);
        continue;
      }
      const v = numericProduct(term, from, to);
      if (term.byCode) {
        const table = term.byCode;
        const src = term.factors[0]!.codes;
        if (!v && !keep && src instanceof Uint8Array) addByCodeU8(src, from, m, table, out);
        else if (!v && !keep && src instanceof Int16Array) addByCodeI16(src, from, m, table, out);
        else {
          gather(src, from, to, keep, codes);
          if (v) for (let j = 0; j < m; j++) out[j] = out[j]! + table[codes[j]! + 1]! * v[j]!;
          else for (let j = 0; j < m; j++) out[j] = out[j]! + table[codes[j]! + 1]!;
        }
      } else if (term.byIndex) {
        index.fill(0, 0, m);
        for (const f of term.factors) {
          gather(f.codes, from, to, keep, codes);
          const pos = f.pos;
          const stride = f.stride;
          for (let j = 0; j < m; j++) {
            const p = pos[codes[j]! + 1]!;
            const i = index[j]!;
            // −1: a reference level already (stays); −3: unknown level seen (stays).
            index[j] = i < 0 ? i : p === -2 ? -3 : p === -1 ? -1 : i + p * stride;
          }
        }
        const table = term.byIndex;
        for (let j = 0; j < m; j++) {
          const i = index[j]!;
          if (i === -1) continue;
          const b = i === -3 ? Number.NaN : table[i]!;
          out[j] = out[j]! + (v ? b * v[j]! : b);
        }
      } else if (v) {
        const b = term.coef;
        for (let j = 0; j < m; j++) out[j] = out[j]! + v[j]! * b;
      }
    }
    for (let j = 0; j < m; j++) {
      if (!Number.isFinite(out[j]!)) diagnose(fit, terms, offset, keep, from + j);
    }
  };
  return { n, block };
}

/**
 * Why η of row r (0-based, after `keep`) is not finite: a missing or non-finite value or a level
 * the model does not know is a DataError naming the column and the 1-based data row. An η that
 * overflowed from finite values is returned as it is (as the encoded path returns it).
 */
function diagnose(
  fit: PlanFit,
  terms: readonly TermPlan[],
  offset: ArrayLike<number> | null,
  keep: Int32Array | null,
  r: number,
): void {
  const i = keep ? keep[r]! : r;
  const missing = (column: string) =>
    new DataError(
      'missing-value',
      `new data: column '${column}' is missing or not finite at row ${i + 1}; predictions need a value`,
      { column, row: i + 1 },
    );
  fit.layout.terms.forEach((term, t) => {
    const plan = terms[t]!;
    let k = 0;
    for (const part of term.parts) {
      if (part.kind !== 'numeric') continue;
      if (!Number.isFinite(plan.numeric[k++]![i]!)) throw missing(part.column);
    }
    for (const f of plan.factors) {
      const code = f.codes[i]!;
      if (code < 0) throw missing(f.column);
      if (f.pos[code + 1] === -2) {
        const coding = fit.layout.factors[f.column]!;
        throw new DataError(
          'invalid-value',
          `column '${f.column}' row ${i + 1} has level '${f.levels[code] ?? code}', which the model does not know; known levels: ${coding.levels.join(', ')}`,
          { column: f.column, row: i + 1 },
        );
      }
    }
  });
  if (offset && !Number.isFinite(offset[i]!)) throw missing(fit.offset!);
}

// One loop per storage type, each seeing a single typed-array type (monomorphic loads): the
// generator's indicators are bytes, its regional columns float32, its factor codes bytes or int16.

function addNumeric(src: ArrayLike<number>, from: number, m: number, b: number, out: Float64Array): void {
  if (src instanceof Uint8Array) addU8(src, from, m, b, out);
  else if (src instanceof Float32Array) addF32(src, from, m, b, out);
  else if (src instanceof Float64Array) addF64(src, from, m, b, out);
  else for (let j = 0; j < m; j++) out[j] = out[j]! + src[from + j]! * b;
}

function addU8(src: Uint8Array, from: number, m: number, b: number, out: Float64Array): void {
  for (let j = 0; j < m; j++) out[j] = out[j]! + src[from + j]! * b;
}

function addF32(src: Float32Array, from: number, m: number, b: number, out: Float64Array): void {
  for (let j = 0; j < m; j++) out[j] = out[j]! + src[from + j]! * b;
}

function addF64(src: Float64Array, from: number, m: number, b: number, out: Float64Array): void {
  for (let j = 0; j < m; j++) out[j] = out[j]! + src[from + j]! * b;
}

function addByCodeU8(src: Uint8Array, from: number, m: number, table: Float64Array, out: Float64Array): void {
  for (let j = 0; j < m; j++) out[j] = out[j]! + table[src[from + j]! + 1]!;
}

function addByCodeI16(
  src: Int16Array,
  from: number,
  m: number,
  table: Float64Array,
  out: Float64Array,
): void {
  for (let j = 0; j < m; j++) out[j] = out[j]! + table[src[from + j]! + 1]!;
}

/** η for every row of a plan, block by block. */
export function linearPredictorOf(
  plan: EtaPlan,
  from = 0,
  to = plan.n,
  out = new Float64Array(to - from),
): Float64Array {
  for (let b0 = from; b0 < to; b0 += PREDICT_BLOCK) {
    const b1 = Math.min(to, b0 + PREDICT_BLOCK);
    plan.block(b0, b1, out.subarray(b0 - from, b1 - from));
  }
  return out;
}
